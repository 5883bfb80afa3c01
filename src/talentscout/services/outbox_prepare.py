"""Step 1 of a send: everything that must hold before a message may leave, and the ``sending`` record.

Checked in this order, inside the transaction that moves the row ``claimed → sending``: the enrolment is
still active; the person and the chosen address are not suppressed; the send window in the recipient's
time zone is open; a usable (never a work, unless overridden) address exists; SMS has recorded consent;
the sender's daily cap and spacing allow it; the template renders with every field filled. The first
message a person gets carries the privacy notice.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from email.utils import formataddr
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select, update

from talentscout.db.tables import people, users
from talentscout.db.tables_engage import enrollments, messages, outbox, senders, sequence_steps, sequences
from talentscout.domain import schedule
from talentscout.domain.templating import TemplateProblem, render_message
from talentscout.domain.templating.render import text_to_html
from talentscout.services import channels, consent, engage_events, privacy_notice, suppression
from talentscout.services import outbox as ob
from talentscout.services.channels_unsubscribe import unsubscribe_url
from talentscout.services.outbox_caps import take_slot
from talentscout.services.research import message_context

if TYPE_CHECKING:
    from talentscout.services.outbox_send import SendContext, Transports


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


def prepare(
    conn: Connection, *, outbox_id: int, worker: str, now: datetime, ctx: SendContext, transports: Transports
) -> Prepared | str:
    took = conn.execute(
        update(outbox)
        .where(outbox.c.id == outbox_id, outbox.c.status == "claimed", outbox.c.locked_by == worker)
        .values(status="sending", attempts=outbox.c.attempts + 1, locked_at=now)
    ).rowcount
    if not took:
        return "gone"  # cancelled, postponed or reclaimed since this worker claimed it
    r = _load(conn, outbox_id)
    if r.existing_message_id is not None:
        if suppression.person_is_suppressed(conn, workspace_id=r.workspace_id, person_id=r.person_id):
            # Stopped since the interrupted hand-over: it may have arrived, but it is not handed over again.
            return "unconfirmed" if ob.mark_unconfirmed(conn, outbox_id=r.id, now=now) else "gone"
        return _resume(conn, r, ctx, now)
    if r.enrollment_status != "active":
        return _end(conn, r, "cancelled", "the enrolment has ended", now)
    if suppression.person_is_suppressed(conn, workspace_id=r.workspace_id, person_id=r.person_id):
        _end(conn, r, "cancelled", "the person is on the suppression list", now)
        engage_events.stop_for_person(
            conn, workspace_id=r.workspace_id, person_id=r.person_id, reason="suppression", now=now
        )
        return "suppressed"
    tz = schedule.zone(r.timezone)
    if not schedule.in_window(now, tz, r.window_start_hour, r.window_end_hour):
        return _defer(
            conn,
            r,
            schedule.next_window(now, tz, r.window_start_hour, r.window_end_hour),
            "outside the send window",
        )
    route = channels.route(
        conn,
        workspace_id=r.workspace_id,
        person_id=r.person_id,
        step_channel=r.step_channel,
        follow_preference=r.follow_preference,
        override_address=r.override_address,
    )
    refusal = _refusal(conn, r, route, transports)
    if refusal:
        return _skip(conn, r, refusal, now)
    assert route is not None
    try:
        content = _render(conn, r, route.channel, now, ctx)
    except TemplateProblem as exc:
        return _skip(conn, r, f"not sent: {exc}", now, status="failed")
    prepared = _store(conn, r, route, content, now, ctx)
    if isinstance(prepared, Prepared):
        # Last, so the sender's usage row stays locked only until this commit (workers share it).
        slot = take_slot(conn, sender_id=r.sender_id, cap=r.daily_cap, spacing=r.min_spacing_seconds, now=now)
        if slot is not None:
            raise Deferred(slot)  # rolls the whole preparation back; the caller re-queues the row
    return prepared


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


def _refusal(conn: Connection, r: Any, route: channels.Route | None, transports: Transports) -> str | None:
    if route is None:
        return "no personal email or phone we may use (work addresses need an explicit override)"
    if route.address and route.channel in ("email", "sms"):
        kind = "email" if route.channel == "email" else "phone"
        if suppression.is_suppressed(conn, workspace_id=r.workspace_id, kind=kind, value=route.address):
            return "the address is on the suppression list"
    if route.channel == "sms":
        if not consent.may_send_sms(conn, workspace_id=r.workspace_id, person_id=r.person_id):
            return "no recorded consent to text this person"
        if transports.sms is None:
            return "SMS is not configured"
        if not r.sender_phone:
            return "the sender has no SMS number"
    if route.channel in channels.SENT_CHANNELS and r.sender_id is None:
        return "the sequence has no sender"
    return None


@dataclass(frozen=True)
class _Content:
    subject: str | None
    text: str
    html: str | None


def _render(conn: Connection, r: Any, channel: str, now: datetime, ctx: SendContext) -> _Content:
    sender = _sender_identity(conn, r)
    context = message_context(
        conn, workspace_id=r.workspace_id, person_id=r.person_id, role_id=r.role_id, sender=sender
    )
    subject = r.subject_template if channel == "email" else None
    rendered = render_message(subject, r.body_template, context)
    notice = privacy_notice.first_contact_notice(
        conn,
        workspace_id=r.workspace_id,
        person_id=r.person_id,
        channel=channels.message_channel(channel),
        now=now,
        base_url=ctx.public_url,
    )
    text = rendered.text
    if channel == "email":
        signature = sender.get("signature") or sender.get("name") or ""
        text = f"{text}\n\n-- \n{signature}" if signature else text
    if channel == "sms":
        text = f"{text}\nReply STOP to opt out."
    if notice:
        text = f"{text}\n\n{notice}"
    html = text_to_html(text) if channel == "email" else None
    return _Content(rendered.subject, text, html)


def _sender_identity(conn: Connection, r: Any) -> dict[str, Any]:
    """The name and signature a message is signed with: the hiring manager's when sent on their behalf."""
    identity = {
        "name": r.sender_name or "",
        "email": r.sender_email or "",
        "signature": r.sender_signature or "",
    }
    if r.on_behalf_of_id is not None:
        manager = conn.execute(
            select(users.c.name, users.c.email).where(users.c.id == r.on_behalf_of_id)
        ).first()
        if manager is not None:
            identity["name"] = manager.name
            identity["signature"] = r.on_behalf_signature or manager.name
    return identity


def _store(
    conn: Connection, r: Any, route: channels.Route, c: _Content, now: datetime, ctx: SendContext
) -> Prepared | str:
    token = secrets.token_urlsafe(12)
    sender = _sender_identity(conn, r)
    sent_channel = route.channel in channels.SENT_CHANNELS
    domain = (r.sender_email or "talentscout.invalid").rsplit("@", 1)[-1]
    message_id = f"<{r.idempotency_key}@{domain}>"
    thread = _previous_email(conn, r.enrollment_id) if route.channel == "email" and r.position > 1 else None
    subject = c.subject or (f"Re: {thread.subject}" if thread is not None and thread.subject else None)
    if route.channel == "email" and not subject:
        return _skip(conn, r, "not sent: the email has no subject", now, status="failed")
    from_header = (
        formataddr((sender["name"], r.sender_email)) if route.channel == "email" else (r.sender_phone or "")
    )
    reply_to = f"reply+{token}@{ctx.reply_domain or domain}"
    row_id = conn.execute(
        messages.insert()
        .values(
            workspace_id=r.workspace_id,
            person_id=r.person_id,
            enrollment_id=r.enrollment_id,
            step_id=r.step_id,
            sender_id=r.sender_id,
            direction="out",
            channel=channels.message_channel(route.channel),
            status="sending" if sent_channel else "task",
            subject=subject,
            body_text=c.text,
            body_html=c.html,
            from_address=from_header,
            to_address=route.address,
            message_id=message_id if route.channel == "email" else None,
            in_reply_to=thread.message_id if thread is not None else None,
            references_header=thread.message_id if thread is not None else None,
            thread_token=token,
            idempotency_key=r.idempotency_key,
            error=f"override: {r.override_reason}" if route.overridden else None,
            created_at=now,
        )
        .returning(messages.c.id)
    ).scalar_one()
    if not sent_channel:
        conn.execute(
            update(outbox)
            .where(outbox.c.id == r.id)
            .values(status="task_open", message_row_id=row_id, locked_by=None)
        )
        return "task"
    return Prepared(
        outbox_id=r.id,
        message_row_id=int(row_id),
        workspace_id=r.workspace_id,
        person_id=r.person_id,
        enrollment_id=r.enrollment_id,
        position=r.position,
        channel=route.channel,
        idempotency_key=r.idempotency_key,
        message_id=message_id,
        from_header=from_header,
        to_address=str(route.address),
        reply_to=reply_to,
        subject=subject,
        text=c.text,
        html=c.html,
        unsubscribe_url=unsubscribe_url(conn, ctx.public_url, r.workspace_id, r.person_id, now)
        if route.channel == "email"
        else None,
        in_reply_to=thread.message_id if thread is not None else None,
        references=(thread.message_id,) if thread is not None else (),
    )


def _resume(conn: Connection, r: Any, ctx: SendContext, now: datetime) -> Prepared | str:
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


def _previous_email(conn: Connection, enrollment_id: int) -> Any:
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


def _load(conn: Connection, outbox_id: int) -> Any:
    return conn.execute(
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
        .where(outbox.c.id == outbox_id)
    ).one()


def _end(conn: Connection, r: Any, status: str, reason: str, now: datetime) -> str:
    conn.execute(
        update(outbox)
        .where(outbox.c.id == r.id)
        .values(status=status, reason=reason, locked_by=None, finished_at=now)
    )
    return status


def _skip(conn: Connection, r: Any, reason: str, now: datetime, *, status: str = "skipped") -> str:
    """This step cannot go out; the sequence carries on with the next one."""
    _end(conn, r, status, reason, now)
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


def _defer(conn: Connection, r: Any, until: datetime, reason: str) -> str:
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
