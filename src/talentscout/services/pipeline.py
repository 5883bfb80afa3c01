"""People in a role's pipeline: add them, move them between stages, see the board.

Every add and move is a row on the person's timeline (``activities``) and in the audit log. A move past
"contacted" stops pending outreach to the person (engage), in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, select, update

from talentscout.db.scoping import in_workspace
from talentscout.db.tables import activities, people, roles
from talentscout.db.tables_find import pipeline_entries, talent_list_members, talent_lists
from talentscout.domain.permissions import Action, Actor
from talentscout.domain.roles import FIRST_STAGE, Stage, stage_after_contacted
from talentscout.services import audit
from talentscout.services.access import require
from talentscout.services.engage_events import stop_for_person
from talentscout.services.errors import InvalidInput, NotFound
from talentscout.services.people import PersonSummary, summary_of
from talentscout.services.roles import require_role, role_stages, visible_roles
from talentscout.services.unit_of_work import Database

MAX_BATCH = 500


@dataclass(frozen=True)
class Card:
    person: PersonSummary
    stage: str
    moved_at: datetime


@dataclass(frozen=True)
class Column:
    stage: Stage
    cards: list[Card]


@dataclass(frozen=True)
class Board:
    role: dict[str, Any]
    columns: list[Column]

    def stage_of(self) -> dict[int, str]:
        return {card.person.id: column.stage.key for column in self.columns for card in column.cards}


def add_people(
    db: Database, *, actor: Actor, role_id: int, person_ids: Iterable[int], stage: str = FIRST_STAGE
) -> int:
    """Add people to the role at ``stage``; people already in it stay where they are. Returns how many."""
    require(actor, Action.MOVE_PIPELINE)
    wanted = _ids(person_ids)
    with db.begin() as conn:
        role = require_role(conn, actor, role_id)
        stages = role_stages(conn, role_id)
        _stage(stages, stage)
        found = _people(conn, actor, wanted)
        have = set(
            conn.execute(
                select(pipeline_entries.c.person_id).where(
                    pipeline_entries.c.role_id == role_id, pipeline_entries.c.person_id.in_(wanted)
                )
            ).scalars()
        )
        now = db.clock.now()
        added = [p for p in wanted if p in found and p not in have]
        for person_id in added:
            conn.execute(
                pipeline_entries.insert().values(
                    workspace_id=actor.workspace_id,
                    role_id=role_id,
                    person_id=person_id,
                    stage=stage,
                    added_by=actor.user_id,
                    created_at=now,
                    moved_at=now,
                )
            )
            summary = f"added to role {role.title!r} at {_label(stages, stage)}"
            _timeline(conn, actor, person_id, summary, now, {"role_id": role_id, "to": stage})
            _audit(conn, actor, "pipeline.add", person_id, now, {"role_id": role_id, "stage": stage})
            _stop_outreach(conn, actor, stages, person_id, stage, now)
    return len(added)


def move(db: Database, *, actor: Actor, role_id: int, person_id: int, stage: str) -> None:
    """Move a person in the role's pipeline to ``stage`` (a board stage or a closed reason)."""
    require(actor, Action.MOVE_PIPELINE)
    with db.begin() as conn:
        role = require_role(conn, actor, role_id)
        stages = role_stages(conn, role_id)
        _stage(stages, stage)
        entry = conn.execute(
            select(pipeline_entries).where(
                pipeline_entries.c.role_id == role_id, pipeline_entries.c.person_id == person_id
            )
        ).first()
        if entry is None:
            raise NotFound("this person is not in the role's pipeline")
        if entry.stage == stage:
            return
        now = db.clock.now()
        conn.execute(
            update(pipeline_entries)
            .where(pipeline_entries.c.id == entry.id)
            .values(stage=stage, moved_at=now)
        )
        summary = (
            f"moved from {_label(stages, entry.stage)} to {_label(stages, stage)} for role {role.title!r}"
        )
        data = {"role_id": role_id, "from": entry.stage, "to": stage}
        _timeline(conn, actor, person_id, summary, now, data)
        _audit(conn, actor, "pipeline.move", person_id, now, data)
        _stop_outreach(conn, actor, stages, person_id, stage, now)


def remove(db: Database, *, actor: Actor, role_id: int, person_id: int) -> None:
    require(actor, Action.MOVE_PIPELINE)
    with db.begin() as conn:
        role = require_role(conn, actor, role_id)
        gone = conn.execute(
            delete(pipeline_entries).where(
                pipeline_entries.c.role_id == role_id, pipeline_entries.c.person_id == person_id
            )
        ).rowcount
        if not gone:
            raise NotFound("this person is not in the role's pipeline")
        now = db.clock.now()
        _timeline(conn, actor, person_id, f"removed from role {role.title!r}", now, {"role_id": role_id})
        _audit(conn, actor, "pipeline.remove", person_id, now, {"role_id": role_id})


def board(db: Database, *, actor: Actor, role_id: int) -> Board:
    """The role's pipeline as columns per stage, most recently moved first."""
    require(actor, Action.VIEW_ROLES)
    with db.read() as conn:
        role = require_role(conn, actor, role_id)
        stages = role_stages(conn, role_id)
        rows = conn.execute(
            select(people, pipeline_entries.c.stage, pipeline_entries.c.moved_at)
            .join(pipeline_entries, pipeline_entries.c.person_id == people.c.id)
            .where(pipeline_entries.c.role_id == role_id, people.c.workspace_id == actor.workspace_id)
            .order_by(pipeline_entries.c.moved_at.desc(), people.c.id)
        ).all()
    by_stage: dict[str, list[Card]] = {s.key: [] for s in stages}
    for row in rows:
        by_stage.setdefault(row.stage, []).append(Card(summary_of(row), row.stage, row.moved_at))
    return Board(dict(role._mapping), [Column(s, by_stage[s.key]) for s in stages])


def _ids(person_ids: Iterable[int]) -> list[int]:
    wanted = list(dict.fromkeys(int(p) for p in person_ids))
    if not wanted:
        raise InvalidInput("choose at least one person")
    if len(wanted) > MAX_BATCH:
        raise InvalidInput(f"at most {MAX_BATCH} people at a time")
    return wanted


def _people(conn: Connection, actor: Actor, ids: list[int]) -> set[int]:
    found = set(
        conn.execute(select(people.c.id).where(in_workspace(people.c.id, ids, actor.workspace_id))).scalars()
    )
    if not found:
        raise NotFound("no such person")
    return found


def _stage(stages: list[Stage], key: str) -> Stage:
    for stage in stages:
        if stage.key == key:
            return stage
    raise InvalidInput(f"unknown stage {key[:40]!r}; one of {', '.join(s.key for s in stages)}")


def _label(stages: list[Stage], key: str) -> str:
    return next((s.label for s in stages if s.key == key), key)


def _timeline(conn: Connection, actor: Actor, person_id: int, summary: str, now: datetime, data: Any) -> None:
    conn.execute(
        activities.insert().values(
            workspace_id=actor.workspace_id,
            person_id=person_id,
            kind="pipeline",
            summary=summary,
            actor_id=actor.user_id,
            data=data,
            created_at=now,
        )
    )


def _audit(conn: Connection, actor: Actor, action: str, person_id: int, now: datetime, detail: Any) -> None:
    audit.record(
        conn,
        actor=actor,
        action=action,
        subject_type="person",
        subject_id=person_id,
        now=now,
        detail=detail,
    )


def _stop_outreach(
    conn: Connection, actor: Actor, stages: list[Stage], person_id: int, stage: str, now: datetime
) -> None:
    if not stage_after_contacted(stages, stage):
        return
    stop_for_person(
        conn, workspace_id=actor.workspace_id, person_id=person_id, reason=f"stage:{stage}", now=now
    )


def memberships_of(conn: Connection, actor: Actor, person_id: int) -> dict[str, list[dict[str, Any]]]:
    """The roles (with the person's stage) and lists the person is in, as the actor may see them;
    read in the caller's transaction (the person page)."""
    in_roles = conn.execute(
        select(roles.c.id, roles.c.title, pipeline_entries.c.stage, pipeline_entries.c.role_id)
        .join(pipeline_entries, pipeline_entries.c.role_id == roles.c.id)
        .where(pipeline_entries.c.person_id == person_id, *visible_roles(actor))
        .order_by(pipeline_entries.c.moved_at.desc())
    ).all()
    out_roles = []
    for r in in_roles:
        label = _label(role_stages(conn, r.id), r.stage)
        out_roles.append({"role_id": r.id, "title": r.title, "stage": r.stage, "stage_label": label})
    on_lists = conn.execute(
        select(talent_lists.c.id, talent_lists.c.name)
        .join(talent_list_members, talent_list_members.c.list_id == talent_lists.c.id)
        .where(
            talent_list_members.c.person_id == person_id, talent_lists.c.workspace_id == actor.workspace_id
        )
        .order_by(talent_lists.c.name)
    ).all()
    return {"roles": out_roles, "lists": [{"list_id": r.id, "name": r.name} for r in on_lists]}
