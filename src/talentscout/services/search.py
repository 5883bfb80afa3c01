"""Recruiter search: a query in the query language (docs/query-language.md) → a page of people.

Runs inside the database, so it is always consistent with the record store: a person who was erased
or merged away is gone from ``people`` and cannot be found.
"""

from __future__ import annotations

from dataclasses import dataclass

from talentscout.db.search_query import compile_search, prepare_connection
from talentscout.db.tables import people
from talentscout.domain.permissions import Action, Actor
from talentscout.domain.query import QueryError, explain, parse, synonyms
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
    compiled = compile_search(
        tree, dialect=db.dialect, workspace_id=actor.workspace_id, today=db.clock.now().date()
    )
    with db.read() as conn:
        prepare_connection(conn)
        rows = [summary_of(r) for r in conn.execute(compiled.page(people, limit=limit, offset=offset))]
        total = len(rows) + offset
        if len(rows) == limit or (offset and not rows):
            total = int(conn.execute(compiled.count(cap=TOTAL_CAP + 1)).scalar_one())
    exact = total <= TOTAL_CAP
    return SearchResult(rows, min(total, TOTAL_CAP), explain(tree), synonyms(tree), compiled.ranked, exact)
