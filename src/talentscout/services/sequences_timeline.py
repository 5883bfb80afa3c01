"""A person's outreach in one thread: every message sent and received, the steps still to come."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from talentscout.db.tables_engage import enrollments, messages, outbox, sequence_steps, sequences
from talentscout.domain.permissions import Action, Actor
from talentscout.services import audit, channels, engage_events, people
from talentscout.services.access import require
from talentscout.services.errors import InvalidInput
from talentscout.services.unit_of_work import Database

MANUAL_KINDS = ("reply", "auto_reply", "unsubscribe")


def person_outreach(conn: Connection, *, workspace_id: int, person_id: int) -> dict[str, Any]:
    thread = conn.execute(
        select(
            messages.c.id,
            messages.c.direction,
            messages.c.channel,
            messages.c.status,
            messages.c.subject,
            messages.c.body_text,
            messages.c.to_address,
            messages.c.from_address,
            messages.c.classification,
            messages.c.created_at,
            messages.c.sent_at,
        )
        .where(messages.c.workspace_id == workspace_id, messages.c.person_id == person_id)
        .order_by(messages.c.created_at, messages.c.id)
    ).all()
    steps = conn.execute(
        select(
            outbox.c.id,
            outbox.c.channel,
            outbox.c.status,
            outbox.c.due_at,
            outbox.c.reason,
            sequence_steps.c.position,
            sequences.c.name,
        )
        .join(sequence_steps, sequence_steps.c.id == outbox.c.step_id)
        .join(enrollments, enrollments.c.id == outbox.c.enrollment_id)
        .join(sequences, sequences.c.id == enrollments.c.sequence_id)
        .where(outbox.c.workspace_id == workspace_id, outbox.c.person_id == person_id)
        .order_by(outbox.c.id)
    ).all()
    return {
        "thread": [dict(r._mapping) for r in thread],
        "steps": [dict(r._mapping) for r in steps],
        "preferred": channels.preferred(conn, workspace_id=workspace_id, person_id=person_id),
    }


def outreach_of(db: Database, *, actor: Actor, person_id: int) -> dict[str, Any]:
    require(actor, Action.VIEW_PEOPLE)
    with db.read() as conn:
        people.require_person(conn, actor, person_id)
        return person_outreach(conn, workspace_id=actor.workspace_id, person_id=person_id)


def record_manual(db: Database, *, actor: Actor, person_id: int, channel: str, kind: str, text: str) -> int:
    """A reply a recruiter heard by phone, LinkedIn or in person: the same exit rules as any reply."""
    require(actor, Action.SEND_OUTREACH)
    if kind not in MANUAL_KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(MANUAL_KINDS)}")
    if channel not in ("email", "sms", "linkedin", "call"):
        raise InvalidInput("channel must be email, sms, linkedin or call")
    now = db.clock.now()
    with db.begin() as conn:
        people.require_person(conn, actor, person_id)
        row = engage_events.record_inbound(
            conn,
            workspace_id=actor.workspace_id,
            person_id=person_id,
            channel=channel,
            kind=kind,
            now=now,
            body_text=text.strip()[:20_000] or None,
        )
        audit.record(
            conn,
            actor=actor,
            action="change",
            subject_type="person",
            subject_id=person_id,
            now=now,
            detail={"recorded": kind, "channel": channel, "message_row_id": row},
        )
        return row


def set_preferred_channel(db: Database, *, actor: Actor, person_id: int, channel: str) -> None:
    require(actor, Action.SEND_OUTREACH)
    with db.begin() as conn:
        people.require_person(conn, actor, person_id)
        channels.set_preference(
            conn,
            workspace_id=actor.workspace_id,
            person_id=person_id,
            channel=channel,
            source="recorded",
            now=db.clock.now(),
        )
