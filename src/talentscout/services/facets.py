"""Search facets: counts per source, location, current company, skill and years of experience.

Counted inside the database over the very set a query matches (the same compiled ``WHERE`` the search
runs), so a facet count is the number of people the refined query will find. Each value carries the
query-language term that refines the search to it (``source:"LinkedIn"``, ``years:3..5`` …).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import CTE, ColumnElement, Select, case, func, literal, select, union_all

from talentscout.db.search_query import compile_search, prepare_connection
from talentscout.db.tables import experiences, people, person_skills, source_records, sources
from talentscout.domain.permissions import Action, Actor
from talentscout.domain.query import QueryError, parse
from talentscout.services.access import require
from talentscout.services.search import InvalidQuery
from talentscout.services.unit_of_work import Database

TOP = 10
#: facets are counted over at most this many matches, most recently updated first (all, below it)
CAP = 10_000
#: (label, query range, lower bound in whole years) — buckets of ``years:`` as the query language reads it
YEAR_BUCKETS = (("0–2", "0..2", 0), ("3–5", "3..5", 3), ("6–10", "6..10", 6), ("11–15", "11..15", 11))
YEAR_LAST = ("16+", "16..", 16)
_FIELDS = {"source": "source", "location": "location", "company": "company", "skill": "skill"}


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int
    refine: str


@dataclass(frozen=True)
class Facets:
    """``total``: everyone the query matches; ``counted``: how many of them the counts cover (all of
    them, or the ``CAP`` most recently updated when there are more)."""

    total: int
    counted: int
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
    """Facet counts over the people ``query`` matches (everyone in the workspace for an empty query).

    One statement: the matches (at most ``CAP``, the most recently updated) are materialised once and
    every facet is grouped from them.
    """
    require(actor, Action.VIEW_PEOPLE)
    matches, count = _matches(db, actor, query, expand_synonyms)
    matched = matches.cte("matched").prefix_with("MATERIALIZED")
    with db.read() as conn:
        prepare_connection(conn)
        total = int(conn.execute(count).scalar_one())
        rows = conn.execute(union_all(*_branches(matched, db.clock.now().date()))).all()
    found: dict[str, list[FacetValue]] = {name: [] for name in (*_FIELDS, "years")}
    for facet, value, n in rows:
        found[facet].append(FacetValue(value, int(n), _refine(facet, value)))
    found["years"].sort(key=lambda v: _YEAR_ORDER[v.value])
    return Facets(total, min(total, CAP), **found)


def _matches(
    db: Database, actor: Actor, query: str, expand_synonyms: bool
) -> tuple[Select[Any], Select[Any]]:
    """The ids of the ``CAP`` most recently updated matches, and the statement counting all matches."""
    where = _where(db, actor, query, expand_synonyms)
    latest = people.c.updated_at.desc(), people.c.id.desc()
    ids = select(people.c.id.label("id")).where(where).order_by(*latest).limit(CAP)
    return ids, select(func.count()).select_from(people).where(where)


def _where(db: Database, actor: Actor, query: str, expand_synonyms: bool) -> ColumnElement[bool]:
    if not query.strip():
        return people.c.workspace_id == actor.workspace_id
    try:
        tree = parse(query, expand_synonyms=expand_synonyms)
    except QueryError as error:
        raise InvalidQuery(error.message, error.position) from None
    today = db.clock.now().date()
    return compile_search(tree, dialect=db.dialect, workspace_id=actor.workspace_id, today=today).where


def _branches(matched: CTE, today: date) -> list[Select[Any]]:
    person = matched.c.id
    skill = func.coalesce(person_skills.c.canonical_label, person_skills.c.name)
    grouped = [
        (
            "source",
            sources.c.name,
            matched.join(source_records, source_records.c.person_id == person).join(
                sources, sources.c.id == source_records.c.source_id
            ),
        ),
        ("location", people.c.city, matched.join(people, people.c.id == person)),
        ("company", people.c.current_employer, matched.join(people, people.c.id == person)),
        ("skill", skill, matched.join(person_skills, person_skills.c.person_id == person)),
    ]
    out = [_top(name, value, joins, person) for name, value, joins in grouped]
    return [*out, _years(matched, today)]


def _top(name: str, value: ColumnElement[Any], joins: Any, person: ColumnElement[Any]) -> Select[Any]:
    n = func.count(func.distinct(person)).label("n")
    top = (
        select(literal(name).label("facet"), value.label("value"), n)
        .select_from(joins)
        .where(value.is_not(None), value != "")
        .group_by(value)
        .order_by(n.desc(), value)
        .limit(TOP)
        .subquery(f"top_{name}")
    )
    return select(top.c.facet, top.c.value, top.c.n)


def _years(matched: CTE, today: date) -> Select[Any]:
    """People by whole years since their earliest job start, in the buckets ``years:`` reads."""
    first = (
        select(experiences.c.person_id, func.min(experiences.c.start_date).label("first"))
        .where(experiences.c.start_date.is_not(None), experiences.c.person_id.in_(select(matched.c.id)))
        .group_by(experiences.c.person_id)
        .subquery("first_job")
    )
    labels = [label for label, _, _ in (*YEAR_BUCKETS, YEAR_LAST)]
    lows = [low for _, _, low in (*YEAR_BUCKETS[1:], YEAR_LAST)]
    bucket = case(
        *(
            (first.c.first > _before(today, low), literal(label))
            for label, low in zip(labels, lows, strict=False)
        ),
        else_=literal(labels[-1]),
    )
    counted = (
        select(literal("years").label("facet"), bucket.label("value"), func.count().label("n"))
        .select_from(first)
        .group_by(bucket)
        .subquery("top_years")
    )
    return select(counted.c.facet, counted.c.value, counted.c.n)


_YEAR_ORDER = {label: i for i, (label, _, _) in enumerate((*YEAR_BUCKETS, YEAR_LAST))}
_YEAR_RANGE = {label: refine for label, refine, _ in (*YEAR_BUCKETS, YEAR_LAST)}


def _refine(facet: str, value: str) -> str:
    if facet == "years":
        return f"years:{_YEAR_RANGE[value]}"
    return f'{_FIELDS[facet]}:"{" ".join(value.replace(chr(34), " ").split())}"'


def _before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)
