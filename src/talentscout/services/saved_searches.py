"""Saved searches: a user's own named queries in the recruiter query language, re-runnable."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, select, update
from sqlalchemy.exc import IntegrityError

from talentscout.db.tables_find import saved_searches
from talentscout.domain.permissions import Action, Actor
from talentscout.domain.query import MAX_LENGTH, QueryError, parse
from talentscout.services.access import require
from talentscout.services.errors import Conflict, InvalidInput, NotFound
from talentscout.services.search import SearchResult, search_people
from talentscout.services.unit_of_work import Database

MAX_SAVED = 200


@dataclass(frozen=True)
class SavedSearch:
    id: int
    name: str
    query: str
    expand_synonyms: bool
    created_at: Any
    last_run_at: Any


def save_search(db: Database, *, actor: Actor, name: str, query: str, expand_synonyms: bool = True) -> int:
    """Save ``query`` under ``name`` for the actor; the query must parse."""
    require(actor, Action.VIEW_PEOPLE)
    user_id = _user(actor)
    name = " ".join(name.split())[:200]
    if not name:
        raise InvalidInput("a saved search needs a name")
    query = query.strip()
    if not query or len(query) > MAX_LENGTH:
        raise InvalidInput(f"a saved search needs a query of at most {MAX_LENGTH} characters")
    try:
        parse(query, expand_synonyms=expand_synonyms)
    except QueryError as error:
        raise InvalidInput(f"search: {error.message}") from None
    try:
        with db.begin() as conn:
            if len(_rows(conn, actor, user_id)) >= MAX_SAVED:
                raise InvalidInput(f"at most {MAX_SAVED} saved searches; delete some first")
            saved_id = conn.execute(
                saved_searches.insert()
                .values(
                    workspace_id=actor.workspace_id,
                    user_id=user_id,
                    name=name,
                    query=query,
                    expand_synonyms=expand_synonyms,
                    created_at=db.clock.now(),
                )
                .returning(saved_searches.c.id)
            ).scalar_one()
    except IntegrityError:
        raise Conflict(f"you already have a saved search called {name!r}") from None
    return int(saved_id)


def list_saved(db: Database, *, actor: Actor) -> list[SavedSearch]:
    require(actor, Action.VIEW_PEOPLE)
    if actor.user_id is None:
        return []
    with db.read() as conn:
        return [_saved(r) for r in _rows(conn, actor, actor.user_id)]


def get_saved(db: Database, *, actor: Actor, saved_id: int) -> SavedSearch:
    require(actor, Action.VIEW_PEOPLE)
    with db.read() as conn:
        return _saved(_require(conn, actor, saved_id))


def run_saved(db: Database, *, actor: Actor, saved_id: int, limit: int = 50, offset: int = 0) -> SearchResult:
    """Run a saved search again (against today's pool) and note when."""
    saved = get_saved(db, actor=actor, saved_id=saved_id)
    result = search_people(
        db, actor=actor, query=saved.query, limit=limit, offset=offset, expand_synonyms=saved.expand_synonyms
    )
    mark_run(db, actor=actor, saved_id=saved_id)
    return result


def mark_run(db: Database, *, actor: Actor, saved_id: int) -> None:
    with db.begin() as conn:
        _require(conn, actor, saved_id)
        conn.execute(
            update(saved_searches).where(saved_searches.c.id == saved_id).values(last_run_at=db.clock.now())
        )


def delete_saved(db: Database, *, actor: Actor, saved_id: int) -> None:
    require(actor, Action.VIEW_PEOPLE)
    with db.begin() as conn:
        _require(conn, actor, saved_id)
        conn.execute(delete(saved_searches).where(saved_searches.c.id == saved_id))


def _user(actor: Actor) -> int:
    if actor.user_id is None:
        raise InvalidInput("saved searches belong to a user; sign in as one")
    return actor.user_id


def _rows(conn: Connection, actor: Actor, user_id: int) -> list[Any]:
    return list(
        conn.execute(
            select(saved_searches)
            .where(saved_searches.c.workspace_id == actor.workspace_id, saved_searches.c.user_id == user_id)
            .order_by(saved_searches.c.name)
        ).all()
    )


def _require(conn: Connection, actor: Actor, saved_id: int) -> Any:
    """The actor's own saved search; another user's (or workspace's) is not found."""
    row = conn.execute(
        select(saved_searches).where(
            saved_searches.c.id == saved_id,
            saved_searches.c.workspace_id == actor.workspace_id,
            saved_searches.c.user_id == _user(actor),
        )
    ).first()
    if row is None:
        raise NotFound("no such saved search")
    return row


def _saved(row: Any) -> SavedSearch:
    return SavedSearch(
        int(row.id), row.name, row.query, bool(row.expand_synonyms), row.created_at, row.last_run_at
    )
