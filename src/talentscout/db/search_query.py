"""A parsed recruiter query (``talentscout.domain.query``) as SQL over ``people``, on SQLite and PostgreSQL.

Free text goes to the full-text index: SQLite's FTS5 table ``people_fts`` (``MATCH``, ranked by
``bm25``); on PostgreSQL ``to_tsquery`` over the folded document ``pg_document(people.search_text)``
(ranked by ``ts_rank``). Neither database ever sees the user's text: every word is first folded and
split by ``domain.query.words`` (as FTS5's unicode61 tokenizer does), then written into the FTS5 /
tsquery syntax by this module, quoted. PostgreSQL's document is folded the same way (``pg_document``)
so that ``jose`` finds ``José`` on both databases.

Fields are SQL on the person and child tables, matched word by word the same way: ``title:"backend
engineer"`` matches a title containing those two words in a row (``ts_match`` on SQLite — a Python
function registered by ``prepare_connection`` — and a tsquery on the folded column on PostgreSQL).

Every condition is two-valued (never NULL), so ``NOT`` of a field includes people without that field.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    FromClause,
    and_,
    bindparam,
    column,
    exists,
    false,
    func,
    literal_column,
    not_,
    or_,
    select,
    table,
)
from sqlalchemy.sql.elements import KeyedColumnElement

from talentscout.db.search import FTS_TABLE
from talentscout.db.tables import (
    educations,
    experiences,
    people,
    person_skills,
    source_records,
    sources,
    tags,
)
from talentscout.domain.places import distance_km
from talentscout.domain.query import (
    And,
    Expansion,
    Field,
    FieldTerm,
    Near,
    Node,
    Not,
    Or,
    Term,
    YearsRange,
    expand,
    leaves,
    words,
)
from talentscout.domain.query.words import FOLDING

__all__ = ["CompiledSearch", "compile_search", "pg_document", "prepare_connection"]

_fts = table(FTS_TABLE, column("rowid"), column(FTS_TABLE))
_SIMPLE: ColumnElement[str] = literal_column("'simple'")


@dataclass(frozen=True)
class CompiledSearch:
    """``select(...).select_from(source).where(where).order_by(*order_by)`` lists the matches, best
    first; ``where`` alone (on ``people``) counts them."""

    where: ColumnElement[bool]
    source: FromClause
    order_by: tuple[ColumnElement[Any], ...]
    ranked: bool


def compile_search(node: Node, *, dialect: str, workspace_id: int, today: date) -> CompiledSearch:
    """Compile ``node`` for ``dialect`` ("sqlite" or "postgresql"), scoped to ``workspace_id``.

    ``today`` anchors ``years:``. On SQLite, run the statement on a connection passed through
    ``prepare_connection`` first.
    """
    compiler = _Compiler(dialect == "sqlite", today)
    where = and_(people.c.workspace_id == workspace_id, compiler.node(node))
    recency = (people.c.updated_at.desc(), people.c.id.desc())
    phrases = [
        p for leaf, negated in leaves(node) if isinstance(leaf, Term) and not negated for p in _ranked(leaf)
    ]
    if not phrases:
        return CompiledSearch(where, people, recency, ranked=False)
    query = _Fts(compiler.sqlite).any_of(phrases)
    if compiler.sqlite:
        score = select(_fts.c.rowid, func.bm25(literal_column(FTS_TABLE)).label("score"))
        ranks = score.where(_fts.c[FTS_TABLE].bool_op("MATCH")(bindparam(None, query))).subquery("ranks")
        source = people.outerjoin(ranks, ranks.c.rowid == people.c.id)
        return CompiledSearch(where, source, (ranks.c.score.asc().nulls_last(), *recency), ranked=True)
    rank = func.ts_rank(pg_document(people.c.search_text), _tsquery(query))
    return CompiledSearch(where, people, (rank.desc(), *recency), ranked=True)


def _ranked(term: Term) -> list[tuple[tuple[str, ...], bool]]:
    expansion = expand(None, term.text)
    return [(phrase, expansion.prefix) for phrase in expansion.phrases]


# --- the full-text index ------------------------------------------------------------------------


class _Fts:
    """Writes word sequences in FTS5 or tsquery syntax. Words are letters and digits only."""

    def __init__(self, sqlite: bool) -> None:
        self.sqlite = sqlite

    def phrase(self, phrase: tuple[str, ...], prefix: bool) -> str:
        if self.sqlite:
            return '"' + " ".join(phrase) + '"' + ("*" if prefix else "")
        quoted = [f"'{unicodedata.normalize('NFD', word)}'" for word in phrase]
        if prefix:
            quoted[-1] += ":*"
        return " <-> ".join(quoted)

    def any_of(self, phrases: list[tuple[tuple[str, ...], bool]]) -> str:
        parts = list(dict.fromkeys(self.phrase(p, prefix) for p, prefix in phrases))
        return parts[0] if len(parts) == 1 else "(" + (" OR " if self.sqlite else " | ").join(parts) + ")"

    def tree(self, node: Node) -> str:
        """A tree that ``only`` accepted, as one full-text query."""
        if isinstance(node, Term):
            expansion = expand(None, node.text)
            return self.any_of([(p, expansion.prefix) for p in expansion.phrases])
        if isinstance(node, Not):
            return f"!({self.tree(node.child)})"
        assert isinstance(node, And | Or)
        if isinstance(node, Or):
            return "(" + (" OR " if self.sqlite else " | ").join(self.tree(c) for c in node.children) + ")"
        if not self.sqlite:
            return "(" + " & ".join(self.tree(c) for c in node.children) + ")"
        query = "(" + " AND ".join(self.tree(c) for c in node.children if not isinstance(c, Not)) + ")"
        for child in node.children:
            if isinstance(child, Not):  # FTS5's NOT is binary: "a NOT b"
                query = f"({query} NOT {self.tree(child.child)})"
        return query

    def only(self, node: Node, *, in_and: bool = False) -> bool:
        """Whether the full-text index answers ``node`` alone, in one query: terms (other than skills
        named by symbols) under AND, OR and NOT — on SQLite, a NOT only beside a positive term."""
        if isinstance(node, Term):
            return expand(None, node.text).skill_id is None
        if isinstance(node, Not):
            return (in_and or not self.sqlite) and self.only(node.child)
        if isinstance(node, Or):
            return all(self.only(c) for c in node.children)
        if isinstance(node, And):
            positive = not self.sqlite or any(not isinstance(c, Not) for c in node.children)
            return positive and all(self.only(c, in_and=True) for c in node.children)
        return False


def _tsquery(query: str) -> ColumnElement[Any]:
    return func.to_tsquery(_SIMPLE, bindparam(None, query))


def pg_document(text: ColumnElement[Any]) -> ColumnElement[Any]:
    """The tsvector PostgreSQL searches: ``text`` folded by the steps of ``words.FOLDING``.

    Built from ``lower``, ``regexp_replace`` and ``normalize`` only (all immutable, no extension), with
    the constants written into the statement, so an index on exactly this expression over
    ``people.search_text`` is used by the planner (see docs/query-language.md, "PostgreSQL index").
    Words compared with it must be decomposed first (``_Fts.phrase``).
    """
    marks = FOLDING.marks + "+"
    text = _regexp_replace(func.lower(text), marks, "")
    text = _regexp_replace(text, FOLDING.separators + "+", " ")
    text = _regexp_replace(func.normalize(text, literal_column("NFD")), "([a-z])" + marks, "\\1")
    return func.to_tsvector(_SIMPLE, _regexp_replace(text, "ς", "σ"))


def _regexp_replace(text: ColumnElement[Any], pattern: str, replacement: str) -> ColumnElement[Any]:
    return func.regexp_replace(text, _sql_string(pattern), _sql_string(replacement), _sql_string("g"))


def _sql_string(value: str) -> ColumnElement[str]:
    """A constant written into the statement (an expression index only matches literal text)."""
    return literal_column("'" + value.replace("'", "''") + "'")


# --- one node at a time -------------------------------------------------------------------------


class _Compiler:
    def __init__(self, sqlite: bool, today: date) -> None:
        self.sqlite = sqlite
        self.today = today
        self.fts = _Fts(sqlite)

    def node(self, node: Node) -> ColumnElement[bool]:
        if self.fts.only(node):
            return self.full_text(self.fts.tree(node))
        if isinstance(node, And):
            return and_(*(self.node(c) for c in node.children))
        if isinstance(node, Or):
            return or_(*(self.node(c) for c in node.children))
        if isinstance(node, Not):
            return not_(self.node(node.child))
        if isinstance(node, Term):
            return self.term(node)
        if isinstance(node, FieldTerm):
            return self.field(node.field, expand(node.field, node.text))
        if isinstance(node, YearsRange):
            return self.years(node)
        return self.near(node)

    def full_text(self, query: str) -> ColumnElement[bool]:
        if self.sqlite:
            match = _fts.c[FTS_TABLE].bool_op("MATCH")(bindparam(None, query))
            return people.c.id.in_(select(_fts.c.rowid).where(match))
        return pg_document(people.c.search_text).bool_op("@@")(_tsquery(query))

    def term(self, term: Term) -> ColumnElement[bool]:
        """A free term whose skill cannot be found by its words (``C++``): the skill, or its other names."""
        expansion = expand(None, term.text)
        options = [self._has_skill(person_skills.c.canonical_id == expansion.skill_id)]
        if expansion.phrases:
            options.append(
                self.full_text(self.fts.any_of([(p, expansion.prefix) for p in expansion.phrases]))
            )
        return or_(*options)

    def matches(self, value: KeyedColumnElement[Any], expansion: Expansion) -> ColumnElement[bool]:
        """``value`` (a text column) contains one of the expansion's phrases, word by word."""
        if not expansion.phrases:
            return false()
        text = func.coalesce(value, "")
        if self.sqlite:
            return func.ts_match(text, _pattern(expansion)) == 1
        query = self.fts.any_of([(p, expansion.prefix) for p in expansion.phrases])
        return pg_document(text).bool_op("@@")(_tsquery(query))

    def field(self, field: Field, e: Expansion) -> ColumnElement[bool]:
        if field is Field.TITLE:
            return self.matches(people.c.current_title, e)
        if field is Field.NAME:
            return self.matches(people.c.display_name, e)
        if field is Field.COMPANY:
            current = self._has_experience(experiences.c.is_current.is_(True), e)
            return or_(self.matches(people.c.current_employer, e), current)
        if field is Field.PASTCOMPANY:
            return self._has_experience(experiences.c.is_current.is_(False), e)
        if field is Field.SCHOOL:
            return exists().where(educations.c.person_id == people.c.id, self.matches(educations.c.school, e))
        if field is Field.TAG:
            return exists().where(tags.c.person_id == people.c.id, self.matches(tags.c.tag, e))
        if field is Field.SKILL:
            return self._skill(e)
        if field is Field.LOCATION:
            return self._location(e)
        return self._source(e)

    def _has_experience(self, when: ColumnElement[bool], e: Expansion) -> ColumnElement[bool]:
        employer = self.matches(experiences.c.employer, e)
        return exists().where(experiences.c.person_id == people.c.id, when, employer)

    def _has_skill(self, condition: ColumnElement[bool]) -> ColumnElement[bool]:
        return exists().where(person_skills.c.person_id == people.c.id, condition)

    def _skill(self, e: Expansion) -> ColumnElement[bool]:
        """By canonical id, by words of names without symbols (``skill:c`` is not C++), by exact name."""
        name, label = person_skills.c.name, person_skills.c.canonical_label
        options = [and_(self.matches(c, e), *(not_(c.contains(s)) for s in "+#")) for c in (name, label)]
        if e.skill_id:
            options.append(person_skills.c.canonical_id == e.skill_id)
        if e.skill_names:
            lowered = sorted({n.lower() for n in e.skill_names})
            options.append(func.lower(func.trim(name)).in_(lowered))
        return self._has_skill(or_(*options))

    def _location(self, e: Expansion) -> ColumnElement[bool]:
        columns = (people.c.city, people.c.region, people.c.location_text)
        options = [self.matches(c, e) for c in columns]
        if e.country:
            options.append(func.coalesce(people.c.country, "") == e.country)
        return or_(*options)

    def _source(self, e: Expansion) -> ColumnElement[bool]:
        options = [self.matches(sources.c.name, e)]
        if e.channel:
            options.append(source_records.c.channel == e.channel)
        joined = and_(source_records.c.person_id == people.c.id, sources.c.id == source_records.c.source_id)
        return exists().where(joined, or_(*options))

    def years(self, node: YearsRange) -> ColumnElement[bool]:
        """Whole years since the earliest start date of any experience (unknown: no match)."""
        first = func.min(experiences.c.start_date)
        bounds: list[ColumnElement[bool]] = [first.is_not(None)]
        if node.low is not None:
            bounds.append(first <= _years_before(self.today, node.low))
        if node.high is not None:
            bounds.append(first > _years_before(self.today, node.high + 1))
        person = experiences.c.person_id
        return exists(select(person).where(person == people.c.id).group_by(person).having(and_(*bounds)))

    def near(self, node: Near) -> ColumnElement[bool]:
        """A bounding box the indexes can use, then the exact great-circle distance."""
        lat, lon = people.c.latitude, people.c.longitude
        box = [lat.is_not(None), lon.is_not(None), *_box(node)]
        if self.sqlite:
            distance: ColumnElement[Any] = func.ts_distance_km(lat, lon, node.latitude, node.longitude)
        else:
            distance = _pg_haversine(node.latitude, node.longitude)
        return and_(*box, distance <= node.radius_km)


# --- helpers ------------------------------------------------------------------------------------

_KM_PER_DEGREE = 111.19492664455873  # 2πR / 360 with the mean Earth radius of domain.places


def _box(node: Near) -> list[ColumnElement[bool]]:
    reach = node.radius_km / _KM_PER_DEGREE * 1.01  # a little slack: the exact test follows
    lat, lon = people.c.latitude, people.c.longitude
    box: list[ColumnElement[bool]] = [lat.between(node.latitude - reach, node.latitude + reach)]
    if abs(node.latitude) + reach >= 89.0:
        return box
    spread = reach / math.cos(math.radians(abs(node.latitude) + reach))
    west, east = node.longitude - spread, node.longitude + spread
    if west < -180 or east > 180:
        return box  # across the antimeridian: latitude only
    return [*box, lon.between(west, east)]


def _pg_haversine(latitude: float, longitude: float) -> ColumnElement[Any]:
    """``domain.places.distance_km`` in SQL, term for term."""
    lat1, lon1 = math.radians(latitude), math.radians(longitude)
    lat2, lon2 = func.radians(people.c.latitude), func.radians(people.c.longitude)
    h = func.power(func.sin((lat2 - lat1) / 2), 2) + math.cos(lat1) * func.cos(lat2) * func.power(
        func.sin((lon2 - lon1) / 2), 2
    )
    return 2 * 6371.0088 * func.asin(func.least(1.0, func.sqrt(h)))


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _pattern(expansion: Expansion) -> str:
    """``ts_match``'s second argument: phrases separated by ``|``, words by spaces, ``*`` = prefix."""
    return ("*" if expansion.prefix else "") + "|".join(" ".join(p) for p in expansion.phrases)


@lru_cache(maxsize=65536)
def _sqlite_match(value: str | None, pattern: str) -> int:
    if not value:
        return 0
    prefix = pattern.startswith("*")
    have = words(value)
    for option in pattern.lstrip("*").split("|"):
        want = option.split()
        n = len(want)
        for i in range(len(have) - n + 1):
            head, last = have[i : i + n - 1], have[i + n - 1]
            if list(head) == want[:-1] and (last.startswith(want[-1]) if prefix else last == want[-1]):
                return 1
    return 0


def _sqlite_distance(lat: float | None, lon: float | None, lat0: float, lon0: float) -> float | None:
    if lat is None or lon is None:
        return None
    return distance_km((lat0, lon0), (lat, lon))


def prepare_connection(conn: Connection) -> None:
    """Register ``ts_match`` and ``ts_distance_km`` on a SQLite connection (no-op elsewhere)."""
    if conn.dialect.name != "sqlite":
        return
    raw: Any = conn.connection.driver_connection
    raw.create_function("ts_match", 2, _sqlite_match, deterministic=True)
    raw.create_function("ts_distance_km", 4, _sqlite_distance, deterministic=True)
