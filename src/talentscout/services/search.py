"""Recruiter search: a query in the query language (docs/query-language.md) → a page of people.

Runs inside the database, so it is always consistent with the record store: a person who was erased
or merged away is gone from ``people`` and cannot be found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, func, select

from talentscout.db import search_query
from talentscout.db.search_query import (
    CompiledSearch,
    compile_search,
    full_text_index_first,
    prepare_connection,
)
from talentscout.db.tables import people
from talentscout.domain.permissions import Action, Actor
from talentscout.domain.query import Node, QueryError, explain, parse, synonyms
from talentscout.services.access import require
from talentscout.services.errors import InvalidInput
from talentscout.services.people import MAX_PAGE, PersonSummary, summary_of
from talentscout.services.unit_of_work import Database

__all__ = ["TOTAL_CAP", "InvalidQuery", "SearchResult", "search_people"]


class InvalidQuery(InvalidInput):
    """A query that cannot be run; ``position`` is the 0-based offset the message points at."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


@dataclass(frozen=True)
class SearchResult:
    """``people``: one page, best match first; ``total``: how many match, counted up to ``TOTAL_CAP``
    (``total_is_exact`` is False when there are more, and ``total`` is then ``TOTAL_CAP``);
    ``explained``: the query as the parser read it (``explain``); ``synonyms``: the words the taxonomy
    expanded, one line each."""

    people: list[PersonSummary]
    total: int
    explained: str
    synonyms: list[str]
    ranked: bool
    total_is_exact: bool = True


#: counting stops here: "1,000+" is as useful to a recruiter as 254,118 and much faster to find
TOTAL_CAP = 1_000


def search_people(
    db: Database,
    *,
    actor: Actor,
    query: str,
    limit: int = 50,
    offset: int = 0,
    expand_synonyms: bool = True,
) -> SearchResult:
    """People of the actor's workspace matching ``query``; ranked by full-text relevance (bm25 on
    SQLite, ts_rank on PostgreSQL, over the newest ``RANK_WINDOW`` matches) when the query has free
    words, else newest first.

    Raises ``InvalidQuery`` (an ``InvalidInput``) with the parser's message and position.
    """
    require(actor, Action.VIEW_PEOPLE)
    try:
        tree = parse(query, expand_synonyms=expand_synonyms)
    except QueryError as error:
        raise InvalidQuery(error.message, error.position) from None
    limit, offset = max(1, min(limit, MAX_PAGE)), max(0, offset)
    today = db.clock.now().date()
    compiled = compile_search(tree, dialect=db.dialect, workspace_id=actor.workspace_id, today=today)
    with db.read() as conn:
        prepare_connection(conn)
        if db.dialect == "postgresql":
            rows, total = _postgres_page(conn, compiled, tree, actor, today, limit, offset)
        else:
            rows = [summary_of(r) for r in conn.execute(compiled.page(people, limit=limit, offset=offset))]
            total = len(rows) + offset
            if len(rows) == limit or (offset and not rows):
                total = int(conn.execute(compiled.count(cap=TOTAL_CAP + 1)).scalar_one())
    exact = total <= TOTAL_CAP
    return SearchResult(rows, min(total, TOTAL_CAP), explain(tree), synonyms(tree), compiled.ranked, exact)


def _postgres_page(
    conn: Connection,
    compiled: CompiledSearch,
    tree: Node,
    actor: Actor,
    today: date,
    limit: int,
    offset: int,
) -> tuple[list[PersonSummary], int]:
    """A ranked page is cut from the newest ``RANK_WINDOW`` matches, looked for among the newest ids
    first (``compile_search``'s ``newest_id``); the window's size, counted in the same statement, is
    the total up to the cap (the window holds every match when fewer than ``RANK_WINDOW`` match), so
    no second index scan counts them. An unranked page is counted as on SQLite."""
    if compiled.ranked:
        newest = conn.execute(select(func.max(people.c.id))).scalar_one()
        compiled = compile_search(
            tree, dialect="postgresql", workspace_id=actor.workspace_id, today=today, newest_id=newest
        )
        window_size = func.count().over().label("window_size")
        found = list(conn.execute(compiled.page(people, window_size, limit=limit, offset=offset)))
        size = int(found[0].window_size) if found else 0
        full = size >= search_query.RANK_WINDOW
        if (found or not offset) and (not full or search_query.RANK_WINDOW > TOTAL_CAP):
            return [summary_of(r) for r in found], TOTAL_CAP + 1 if full else size
        if found:
            total = int(conn.execute(compiled.count(cap=TOTAL_CAP + 1)).scalar_one())
            return [summary_of(r) for r in found], total
    rows = [summary_of(r) for r in conn.execute(compiled.page(people, limit=limit, offset=offset))]
    total = len(rows) + offset
    if len(rows) == limit or (offset and not rows):
        with full_text_index_first(conn, compiled):
            total = int(conn.execute(compiled.count(cap=TOTAL_CAP + 1)).scalar_one())
    return rows, total
