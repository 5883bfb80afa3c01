"""The outbox row a send works on: what is loaded for it, and the states it can be left in besides
``sending`` (ended, skipped, deferred, re-queued) — shared by ``outbox_prepare`` and ``outbox_send``.
A row a dead worker left ``sending`` is resumed here with its stored content (``resume``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, select, update

from talentscout.db.tables import people
from talentscout.db.tables_engage import enrollments, messages, outbox, senders, sequence_steps, sequences
from talentscout.services import engage_events
from talentscout.services import outbox as ob
from talentscout.services.channels_unsubscribe import unsubscribe_url

if TYPE_CHECKING:
    from talentscout.services.outbox_send import SendContext


@dataclass(frozen=True)
class Prepared:
    outbox_id: int
    message_row_id: int
    workspace_id: int
    person_id: int
    enrollment_id: int
    position: int
    channel: str
    idempotency_key: str
    message_id: str
    from_header: str
    to_address: str
    reply_to: str
    subject: str | None
    text: str
    html: str | None
    unsubscribe_url: str | None
    in_reply_to: str | None
    references: tuple[str, ...]


class Deferred(Exception):
    """The sender's daily cap or spacing says not yet; ``until`` is when it may."""

    def __init__(self, until: datetime) -> None:
        super().__init__(f"not before {until.isoformat()}")
        self.until = until


def requeue(conn: Connection, *, outbox_id: int, worker: str, until: datetime) -> None:
    conn.execute(
        update(outbox)
        .where(outbox.c.id == outbox_id, outbox.c.status == "claimed", outbox.c.locked_by == worker)
        .values(
            status="pending",
            due_at=until,
            reason="waiting: the sender's daily cap or spacing",
            locked_by=None,
            locked_at=None,
        )
    )


def resume(conn: Connection, r: Any, ctx: SendContext, now: datetime) -> Prepared | str:
    """A send a dead worker left ``sending``, re-handed over with the same key (idempotent providers)."""
    m = conn.execute(select(messages).where(messages.c.id == r.existing_message_id)).one()
    if m.status != "sending":  # never expected; the conservative answer is never to hand it over again
        return "unconfirmed" if ob.mark_unconfirmed(conn, outbox_id=r.id, now=now) else "gone"
    channel = "email" if m.channel == "email" else "sms"
    domain = (r.sender_email or "talentscout.invalid").rsplit("@", 1)[-1]
    return Prepared(
        outbox_id=r.id,
        message_row_id=int(m.id),
        workspace_id=r.workspace_id,
        person_id=r.person_id,
        enrollment_id=r.enrollment_id,
        position=r.position,
        channel=channel,
        idempotency_key=r.idempotency_key,
        message_id=m.message_id or "",
        from_header=m.from_address or "",
        to_address=m.to_address or "",
        reply_to=f"reply+{m.thread_token}@{ctx.reply_domain or domain}",
        subject=m.subject,
        text=m.body_text or "",
        html=m.body_html,
        unsubscribe_url=unsubscribe_url(conn, ctx.public_url, r.workspace_id, r.person_id, m.created_at)
        if channel == "email"
        else None,
        in_reply_to=m.in_reply_to,
        references=tuple((m.references_header or "").split()),
    )


def previous_email(conn: Connection, enrollment_id: int) -> Any:
    return conn.execute(
        select(messages.c.message_id, messages.c.subject)
        .where(
            messages.c.enrollment_id == enrollment_id,
            messages.c.channel == "email",
            messages.c.direction == "out",
            messages.c.status.in_(ob.SENT_STATES),
        )
        .order_by(messages.c.id)
        .limit(1)
    ).first()


_LOAD = (
    select(
        outbox.c.id,
        outbox.c.workspace_id,
        outbox.c.person_id,
        outbox.c.enrollment_id,
        outbox.c.step_id,
        outbox.c.idempotency_key,
        messages.c.id.label("existing_message_id"),  # a send interrupted after its ``sending`` record
        enrollments.c.status.label("enrollment_status"),
        enrollments.c.override_address,
        enrollments.c.override_reason,
        sequence_steps.c.position,
        sequence_steps.c.channel.label("step_channel"),
        sequence_steps.c.follow_preference,
        sequence_steps.c.subject_template,
        sequence_steps.c.body_template,
        sequences.c.role_id,
        sequences.c.on_behalf_of_id,
        sequences.c.on_behalf_signature,
        sequences.c.window_start_hour,
        sequences.c.window_end_hour,
        senders.c.id.label("sender_id"),
        senders.c.name.label("sender_name"),
        senders.c.email.label("sender_email"),
        senders.c.phone.label("sender_phone"),
        senders.c.signature.label("sender_signature"),
        senders.c.daily_cap,
        senders.c.min_spacing_seconds,
        people.c.timezone,
    )
    .join(enrollments, enrollments.c.id == outbox.c.enrollment_id)
    .join(sequence_steps, sequence_steps.c.id == outbox.c.step_id)
    .join(sequences, sequences.c.id == enrollments.c.sequence_id)
    .join(people, people.c.id == outbox.c.person_id)
    .outerjoin(senders, senders.c.id == sequences.c.sender_id)
    .outerjoin(messages, messages.c.idempotency_key == outbox.c.idempotency_key)
    .where(outbox.c.id == bindparam("b_id"))
)


def load_row(conn: Connection, outbox_id: int) -> Any:
    return conn.execute(_LOAD, {"b_id": outbox_id}).one()


def end(conn: Connection, r: Any, status: str, reason: str, now: datetime) -> str:
    conn.execute(
        update(outbox)
        .where(outbox.c.id == r.id)
        .values(status=status, reason=reason, locked_by=None, finished_at=now)
    )
    return status


def skip(conn: Connection, r: Any, reason: str, now: datetime, *, status: str = "skipped") -> str:
    """This step cannot go out; the sequence carries on with the next one."""
    end(conn, r, status, reason, now)
    engage_events._activity(
        conn,
        r.workspace_id,
        r.person_id,
        "step_skipped",
        f"Step {r.position} not sent: {reason}",
        {"outbox_id": r.id},
        now,
    )
    ob.schedule_next(conn, enrollment_id=r.enrollment_id, after_position=r.position, previous_at=now, now=now)
    return status


def defer(conn: Connection, r: Any, until: datetime, reason: str) -> str:
    conn.execute(
        update(outbox)
        .where(outbox.c.id == r.id)
        .values(
            status="pending",
            due_at=until,
            reason=f"waiting: {reason}",
            locked_by=None,
            locked_at=None,
            attempts=outbox.c.attempts - 1,
        )
    )
    return "deferred"
