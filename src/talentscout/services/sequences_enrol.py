"""Enrolling people in a sequence (from ids, a role's pipeline, a talent list or a search), manual stops.

A person is refused when suppressed, already in an active sequence of the workspace, or inside the
cooling-off period after a sequence that ended without a reply. Re-enrolment skips the steps the person
was already sent. A work address is used only when the recruiter names it with a reason (audited).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Table, select

from talentscout.db import tables
from talentscout.db.tables import contact_points
from talentscout.db.tables_engage import enrollments, sequences
from talentscout.domain.permissions import Action, Actor
from talentscout.services import audit, engage_events, people, suppression
from talentscout.services import outbox as ob
from talentscout.services.access import require
from talentscout.services.errors import InvalidInput, NotFound
from talentscout.services.unit_of_work import Database

MAX_ENROL = 5000


@dataclass
class EnrolReport:
    enrolled: list[int] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)


def enrol(
    db: Database,
    *,
    actor: Actor,
    sequence_id: int,
    person_ids: list[int],
    cooling_off_months: int = 6,
    override_address: str | None = None,
    override_reason: str | None = None,
) -> EnrolReport:
    require(actor, Action.SEND_OUTREACH)
    ids = list(dict.fromkeys(int(p) for p in person_ids))[:MAX_ENROL]
    if not ids:
        raise InvalidInput("choose at least one person to enrol")
    if override_address and (len(ids) != 1 or not (override_reason or "").strip()):
        raise InvalidInput("an address override is for one person at a time and needs a reason")
    report = EnrolReport()
    now = db.clock.now()
    with db.begin() as conn:
        seq = conn.execute(
            select(sequences).where(
                sequences.c.id == sequence_id, sequences.c.workspace_id == actor.workspace_id
            )
        ).first()
        if seq is None:
            raise NotFound("no such sequence")
        if seq.status != "active":
            raise InvalidInput("this sequence is archived")
        for pid in ids:
            problem = _refusal(conn, actor, pid, now, cooling_off_months)
            if problem:
                report.skipped.append((pid, problem))
                continue
            if override_address:
                _check_override(conn, actor, pid, override_address)
            _enrol_one(conn, actor, seq, pid, now, override_address, override_reason)
            report.enrolled.append(pid)
    return report


def _refusal(conn: Connection, actor: Actor, person_id: int, now: datetime, months: int) -> str | None:
    try:
        people.require_person(conn, actor, person_id)
    except NotFound:
        return "no such person"
    if suppression.person_is_suppressed(conn, workspace_id=actor.workspace_id, person_id=person_id):
        return "on the suppression list"
    rows = conn.execute(
        select(enrollments.c.status, enrollments.c.finished_at).where(
            enrollments.c.workspace_id == actor.workspace_id,
            enrollments.c.person_id == person_id,
            enrollments.c.status.in_(("active", "no_response")),
        )
    ).all()
    for status, finished in rows:
        if status == "active":
            return "already in an active sequence"
        if finished is not None and _aware(finished, now) > now - timedelta(days=round(months * 30.44)):
            until = _aware(finished, now) + timedelta(days=round(months * 30.44))
            return f"no reply to an earlier sequence; cooling off until {until:%Y-%m-%d}"
    return None


def _check_override(conn: Connection, actor: Actor, person_id: int, address: str) -> None:
    held = conn.execute(
        select(contact_points.c.id).where(
            contact_points.c.workspace_id == actor.workspace_id,
            contact_points.c.person_id == person_id,
            contact_points.c.value == address.strip(),
        )
    ).first()
    if held is None:
        raise InvalidInput("the override address is not one of this person's contact points")


def _enrol_one(
    conn: Connection,
    actor: Actor,
    seq: Any,
    person_id: int,
    now: datetime,
    address: str | None,
    reason: str | None,
) -> None:
    eid = conn.execute(
        enrollments.insert()
        .values(
            workspace_id=actor.workspace_id,
            sequence_id=seq.id,
            person_id=person_id,
            status="active",
            override_address=address.strip() if address else None,
            override_reason=reason.strip() if address and reason else None,
            enrolled_by=actor.user_id,
            created_at=now,
        )
        .returning(enrollments.c.id)
    ).scalar_one()
    engage_events._activity(
        conn,
        actor.workspace_id,
        person_id,
        "enrolled",
        f"Enrolled in sequence “{seq.name}”",
        {"enrollment_id": eid},
        now,
    )
    if address:
        audit.record(
            conn,
            actor=actor,
            action="change",
            subject_type="person",
            subject_id=person_id,
            now=now,
            detail={"override_address": address, "reason": reason, "enrollment_id": eid},
        )
    ob.schedule_next(conn, enrollment_id=eid, after_position=0, previous_at=now, now=now)


def people_of_role(db: Database, *, actor: Actor, role_id: int) -> list[int]:
    return _members(db, actor, "pipeline_entries", "role_id", role_id)


def people_of_list(db: Database, *, actor: Actor, list_id: int) -> list[int]:
    return _members(db, actor, "talent_list_members", "list_id", list_id)


def _members(db: Database, actor: Actor, table_name: str, column: str, value: int) -> list[int]:
    """Read defensively: the role and list tables belong to another area and may not exist yet."""
    table: Table | None = tables.metadata.tables.get(table_name)
    if table is None:
        raise InvalidInput("roles and lists are not available in this installation")
    with db.read() as conn:
        rows = conn.execute(
            select(table.c.person_id).where(
                table.c.workspace_id == actor.workspace_id, table.c[column] == value
            )
        ).all()
    return [int(r.person_id) for r in rows]


def stop_person(db: Database, *, actor: Actor, person_id: int, reason: str) -> int:
    """A recruiter's manual stop: every pending step of every sequence for the person."""
    require(actor, Action.SEND_OUTREACH)
    with db.begin() as conn:
        people.require_person(conn, actor, person_id)
        now = db.clock.now()
        count = engage_events.stop_for_person(
            conn,
            workspace_id=actor.workspace_id,
            person_id=person_id,
            reason=f"manual stop: {reason.strip() or 'by a recruiter'}",
            now=now,
        )
        audit.record(
            conn,
            actor=actor,
            action="change",
            subject_type="person",
            subject_id=person_id,
            now=now,
            detail={"stopped_steps": count, "reason": reason},
        )
    return count


def _aware(value: datetime, now: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=now.tzinfo)
