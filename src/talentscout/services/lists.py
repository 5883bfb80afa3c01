"""Talent pools / saved lists ("Backend Berlin 2027"), independent of roles.

Anyone who may view people may view lists; changing them takes EDIT_PEOPLE.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from talentscout.db.scoping import in_workspace
from talentscout.db.tables import people
from talentscout.db.tables_find import talent_list_members, talent_lists
from talentscout.domain.permissions import Action, Actor
from talentscout.services import audit
from talentscout.services.access import require
from talentscout.services.errors import Conflict, InvalidInput, NotFound
from talentscout.services.people import PersonSummary, summary_of
from talentscout.services.unit_of_work import Database

MAX_BATCH = 500


@dataclass(frozen=True)
class TalentList:
    id: int
    name: str
    description: str
    size: int
    updated_at: Any


@dataclass(frozen=True)
class ListDetail:
    talent_list: TalentList
    people: list[PersonSummary]


def create_list(db: Database, *, actor: Actor, name: str, description: str = "") -> int:
    require(actor, Action.EDIT_PEOPLE)
    name = _name(name)
    try:
        with db.begin() as conn:
            now = db.clock.now()
            list_id = conn.execute(
                talent_lists.insert()
                .values(
                    workspace_id=actor.workspace_id,
                    name=name,
                    description=description.strip()[:5000],
                    owner_id=actor.user_id,
                    created_at=now,
                    updated_at=now,
                )
                .returning(talent_lists.c.id)
            ).scalar_one()
            _audit(conn, actor, "list.create", int(list_id), {"name": name}, now)
    except IntegrityError:
        raise Conflict(f"a list called {name!r} already exists") from None
    return int(list_id)


def list_lists(db: Database, *, actor: Actor) -> list[TalentList]:
    require(actor, Action.VIEW_PEOPLE)
    size = (
        select(func.count())
        .where(talent_list_members.c.list_id == talent_lists.c.id)
        .correlate(talent_lists)
        .scalar_subquery()
    )
    with db.read() as conn:
        rows = conn.execute(
            select(talent_lists, size.label("size"))
            .where(talent_lists.c.workspace_id == actor.workspace_id)
            .order_by(talent_lists.c.name)
        )
        return [_list(r) for r in rows]


def get_list(db: Database, *, actor: Actor, list_id: int, limit: int = 500) -> ListDetail:
    require(actor, Action.VIEW_PEOPLE)
    with db.read() as conn:
        row = _require(conn, actor, list_id)
        members = conn.execute(
            select(people)
            .join(talent_list_members, talent_list_members.c.person_id == people.c.id)
            .where(talent_list_members.c.list_id == list_id, people.c.workspace_id == actor.workspace_id)
            .order_by(talent_list_members.c.created_at.desc(), people.c.id)
            .limit(limit)
        ).all()
        size = conn.execute(select(func.count()).where(talent_list_members.c.list_id == list_id)).scalar_one()
    return ListDetail(_list(row, int(size)), [summary_of(m) for m in members])


def rename_list(
    db: Database, *, actor: Actor, list_id: int, name: str, description: str | None = None
) -> None:
    require(actor, Action.EDIT_PEOPLE)
    name = _name(name)
    values: dict[str, Any] = {"name": name, "updated_at": db.clock.now()}
    if description is not None:
        values["description"] = description.strip()[:5000]
    try:
        with db.begin() as conn:
            _require(conn, actor, list_id)
            conn.execute(update(talent_lists).where(talent_lists.c.id == list_id).values(**values))
    except IntegrityError:
        raise Conflict(f"a list called {name!r} already exists") from None


def delete_list(db: Database, *, actor: Actor, list_id: int) -> None:
    require(actor, Action.EDIT_PEOPLE)
    with db.begin() as conn:
        row = _require(conn, actor, list_id)
        conn.execute(delete(talent_list_members).where(talent_list_members.c.list_id == list_id))
        conn.execute(delete(talent_lists).where(talent_lists.c.id == list_id))
        _audit(conn, actor, "list.delete", list_id, {"name": row.name}, db.clock.now())


def add_people(db: Database, *, actor: Actor, list_id: int, person_ids: Iterable[int]) -> int:
    """Add people to the list (people already on it are skipped). Returns how many were added."""
    require(actor, Action.EDIT_PEOPLE)
    wanted = list(dict.fromkeys(int(p) for p in person_ids))
    if not wanted:
        raise InvalidInput("choose at least one person")
    if len(wanted) > MAX_BATCH:
        raise InvalidInput(f"at most {MAX_BATCH} people at a time")
    with db.begin() as conn:
        _require(conn, actor, list_id)
        found = set(
            conn.execute(
                select(people.c.id).where(in_workspace(people.c.id, wanted, actor.workspace_id))
            ).scalars()
        )
        if not found:
            raise NotFound("no such person")
        have = set(
            conn.execute(
                select(talent_list_members.c.person_id).where(
                    talent_list_members.c.list_id == list_id, talent_list_members.c.person_id.in_(wanted)
                )
            ).scalars()
        )
        now = db.clock.now()
        added = [p for p in wanted if p in found and p not in have]
        if added:
            conn.execute(
                talent_list_members.insert(),
                [
                    {
                        "workspace_id": actor.workspace_id,
                        "list_id": list_id,
                        "person_id": p,
                        "added_by": actor.user_id,
                        "created_at": now,
                    }
                    for p in added
                ],
            )
            conn.execute(update(talent_lists).where(talent_lists.c.id == list_id).values(updated_at=now))
            _audit(conn, actor, "list.add", list_id, {"people": added}, now)
    return len(added)


def remove_person(db: Database, *, actor: Actor, list_id: int, person_id: int) -> None:
    require(actor, Action.EDIT_PEOPLE)
    with db.begin() as conn:
        _require(conn, actor, list_id)
        gone = conn.execute(
            delete(talent_list_members).where(
                talent_list_members.c.list_id == list_id, talent_list_members.c.person_id == person_id
            )
        ).rowcount
        if not gone:
            raise NotFound("this person is not on the list")
        _audit(conn, actor, "list.remove", list_id, {"people": [person_id]}, db.clock.now())


def _require(conn: Connection, actor: Actor, list_id: int) -> Any:
    row = conn.execute(
        select(talent_lists).where(
            talent_lists.c.id == list_id, talent_lists.c.workspace_id == actor.workspace_id
        )
    ).first()
    if row is None:
        raise NotFound("no such list")
    return row


def _name(name: str) -> str:
    name = " ".join(name.split())[:200]
    if not name:
        raise InvalidInput("a list needs a name")
    return name


def _list(row: Any, size: int | None = None) -> TalentList:
    return TalentList(
        int(row.id), row.name, row.description, int(size if size is not None else row.size), row.updated_at
    )


def _audit(conn: Connection, actor: Actor, action: str, list_id: int, detail: Any, now: Any) -> None:
    audit.record(
        conn,
        actor=actor,
        action=action,
        subject_type="list",
        subject_id=list_id,
        now=now,
        detail=detail,
    )
