"""Recruiter tasks: LinkedIn messages, connection requests and calls, with the text ready to copy.

A task opens when its step falls due (the worker renders it); the recruiter marks it done (it counts as
sent and the sequence carries on) or skips it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from talentscout.db.tables import people
from talentscout.db.tables_engage import enrollments, messages, outbox, sequence_steps, sequences
from talentscout.domain.permissions import Action, Actor
from talentscout.services import audit, engage_events
from talentscout.services import outbox as ob
from talentscout.services.access import require
from talentscout.services.errors import InvalidInput, NotFound
from talentscout.services.unit_of_work import Database

LABELS = {
    "linkedin_message": "LinkedIn message",
    "linkedin_connect": "LinkedIn connection request",
    "call": "Phone call",
}


def open_tasks(db: Database, *, actor: Actor) -> list[dict[str, Any]]:
    require(actor, Action.SEND_OUTREACH)
    with db.read() as conn:
        rows = conn.execute(
            select(
                outbox.c.id,
                outbox.c.channel,
                outbox.c.due_at,
                outbox.c.person_id,
                people.c.display_name,
                messages.c.body_text,
                messages.c.to_address,
                sequences.c.name.label("sequence"),
                sequence_steps.c.position,
            )
            .join(people, people.c.id == outbox.c.person_id)
            .join(messages, messages.c.id == outbox.c.message_row_id)
            .join(enrollments, enrollments.c.id == outbox.c.enrollment_id)
            .join(sequences, sequences.c.id == enrollments.c.sequence_id)
            .join(sequence_steps, sequence_steps.c.id == outbox.c.step_id)
            .where(outbox.c.workspace_id == actor.workspace_id, outbox.c.status == "task_open")
            .order_by(outbox.c.due_at, outbox.c.id)
        ).all()
    return [dict(r._mapping) | {"label": LABELS.get(r.channel, r.channel)} for r in rows]


def finish_task(db: Database, *, actor: Actor, task_id: int, outcome: str) -> None:
    """``done``: the recruiter sent it / called (it counts as sent); ``skipped``: it will not happen."""
    require(actor, Action.SEND_OUTREACH)
    if outcome not in ("done", "skipped"):
        raise InvalidInput("a task is either done or skipped")
    now = db.clock.now()
    with db.begin() as conn:
        row = conn.execute(
            select(
                outbox.c.id,
                outbox.c.person_id,
                outbox.c.enrollment_id,
                outbox.c.message_row_id,
                outbox.c.channel,
                sequence_steps.c.position,
            )
            .join(sequence_steps, sequence_steps.c.id == outbox.c.step_id)
            .where(
                outbox.c.id == task_id,
                outbox.c.workspace_id == actor.workspace_id,
                outbox.c.status == "task_open",
            )
        ).first()
        if row is None:
            raise NotFound("no such open task")
        conn.execute(update(outbox).where(outbox.c.id == task_id).values(status=outcome, finished_at=now))
        conn.execute(
            update(messages)
            .where(messages.c.id == row.message_row_id)
            .values(
                status="sent" if outcome == "done" else "cancelled",
                sent_at=now if outcome == "done" else None,
            )
        )
        label = LABELS.get(row.channel, row.channel)
        engage_events._activity(
            conn,
            actor.workspace_id,
            row.person_id,
            "message_out" if outcome == "done" else "step_skipped",
            f"{label} {'done' if outcome == 'done' else 'skipped'} by {actor.name or 'a recruiter'}",
            {"message_row_id": row.message_row_id, "channel": row.channel},
            now,
        )
        if outcome == "done":
            audit.record(
                conn,
                actor=actor,
                action="contact",
                subject_type="person",
                subject_id=row.person_id,
                now=now,
                detail={"channel": row.channel, "task_id": task_id},
            )
        ob.schedule_next(
            conn, enrollment_id=row.enrollment_id, after_position=row.position, previous_at=now, now=now
        )
