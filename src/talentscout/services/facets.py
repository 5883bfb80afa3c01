"""Search facets: counts per source, location, current company, skill and years of experience.

Counted inside the database over the very set a query matches (the same compiled ``WHERE`` the search
runs), so a facet count is the number of people the refined query will find. Each value carries the
query-language term that refines the search to it (``source:"LinkedIn"``, ``years:3..5`` …).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Connection, case, func, literal, select

from talentscout.db.search_query import compile_search, prepare_connection
from talentscout.db.tables import experiences, people, person_skills, source_records, sources
from talentscout.domain.permissions import Action, Actor
from talentscout.domain.query import QueryError, parse
from talentscout.services.access import require
from talentscout.services.search import InvalidQuery
from talentscout.services.unit_of_work import Database

TOP = 10
#: (label, query range, lower bound in whole years) — buckets of ``years:`` as the query language reads it
YEAR_BUCKETS = (("0–2", "0..2", 0), ("3–5", "3..5", 3), ("6–10", "6..10", 6), ("11–15", "11..15", 11))
YEAR_LAST = ("16+", "16..", 16)


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int
    refine: str


@dataclass(frozen=True)
class Facets:
    total: int
    source: list[FacetValue]
    location: list[FacetValue]
    company: list[FacetValue]
    skill: list[FacetValue]
    years: list[FacetValue]

    def as_dict(self) -> dict[str, list[FacetValue]]:
        return {
            "source": self.source,
            "location": self.location,
            "company": self.company,
            "skill": self.skill,
            "years": self.years,
        }


def search_facets(db: Database, *, actor: Actor, query: str = "", expand_synonyms: bool = True) -> Facets:
    """Facet counts over the people ``query`` matches (everyone in the workspace for an empty query)."""
    require(actor, Action.VIEW_PEOPLE)
    where = _matched(db, actor, query, expand_synonyms)
    with db.read() as conn:
        prepare_connection(conn)
        total = int(conn.execute(select(func.count()).select_from(people).where(where)).scalar_one())
        return Facets(
            total,
            _source(conn, where),
            _location(conn, where),
            _company(conn, where),
            _skill(conn, where),
            _years(conn, where, db.clock.now().date()),
        )


def _matched(db: Database, actor: Actor, query: str, expand_synonyms: bool) -> ColumnElement[bool]:
    if not query.strip():
        return people.c.workspace_id == actor.workspace_id
    try:
        tree = parse(query, expand_synonyms=expand_synonyms)
    except QueryError as error:
        raise InvalidQuery(error.message, error.position) from None
    today = db.clock.now().date()
    return compile_search(tree, dialect=db.dialect, workspace_id=actor.workspace_id, today=today).where


def _top(conn: Connection, value: ColumnElement[Any], where: ColumnElement[bool], joins: Any) -> list[Any]:
    n = func.count(func.distinct(people.c.id)).label("n")
    query = (
        select(value.label("value"), n)
        .select_from(joins)
        .where(where, value.is_not(None), value != "")
        .group_by(value)
        .order_by(n.desc(), value)
        .limit(TOP)
    )
    return list(conn.execute(query).all())


def _quoted(field: str, value: str) -> str:
    return f'{field}:"{" ".join(value.replace(chr(34), " ").split())}"'


def _source(conn: Connection, where: ColumnElement[bool]) -> list[FacetValue]:
    joins = people.join(source_records, source_records.c.person_id == people.c.id).join(
        sources, sources.c.id == source_records.c.source_id
    )
    rows = _top(conn, sources.c.name, where, joins)
    return [FacetValue(r.value, int(r.n), _quoted("source", r.value)) for r in rows]


def _location(conn: Connection, where: ColumnElement[bool]) -> list[FacetValue]:
    rows = _top(conn, people.c.city, where, people)
    return [FacetValue(r.value, int(r.n), _quoted("location", r.value)) for r in rows]


def _company(conn: Connection, where: ColumnElement[bool]) -> list[FacetValue]:
    rows = _top(conn, people.c.current_employer, where, people)
    return [FacetValue(r.value, int(r.n), _quoted("company", r.value)) for r in rows]


def _skill(conn: Connection, where: ColumnElement[bool]) -> list[FacetValue]:
    label = func.coalesce(person_skills.c.canonical_label, person_skills.c.name)
    rows = _top(conn, label, where, people.join(person_skills, person_skills.c.person_id == people.c.id))
    return [FacetValue(r.value, int(r.n), _quoted("skill", r.value)) for r in rows]


def _years(conn: Connection, where: ColumnElement[bool], today: date) -> list[FacetValue]:
    """People by whole years since their earliest job start, in the buckets ``years:`` reads."""
    first = (
        select(experiences.c.person_id, func.min(experiences.c.start_date).label("first"))
        .where(experiences.c.start_date.is_not(None))
        .group_by(experiences.c.person_id)
        .subquery("first_job")
    )
    bounds = [*YEAR_BUCKETS[1:], YEAR_LAST]
    bucket = case(
        *((first.c.first > _before(today, low), literal(i)) for i, (_, _, low) in enumerate(bounds)),
        else_=literal(len(bounds)),
    ).label("bucket")
    n = func.count().label("n")
    rows = conn.execute(
        select(bucket, n)
        .select_from(people.join(first, first.c.person_id == people.c.id))
        .where(where)
        .group_by(bucket)
    ).all()
    counts = {int(r.bucket): int(r.n) for r in rows}
    labelled = [*YEAR_BUCKETS, YEAR_LAST]
    return [
        FacetValue(label, counts[i], f"years:{refine}")
        for i, (label, refine, _) in enumerate(labelled)
        if counts.get(i)
    ]


def _before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)
