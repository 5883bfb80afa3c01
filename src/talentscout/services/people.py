"""Reading and curating the talent pool: list, tag, annotate; always scoped to the actor's workspace."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, delete, exists, func, select, update

from talentscout.db.people_writer import person_search_values
from talentscout.db.search_query import compile_search, prepare_connection
from talentscout.db.tables import activities, notes, people, source_records, sources, tags
from talentscout.domain.permissions import Action, Actor
from talentscout.domain.query import QueryError, parse
from talentscout.services.access import require
from talentscout.services.errors import InvalidInput, NotFound
from talentscout.services.unit_of_work import Database

MAX_PAGE = 200


@dataclass(frozen=True)
class PoolFilter:
    q: str | None = None
    source_id: int | None = None
    channel: str | None = None
    tag: str | None = None
    page: int = 1
    per_page: int = 50


@dataclass(frozen=True)
class PersonSummary:
    id: int
    display_name: str
    headline: str | None
    current_title: str | None
    current_employer: str | None
    city: str | None
    country: str | None
    silver_medalist: bool
    updated_at: Any


@dataclass(frozen=True)
class PoolPage:
    people: list[PersonSummary]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def list_people(db: Database, *, actor: Actor, filters: PoolFilter) -> PoolPage:
    require(actor, Action.VIEW_PEOPLE)
    per_page = max(1, min(filters.per_page, MAX_PAGE))
    page = max(1, filters.page)
    conditions = _conditions(db, actor, filters)
    with db.read() as conn:
        prepare_connection(conn)
        total = conn.execute(select(func.count()).select_from(people).where(*conditions)).scalar_one()
        query: Select[Any] = (
            select(people)
            .where(*conditions)
            .order_by(people.c.updated_at.desc(), people.c.id.desc())
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
        rows = [summary_of(r) for r in conn.execute(query)]
    return PoolPage(rows, int(total), page, per_page)


def _conditions(db: Database, actor: Actor, f: PoolFilter) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = [people.c.workspace_id == actor.workspace_id]
    if f.source_id is not None or f.channel:
        sr = [source_records.c.person_id == people.c.id]
        if f.source_id is not None:
            sr.append(source_records.c.source_id == f.source_id)
        if f.channel:
            sr.append(source_records.c.channel == f.channel)
        out.append(exists().where(and_(*sr)))
    if f.tag:
        out.append(exists().where(tags.c.person_id == people.c.id, tags.c.tag == f.tag.strip().lower()))
    if f.q and f.q.strip():
        out.append(_text_match(db, actor, f.q))
    return out


def _text_match(db: Database, actor: Actor, q: str) -> ColumnElement[bool]:
    """``q`` in the recruiter query language (docs/query-language.md), compiled for this database."""
    try:
        tree = parse(q)
    except QueryError as error:
        raise InvalidInput(f"search: {error.message}") from None
    compiled = compile_search(
        tree, dialect=db.dialect, workspace_id=actor.workspace_id, today=db.clock.now().date()
    )
    return compiled.where


def summary_of(r: Any) -> PersonSummary:
    """A ``people`` row as the list pages and the API show it."""
    return PersonSummary(
        r.id,
        r.display_name,
        r.headline,
        r.current_title,
        r.current_employer,
        r.city,
        r.country,
        bool(r.silver_medalist),
        r.updated_at,
    )


def require_person(conn: Connection, actor: Actor, person_id: int) -> Any:
    """The person row, or NotFound — also when it belongs to another workspace."""
    row = conn.execute(
        select(people).where(people.c.id == person_id, people.c.workspace_id == actor.workspace_id)
    ).first()
    if row is None:
        raise NotFound("no such person")
    return row


def add_note(db: Database, *, actor: Actor, person_id: int, body: str) -> int:
    require(actor, Action.EDIT_PEOPLE)
    body = body.strip()
    if not body:
        raise InvalidInput("a note cannot be empty")
    with db.begin() as conn:
        require_person(conn, actor, person_id)
        now = db.clock.now()
        note_id = conn.execute(
            notes.insert()
            .values(
                workspace_id=actor.workspace_id,
                person_id=person_id,
                author_id=actor.user_id,
                body=body[:20_000],
                created_at=now,
            )
            .returning(notes.c.id)
        ).scalar_one()
        _activity(conn, actor, person_id, "note", "added a note", now)
    return int(note_id)


def add_tag(db: Database, *, actor: Actor, person_id: int, tag: str) -> None:
    require(actor, Action.EDIT_PEOPLE)
    tag = " ".join(tag.strip().lower().split())[:100]
    if not tag:
        raise InvalidInput("a tag cannot be empty")
    with db.begin() as conn:
        require_person(conn, actor, person_id)
        have = conn.execute(select(tags.c.id).where(tags.c.person_id == person_id, tags.c.tag == tag)).first()
        if have is None:
            conn.execute(
                tags.insert().values(
                    workspace_id=actor.workspace_id, person_id=person_id, tag=tag, source_record_id=None
                )
            )
            _activity(conn, actor, person_id, "tag", f"tagged {tag!r}", db.clock.now())
            _reindex(conn, person_id)


def remove_tag(db: Database, *, actor: Actor, person_id: int, tag: str) -> None:
    require(actor, Action.EDIT_PEOPLE)
    with db.begin() as conn:
        require_person(conn, actor, person_id)
        conn.execute(delete(tags).where(tags.c.person_id == person_id, tags.c.tag == tag.strip().lower()))
        _reindex(conn, person_id)
        _activity(conn, actor, person_id, "tag", f"removed tag {tag!r}", db.clock.now())


def list_tags(db: Database, *, actor: Actor) -> list[tuple[str, int]]:
    require(actor, Action.VIEW_PEOPLE)
    with db.read() as conn:
        rows = conn.execute(
            select(tags.c.tag, func.count(func.distinct(tags.c.person_id)))
            .where(tags.c.workspace_id == actor.workspace_id)
            .group_by(tags.c.tag)
            .order_by(tags.c.tag)
        )
        return [(t, int(n)) for t, n in rows]


def list_sources(db: Database, *, actor: Actor) -> list[dict[str, Any]]:
    require(actor, Action.VIEW_PEOPLE)
    with db.read() as conn:
        rows = conn.execute(
            select(sources.c.id, sources.c.name, sources.c.channel, sources.c.format)
            .where(sources.c.workspace_id == actor.workspace_id)
            .order_by(sources.c.name)
        )
        return [dict(r._mapping) for r in rows]


def _reindex(conn: Connection, person_id: int) -> None:
    """Tags are searchable as free text: rebuild the person's search text after a change."""
    row = conn.execute(select(people).where(people.c.id == person_id)).one()
    values = person_search_values(conn, person_id, dict(row._mapping))
    conn.execute(update(people).where(people.c.id == person_id).values(**values))


def _activity(conn: Connection, actor: Actor, person_id: int, kind: str, summary: str, now: Any) -> None:
    conn.execute(
        activities.insert().values(
            workspace_id=actor.workspace_id,
            person_id=person_id,
            kind=kind,
            summary=summary,
            actor_id=actor.user_id,
            created_at=now,
        )
    )
