"""A parsed recruiter query (``talentscout.domain.query``) as SQL over ``people``, on SQLite and PostgreSQL.

One full-text index answers almost the whole query: the free text (``people.search_text``) and the
field document (``people.search_fields``, see ``domain.query.document``) — on SQLite the two columns of
the FTS5 table ``people_fts``, on PostgreSQL the stored ``tsvector`` column ``search_tsv`` (weights A
and B) with a GIN index (migration ``0006``). ``title:``, ``skill:``, ``years:``, ``location:`` … are
phrases of prefixed words in the same index; ``near:`` is a union of grid cells there plus the exact
great-circle distance in SQL; only ``source:`` is plain SQL (the sources table is small).

``compile_search`` splits the query into ``match`` — one full-text query every result satisfies — and
``residual`` SQL for the rest, so a page is one index scan joined to ``people`` by primary key, ranked
by ``bm25`` (SQLite) / ``ts_rank`` (PostgreSQL) over the free words, or newest first. ``where`` is the
same condition as a standalone filter on ``people`` for other queries (the pool page, ranking).

Every condition is two-valued (never NULL), so ``NOT`` of a field includes people without that field.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    FromClause,
    Select,
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
    true,
    union_all,
)

from talentscout.db.search import FTS_TABLE
from talentscout.db.search_fts import Fts, Phrase
from talentscout.db.tables import people, source_records, sources
from talentscout.domain.places import distance_km
from talentscout.domain.query import And, FieldTerm, Near, Node, Not, Or, Term, expand, leaves, words
from talentscout.domain.query.words import FOLDING

__all__ = [
    "RANK_WINDOW",
    "RECENT_SLICE",
    "CompiledSearch",
    "compile_search",
    "full_text_index_first",
    "pg_document",
    "pg_search_document",
    "prepare_connection",
]

_fts = table(FTS_TABLE, column("rowid"), column(FTS_TABLE))
_tsv: ColumnElement[Any] = literal_column("people.search_tsv")
_SIMPLE: ColumnElement[str] = literal_column("'simple'")


#: relevance ranking scores at most this many matches, the most recently added (see compile_search)
RANK_WINDOW = 2_000

#: PostgreSQL looks for the ranked window among this many newest ids first (see ``_pg_window``)
RECENT_SLICE = 50_000


@dataclass(frozen=True)
class CompiledSearch:
    """``page(...)`` and ``count(...)`` are the statements to run; ``where`` alone (on ``people``) is the
    same filter for other statements. ``match``: the full-text query every result satisfies (``None``:
    none); ``residual``: the rest, with the workspace. ``source`` / ``order_by``: a page's rows, best
    first, as ``select(...).select_from(source).where(residual)`` (``page`` writes it)."""

    where: ColumnElement[bool]
    source: FromClause
    order_by: tuple[ColumnElement[Any], ...]
    ranked: bool
    match: str | None
    residual: ColumnElement[bool]
    matches: FromClause | None = None  # every match (``source`` may hold only the ranked window)
    page_filter: ColumnElement[bool] | None = None  # the page's filter when not ``residual``
    index_first: bool = False  # the planner cannot estimate the SQL part (see prefer_full_text_index)

    def page(self, *columns: Any, limit: int, offset: int = 0) -> Select[Any]:
        """``columns`` of one page of matches, best first."""
        chosen = self.residual if self.page_filter is None else self.page_filter
        query = select(*columns).select_from(self.source).where(chosen)
        return query.order_by(*self.order_by).limit(limit).offset(offset)

    def count(self, cap: int | None = None) -> Select[Any]:
        """How many people match; with ``cap``, counting stops after ``cap`` (the result is at most
        ``cap``) so a broad query is not slowed down by counting every match."""
        source = self.source if self.matches is None else self.matches
        found = select(people.c.id).select_from(source).where(self.residual)
        if cap is not None:
            found = found.limit(cap)
        return select(func.count()).select_from(found.subquery())


def compile_search(
    node: Node, *, dialect: str, workspace_id: int, today: date, newest_id: int | None = None
) -> CompiledSearch:
    """Compile ``node`` for ``dialect`` ("sqlite" or "postgresql"), scoped to ``workspace_id``.

    ``today`` anchors ``years:``. ``newest_id`` (PostgreSQL, optional): the largest ``people.id``, so
    the ranked window is looked for among the newest ids first (the same rows, found faster). On
    SQLite, run the statements on a connection passed through ``prepare_connection`` first. Ranked
    queries (free words, not under NOT, in the full-text match) score the ``RANK_WINDOW`` most
    recently added matches (all of them when fewer match) with bm25 (SQLite) / ``ts_rank``
    (PostgreSQL), so a word found in half the pool costs about as much as a rarer one; the total
    still counts every match, up to its cap.
    """
    compiler = _Compiler(dialect == "sqlite", today)
    scope = people.c.workspace_id == workspace_id
    where = and_(scope, compiler.node(node))
    match, rest = compiler.split(node)
    newest = (people.c.id.desc(),)
    if match is None:
        return CompiledSearch(where, people, newest, False, None, and_(scope, *rest))
    found = _with_match(node, compiler, where, match, rest, workspace_id, newest_id)
    return replace(found, index_first=compiler.per_candidate)


def _with_match(
    node: Node,
    compiler: _Compiler,
    where: ColumnElement[bool],
    match: str,
    rest: list[ColumnElement[bool]],
    workspace_id: int,
    newest_id: int | None,
) -> CompiledSearch:
    scope = people.c.workspace_id == workspace_id
    newest = (people.c.id.desc(),)
    phrases = [p for leaf, neg in leaves(node) if isinstance(leaf, Term) and not neg for p in _ranked(leaf)]
    # prefix words are constant-score (as Lucene's prefix queries are): a query whose only free words
    # are prefixes is listed newest first, and SQLite's bm25 need not count every expanded document
    ranked = any(not prefix for _, prefix, _ in phrases) and _ranks_in(node, compiler)
    if compiler.sqlite:
        # "+ 0": the workspace index must not tempt SQLite into scanning people and probing the index
        residual = and_(people.c.workspace_id + 0 == workspace_id, *rest)
        hit = _fts.c[FTS_TABLE].bool_op("MATCH")(bindparam(None, match))
        everyone = _fts.join(people, and_(people.c.id == _fts.c.rowid, hit))
        if not ranked:
            return CompiledSearch(where, everyone, (_fts.c.rowid.desc(),), False, match, residual)
        score = func.bm25(literal_column(FTS_TABLE), 1.0, 0.0).label("score")
        window = select(_fts.c.rowid, score).where(hit).order_by(_fts.c.rowid.desc()).limit(RANK_WINDOW)
        hits = window.subquery("hits")
        source = hits.join(people, people.c.id == hits.c.rowid)
        return CompiledSearch(where, source, (hits.c.score, *newest), True, match, residual, everyone)
    residual = and_(_tsv.bool_op("@@")(_tsquery(match)), scope, *rest)
    if not ranked:
        return CompiledSearch(where, people, newest, False, match, residual)
    rank = func.ts_rank(_tsv, _tsquery(compiler.fts.any_of(phrases))).label("score")
    scored = _pg_window(residual, rank, newest_id)
    source = scored.join(people, people.c.id == scored.c.hit)
    order = (scored.c.score.desc(), *newest)
    return CompiledSearch(where, source, order, True, match, residual, people, page_filter=true())


def _pg_window(residual: ColumnElement[bool], rank: ColumnElement[Any], newest_id: int | None) -> Any:
    """The ``RANK_WINDOW`` newest matches with their score, as the subquery ``hits`` (``hit``, ``score``).

    PostgreSQL's estimate of how many rows a phrase matches assumes its words independent, so for a
    common phrase it chose a bitmap scan rechecking every candidate (61,015 for "site reliability
    engineer": 460 ms) where walking the newest ids would stop after 2,000 matches. So the window is
    first looked for among the ``RECENT_SLICE`` newest ids (the index bitmap intersected with an id
    range: at most that many rows rechecked); only when fewer than ``RANK_WINDOW`` match there do the
    older ids run (a one-time filter skips them otherwise). The union ordered by id is exactly the
    unbounded window."""

    def newest_matches(extra: ColumnElement[bool]) -> Select[Any]:
        chosen = select(people.c.id.label("hit"), rank).where(residual, extra)
        return chosen.order_by(people.c.id.desc()).limit(RANK_WINDOW)

    if newest_id is None:
        return newest_matches(true()).subquery("hits")
    bound = newest_id - RECENT_SLICE
    recent = newest_matches(people.c.id > bound).cte("recent")
    filled = select(func.count()).select_from(recent).scalar_subquery()
    older = newest_matches(and_(people.c.id <= bound, filled < RANK_WINDOW))
    both = union_all(select(recent.c.hit, recent.c.score), older).subquery("slices")
    return select(both.c.hit, both.c.score).order_by(both.c.hit.desc()).limit(RANK_WINDOW).subquery("hits")


def _ranked(term: Term) -> list[Phrase]:
    e = expand(None, term.text)
    return [(p, e.prefix, False) for p in e.phrases]


def _ranks_in(node: Node, compiler: _Compiler) -> bool:
    """Whether a positive free word is part of the full-text match (so the index can rank by it)."""
    children = node.children if isinstance(node, And) else (node,)
    return any(
        compiler.fts.only(c, in_and=True)
        and any(isinstance(leaf, Term) and not neg for leaf, neg in leaves(c))
        for c in children
    )


def _tsquery(query: str) -> ColumnElement[Any]:
    return func.to_tsquery(_SIMPLE, bindparam(None, query))


def pg_document(text: ColumnElement[Any]) -> ColumnElement[Any]:
    """The tsvector PostgreSQL searches for free text: ``text`` folded by the steps of ``words.FOLDING``.

    Built from ``lower``, ``regexp_replace`` and ``normalize`` only (all immutable, no extension), with
    the constants written into the statement, so it can define the stored column ``search_tsv``. Words
    compared with it must be decomposed first (``Fts.phrase``).
    """
    marks = FOLDING.marks + "+"
    text = _regexp_replace(func.lower(text), marks, "")
    text = _regexp_replace(text, FOLDING.separators + "+", " ")
    text = _regexp_replace(func.normalize(text, literal_column("NFD")), "([a-z])" + marks, "\\1")
    return func.to_tsvector(_SIMPLE, _regexp_replace(text, "ς", "σ"))


def pg_search_document() -> str:
    """The SQL expression of PostgreSQL's stored ``people.search_tsv``: the folded free text as weight
    A, the field document (already folded words) as weight B."""
    from sqlalchemy.dialects import postgresql

    free = func.setweight(pg_document(column("search_text")), literal_column("'A'"))
    fields = func.setweight(func.to_tsvector(_SIMPLE, column("search_fields")), literal_column("'B'"))
    expression = free.bool_op("||")(fields)  # tsvector concatenation
    pg = postgresql.dialect()  # type: ignore[no-untyped-call]
    return str(expression.compile(dialect=pg, compile_kwargs={"literal_binds": True}))


def _regexp_replace(text: ColumnElement[Any], pattern: str, replacement: str) -> ColumnElement[Any]:
    return func.regexp_replace(text, _sql_string(pattern), _sql_string(replacement), _sql_string("g"))


def _sql_string(value: str) -> ColumnElement[str]:
    """A constant written into the statement (a generated column only takes literal text)."""
    return literal_column("'" + value.replace("'", "''") + "'")


# --- one node at a time -------------------------------------------------------------------------


class _Compiler:
    def __init__(self, sqlite: bool, today: date) -> None:
        self.sqlite = sqlite
        self.fts = Fts(sqlite, today)
        self.per_candidate = False  # a condition checked per candidate row (``source:``)

    def split(self, node: Node) -> tuple[str | None, list[ColumnElement[bool]]]:
        """The query as one full-text ``match`` (or ``None``) and SQL conditions for the rest: the
        children of a top-level AND that the index answers go into the match (``near:`` with its grid
        cells, its exact distance staying in SQL); a match needs one positive part."""
        children = list(node.children) if isinstance(node, And) else [node]
        indexed = [c for c in children if self.fts.only(c, in_and=True)]
        near = [c for c in children if isinstance(c, Near)]
        positive = [self.fts.tree(c) for c in indexed if not isinstance(c, Not)]
        positive += [self.fts.any_of(self.fts.near_phrases(c)) for c in near]
        if not positive:
            return None, [self.node(node)]
        negative = [self.fts.tree(c.child) for c in indexed if isinstance(c, Not)]
        rest = [self.node(c) for c in children if c not in indexed and not isinstance(c, Near)]
        rest += [self.near(c) for c in near]
        return self.fts.but_not(positive, negative), rest

    def node(self, node: Node) -> ColumnElement[bool]:
        if self.fts.only(node):
            return self.full_text(self.fts.tree(node))
        if isinstance(node, And):
            return and_(*(self.node(c) for c in node.children))
        if isinstance(node, Or):
            return or_(*(self.node(c) for c in node.children))
        if isinstance(node, Not):
            return not_(self.node(node.child))
        if isinstance(node, Near):
            return and_(self.full_text(self.fts.any_of(self.fts.near_phrases(node))), self.near(node))
        if isinstance(node, FieldTerm) and node.field.value == "source":
            return self.source(node)
        return false()  # a leaf that matches nothing (no words to look for)

    def full_text(self, query: str) -> ColumnElement[bool]:
        if self.sqlite:
            match = _fts.c[FTS_TABLE].bool_op("MATCH")(bindparam(None, query))
            return people.c.id.in_(select(_fts.c.rowid).where(match))
        return _tsv.bool_op("@@")(_tsquery(query))

    def source(self, node: FieldTerm) -> ColumnElement[bool]:
        """The name of a source the person came from (by words), or its channel."""
        e = expand(node.field, node.text)
        options: list[ColumnElement[bool]] = []
        if e.phrases:
            if self.sqlite:
                options.append(func.ts_match(sources.c.name, _pattern(e.phrases, e.prefix)) == 1)
            else:
                query = self.fts.any_of([(p, e.prefix, False) for p in e.phrases], weighted=False)
                options.append(pg_document(sources.c.name).bool_op("@@")(_tsquery(query)))
        if e.channel:
            options.append(sources.c.channel == e.channel)
        if not options:
            return false()
        chosen = select(sources.c.id).where(or_(*options))
        self.per_candidate = True
        # per candidate, through the person's source records (a source may hold a million people)
        return exists().where(
            source_records.c.person_id == people.c.id, source_records.c.source_id.in_(chosen)
        )

    def near(self, node: Near) -> ColumnElement[bool]:
        """The exact great-circle distance (the grid cells in the index found the candidates)."""
        lat, lon = people.c.latitude, people.c.longitude
        if self.sqlite:
            distance: ColumnElement[Any] = func.ts_distance_km(lat, lon, node.latitude, node.longitude)
        else:
            distance = _pg_haversine(node.latitude, node.longitude)
        return and_(lat.is_not(None), lon.is_not(None), distance <= node.radius_km)


# --- helpers ------------------------------------------------------------------------------------


def _pg_haversine(latitude: float, longitude: float) -> ColumnElement[Any]:
    """``domain.places.distance_km`` in SQL, term for term."""
    lat1, lon1 = math.radians(latitude), math.radians(longitude)
    lat2, lon2 = func.radians(people.c.latitude), func.radians(people.c.longitude)
    h = func.power(func.sin((lat2 - lat1) / 2), 2) + math.cos(lat1) * func.cos(lat2) * func.power(
        func.sin((lon2 - lon1) / 2), 2
    )
    return 2 * 6371.0088 * func.asin(func.least(1.0, func.sqrt(h)))


def _pattern(phrases: tuple[tuple[str, ...], ...], prefix: bool) -> str:
    """``ts_match``'s second argument: phrases separated by ``|``, words by spaces, ``*`` = prefix."""
    return ("*" if prefix else "") + "|".join(" ".join(p) for p in phrases)


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


@contextmanager
def full_text_index_first(conn: Connection, compiled: CompiledSearch) -> Iterator[None]:
    """Inside the block, have PostgreSQL find rows through the GIN index when the query has a
    condition it cannot estimate (``source:``'s per-person ``EXISTS``); a no-op elsewhere.

    With a ``LIMIT`` on the count, the planner took such a condition for a common one and read the
    table in order until enough rows qualified: 486 ms for ``source:"bench pool" skill:haskell``,
    78 ms through the index. For every other query its own choice is as good or better (with the
    statistics target of migration ``0006``). Planner settings only: the rows are the same."""
    if conn.dialect.name != "postgresql" or compiled.match is None or not compiled.index_first:
        yield
        return
    conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
    conn.exec_driver_sql("SET LOCAL enable_indexscan = off")
    yield
    conn.exec_driver_sql("SET LOCAL enable_seqscan TO DEFAULT")
    conn.exec_driver_sql("SET LOCAL enable_indexscan TO DEFAULT")


def prepare_connection(conn: Connection) -> None:
    """Register ``ts_match`` and ``ts_distance_km`` on a SQLite connection (no-op elsewhere)."""
    if conn.dialect.name != "sqlite":
        return
    raw: Any = conn.connection.driver_connection
    raw.create_function("ts_match", 2, _sqlite_match, deterministic=True)
    raw.create_function("ts_distance_km", 4, _sqlite_distance, deterministic=True)
