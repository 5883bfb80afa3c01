"""The outbox: one row per scheduled step, written in the transaction that schedules it.

Rows move ``pending → claimed → sending → sent`` (or ``task_open → done`` for recruiter tasks); exits
cancel ``pending``/``claimed``/``task_open`` rows. Workers claim with ``FOR UPDATE SKIP LOCKED`` on
PostgreSQL and a conditional update on SQLite; a row left ``claimed`` or ``sending`` by a dead worker is
reconciled after a lease (docs/decisions/013-sending-exactly-once.md).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, select, update

from talentscout.db.tables import activities, people
from talentscout.db.tables_engage import enrollments, messages, outbox, sequence_steps, sequences
from talentscout.domain import schedule

SENT_STATES = ("sent", "sending", "unconfirmed")


def new_key() -> str:
    return f"ts-{uuid.uuid4().hex}"


def schedule_next(
    conn: Connection,
    *,
    enrollment_id: int,
    after_position: int,
    previous_at: datetime,
    now: datetime,
    sent_any: bool | None = None,
) -> int | None:
    """Queue the enrolment's next step not yet sent to the person; finish the enrolment when none is left."""
    rows = conn.execute(
        select(
            enrollments.c.workspace_id,
            enrollments.c.person_id,
            enrollments.c.status,
            sequences.c.window_start_hour,
            sequences.c.window_end_hour,
            people.c.timezone,
            sequence_steps.c.id.label("step_id"),
            sequence_steps.c.channel,
            sequence_steps.c.delay_days,
        )
        .join(sequences, sequences.c.id == enrollments.c.sequence_id)
        .join(people, people.c.id == enrollments.c.person_id)
        .outerjoin(
            sequence_steps,
            and_(
                sequence_steps.c.sequence_id == enrollments.c.sequence_id,
                sequence_steps.c.position > after_position,
            ),
        )
        .where(enrollments.c.id == enrollment_id)
        .order_by(sequence_steps.c.position)
    ).all()
    if not rows or rows[0].status != "active":
        return None
    e = rows[0]
    candidates = [r for r in rows if r.step_id is not None]
    done = (
        set(already_sent_steps(conn, workspace_id=e.workspace_id, person_id=e.person_id))
        if candidates
        else set()
    )
    step = next((c for c in candidates if c.step_id not in done), None)
    if step is None:
        _finish(conn, enrollment_id, e.workspace_id, e.person_id, now, sent_any)
        return None
    due = schedule.due_after(previous_at, step.delay_days, e.timezone, e.window_start_hour, e.window_end_hour)
    return int(
        conn.execute(
            outbox.insert()
            .values(
                workspace_id=e.workspace_id,
                enrollment_id=enrollment_id,
                step_id=step.step_id,
                person_id=e.person_id,
                channel=step.channel,
                status="pending",
                due_at=due,
                idempotency_key=new_key(),
                attempts=0,
                created_at=now,
            )
            .returning(outbox.c.id)
        ).scalar_one()
    )


def already_sent_steps(conn: Connection, *, workspace_id: int, person_id: int) -> list[int]:
    """Steps the person was already sent (or given as a done task): re-enrolment never repeats them."""
    rows = conn.execute(
        select(messages.c.step_id).where(
            messages.c.workspace_id == workspace_id,
            messages.c.person_id == person_id,
            messages.c.direction == "out",
            messages.c.step_id.is_not(None),
            messages.c.status.in_(SENT_STATES),
        )
    ).all()
    return sorted({int(r.step_id) for r in rows})


def _finish(
    conn: Connection, enrollment_id: int, workspace_id: int, person_id: int, now: datetime, sent: bool | None
) -> None:
    if sent is None:
        sent = (
            conn.execute(
                select(messages.c.id)
                .where(messages.c.enrollment_id == enrollment_id, messages.c.direction == "out")
                .limit(1)
            ).first()
            is not None
        )
    status = "no_response" if sent else "completed"
    conn.execute(
        update(enrollments)
        .where(enrollments.c.id == enrollment_id, enrollments.c.status == "active")
        .values(status=status, finished_at=now)
    )
    summary = "Sequence finished without a reply" if sent else "Sequence finished (nothing left to send)"
    conn.execute(
        activities.insert().values(
            workspace_id=workspace_id,
            person_id=person_id,
            kind="sequence_finished",
            summary=summary,
            data={"enrollment_id": enrollment_id, "status": status},
            created_at=now,
        )
    )


def claim(conn: Connection, *, worker: str, now: datetime, limit: int) -> list[int]:
    """Take up to ``limit`` due rows for ``worker``; no two workers ever hold the same row."""
    due = (
        select(outbox.c.id)
        .where(outbox.c.status == "pending", outbox.c.due_at <= now)
        .order_by(outbox.c.due_at, outbox.c.id)
        .limit(limit)
    )
    if conn.dialect.name == "postgresql":
        ids = [int(r.id) for r in conn.execute(due.with_for_update(skip_locked=True)).all()]
        if not ids:
            return []
        conn.execute(
            update(outbox)
            .where(outbox.c.id.in_(ids))
            .values(status="claimed", locked_by=worker, locked_at=now)
        )
        return ids
    rows = conn.execute(
        update(outbox)
        .where(outbox.c.id.in_(due.scalar_subquery()), outbox.c.status == "pending")
        .values(status="claimed", locked_by=worker, locked_at=now)
        .returning(outbox.c.id)
    ).all()
    return sorted(int(r.id) for r in rows)


@dataclass(frozen=True)
class Reconciled:
    released: int
    resumed: int
    unconfirmed: int


def reconcile(
    conn: Connection, *, now: datetime, lease: timedelta, idempotent: Mapping[str, bool]
) -> Reconciled:
    """Rows a dead worker left behind: ``claimed`` go back to the queue; ``sending`` are resumed with the
    same idempotency key when the channel's provider drops repeats, else marked ``unconfirmed``."""
    stale = outbox.c.locked_at < now - lease
    released = conn.execute(
        update(outbox)
        .where(outbox.c.status == "claimed", stale)
        .values(status="pending", locked_by=None, locked_at=None)
    ).rowcount
    resumed = unconfirmed = 0
    rows = conn.execute(
        select(outbox.c.id, outbox.c.channel).where(outbox.c.status == "sending", stale)
    ).all()
    for row in rows:
        if idempotent.get(row.channel, False):
            resumed += conn.execute(
                update(outbox)
                .where(outbox.c.id == row.id, outbox.c.status == "sending", stale)
                .values(status="pending", locked_by=None, locked_at=None)
            ).rowcount
        else:
            unconfirmed += mark_unconfirmed(conn, outbox_id=row.id, now=now)
    return Reconciled(int(released), resumed, unconfirmed)


def mark_unconfirmed(conn: Connection, *, outbox_id: int, now: datetime) -> int:
    """The provider may have taken the message: never re-send it; continue the sequence as if sent."""
    row = conn.execute(
        select(
            outbox.c.enrollment_id,
            outbox.c.idempotency_key,
            outbox.c.workspace_id,
            outbox.c.person_id,
            sequence_steps.c.position,
        )
        .join(sequence_steps, sequence_steps.c.id == outbox.c.step_id)
        .where(outbox.c.id == outbox_id, outbox.c.status == "sending")
    ).first()
    if row is None:
        return 0
    reason = "the send was interrupted after the message was handed over; it may have been delivered"
    conn.execute(
        update(outbox)
        .where(outbox.c.id == outbox_id)
        .values(status="unconfirmed", reason=reason, finished_at=now)
    )
    conn.execute(  # the message row is found by its key (it shares the outbox row's)
        update(messages)
        .where(messages.c.idempotency_key == row.idempotency_key)
        .values(status="unconfirmed", error=reason)
    )
    conn.execute(
        activities.insert().values(
            workspace_id=row.workspace_id,
            person_id=row.person_id,
            kind="message_unconfirmed",
            summary="A message may not have been delivered (the sender stopped mid-send); it is not re-sent",
            data={"outbox_id": outbox_id},
            created_at=now,
        )
    )
    schedule_next(
        conn, enrollment_id=row.enrollment_id, after_position=row.position, previous_at=now, now=now
    )
    return 1


def counts_by_status(
    conn: Connection, *, workspace_id: int, sequence_id: int | None = None
) -> dict[str, int]:
    from sqlalchemy import func

    q = select(outbox.c.status, func.count()).where(outbox.c.workspace_id == workspace_id)
    if sequence_id is not None:
        q = q.join(enrollments, and_(enrollments.c.id == outbox.c.enrollment_id)).where(
            enrollments.c.sequence_id == sequence_id
        )
    return {str(s): int(n) for s, n in conn.execute(q.group_by(outbox.c.status)).all()}


def pending_for_person(conn: Connection, *, workspace_id: int, person_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(
            outbox.c.id,
            outbox.c.channel,
            outbox.c.status,
            outbox.c.due_at,
            outbox.c.reason,
            sequence_steps.c.position,
        )
        .join(sequence_steps, sequence_steps.c.id == outbox.c.step_id)
        .where(outbox.c.workspace_id == workspace_id, outbox.c.person_id == person_id)
        .order_by(outbox.c.due_at)
    ).all()
    return [dict(r._mapping) for r in rows]
