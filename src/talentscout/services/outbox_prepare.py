"""Step 1 of a send: everything that must hold before a message may leave, and the ``sending`` record.

Checked in this order, inside the transaction that moves the row ``claimed → sending``: the enrolment is
still active; the person and the chosen address are not suppressed; the send window in the recipient's
time zone is open; a usable (never a work, unless overridden) address exists; SMS has recorded consent;
the sender's daily cap and spacing allow it; the template renders with every field filled. The first
message a person gets carries the privacy notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import formataddr
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, select, update

from talentscout.db.tables import users
from talentscout.db.tables_engage import messages, outbox
from talentscout.domain import schedule
from talentscout.domain.templating import TemplateProblem, render_message
from talentscout.domain.templating.render import text_to_html
from talentscout.services import channels, consent, engage_events, outbox_batch, privacy_notice, suppression
from talentscout.services import outbox as ob
from talentscout.services.channels_unsubscribe import unsubscribe_url
from talentscout.services.outbox_batch import Batch
from talentscout.services.outbox_caps import take_slot
from talentscout.services.outbox_rows import (
    Deferred,
    Prepared,
    defer,
    end,
    load_row,
    previous_email,
    requeue,
    resume,
    skip,
)
from talentscout.services.privacy_links import make_token, page_url
from talentscout.services.research import context_from, message_context

__all__ = ["Deferred", "Prepared", "prepare", "requeue"]

if TYPE_CHECKING:
    from talentscout.services.outbox_send import SendContext, Transports


def prepare(
    conn: Connection,
    *,
    outbox_id: int,
    worker: str,
    now: datetime,
    ctx: SendContext,
    transports: Transports,
    batch: Batch | None = None,
) -> Prepared | str:
    """``batch``: what was loaded for the worker's claimed batch (``outbox_batch``); without it, or for
    a person it does not know, every look-up is made here."""
    took = conn.execute(_TO_SENDING, {"b_id": outbox_id, "b_worker": worker, "b_now": now}).rowcount
    if not took:
        return "gone"  # cancelled, postponed or reclaimed since this worker claimed it
    r = load_row(conn, outbox_id)
    if r.existing_message_id is not None:
        if suppression.person_is_suppressed(conn, workspace_id=r.workspace_id, person_id=r.person_id):
            # Stopped since the interrupted hand-over: it may have arrived, but it is not handed over again.
            return "unconfirmed" if ob.mark_unconfirmed(conn, outbox_id=r.id, now=now) else "gone"
        return resume(conn, r, ctx, now)
    if r.enrollment_status != "active":
        return end(conn, r, "cancelled", "the enrolment has ended", now)
    known = batch if batch is not None and batch.get(r.person_id) and r.workspace_id in batch.keys else None
    route: channels.Route | None = None
    if known is not None:
        route = channels.route_from(
            known.route_points(r.person_id),
            known.recipients[r.person_id].preferred,
            step_channel=r.step_channel,
            follow_preference=r.follow_preference,
            override_address=r.override_address,
        )
        address = (
            ("email" if route.channel == "email" else "phone", route.address)
            if route is not None and route.address and route.channel in channels.SENT_CHANNELS
            else None
        )
        hashes = known.identifier_hashes(r.workspace_id, r.person_id, address)
        blocked = outbox_batch.suppressed(conn, workspace_id=r.workspace_id, hashes=hashes)
    else:
        blocked = suppression.person_is_suppressed(conn, workspace_id=r.workspace_id, person_id=r.person_id)
    if blocked:
        end(conn, r, "cancelled", "the person is on the suppression list", now)
        engage_events.stop_for_person(
            conn, workspace_id=r.workspace_id, person_id=r.person_id, reason="suppression", now=now
        )
        return "suppressed"
    tz = schedule.zone(r.timezone)
    if not schedule.in_window(now, tz, r.window_start_hour, r.window_end_hour):
        return defer(
            conn,
            r,
            schedule.next_window(now, tz, r.window_start_hour, r.window_end_hour),
            "outside the send window",
        )
    if known is None:
        route = channels.route(
            conn,
            workspace_id=r.workspace_id,
            person_id=r.person_id,
            step_channel=r.step_channel,
            follow_preference=r.follow_preference,
            override_address=r.override_address,
        )
    # With a batch, the address was checked with the person's identifiers (one query) above.
    refusal = _refusal(conn, r, route, transports, check_address=known is None)
    if refusal:
        return skip(conn, r, refusal, now)
    assert route is not None
    sender = _sender_identity(conn, r)
    try:
        content = _render(conn, r, sender, route.channel, now, ctx, known)
    except TemplateProblem as exc:
        return skip(conn, r, f"not sent: {exc}", now, status="failed")
    prepared = _store(conn, r, sender, route, content, now, ctx, known)
    if isinstance(prepared, Prepared) and not (batch is not None and batch.use_slot(r.sender_id)):
        # Last, so the sender's usage row stays locked only until this commit (workers share it).
        slot = take_slot(conn, sender_id=r.sender_id, cap=r.daily_cap, spacing=r.min_spacing_seconds, now=now)
        if slot is not None:
            raise Deferred(slot)  # rolls the whole preparation back; the caller re-queues the row
    return prepared


_TO_SENDING = (
    update(outbox)
    .where(
        outbox.c.id == bindparam("b_id"),
        outbox.c.status == "claimed",
        outbox.c.locked_by == bindparam("b_worker"),
    )
    .values(status="sending", attempts=outbox.c.attempts + 1, locked_at=bindparam("b_now"))
)
_INSERT_MESSAGE = messages.insert().returning(messages.c.id)


def _refusal(
    conn: Connection, r: Any, route: channels.Route | None, transports: Transports, *, check_address: bool
) -> str | None:
    if route is None:
        return "no personal email or phone we may use (work addresses need an explicit override)"
    if check_address and route.address and route.channel in ("email", "sms"):
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


def _render(
    conn: Connection,
    r: Any,
    sender: dict[str, Any],
    channel: str,
    now: datetime,
    ctx: SendContext,
    batch: Batch | None,
) -> _Content:
    if batch is not None:
        known = batch.recipients[r.person_id]
        context = context_from(
            conn,
            r.workspace_id,
            known.person,
            known.facts,
            role_id=r.role_id,
            sender=sender,
            today=batch.today,
        )
    else:
        context = message_context(
            conn, workspace_id=r.workspace_id, person_id=r.person_id, role_id=r.role_id, sender=sender
        )
    subject = r.subject_template if channel == "email" else None
    if "privacy_link" in r.body_template or "privacy_link" in (subject or ""):
        # A renewal request ("may we keep your profile?") links to the page where the person answers.
        keys = batch.keys[r.workspace_id] if batch is not None else None
        token = make_token(conn, workspace_id=r.workspace_id, person_id=r.person_id, now=now, keys=keys)
        context["privacy_link"] = page_url(ctx.public_url, token)
    rendered = render_message(subject, r.body_template, context)
    notice = privacy_notice.first_contact_notice(
        conn,
        workspace_id=r.workspace_id,
        person_id=r.person_id,
        channel=channels.message_channel(channel),
        now=now,
        base_url=ctx.public_url,
        prefetched=batch.notice(r.workspace_id, r.person_id) if batch is not None else None,
    )
    if notice and batch is not None:
        batch.noticed.add(r.person_id)  # a second message to them in this batch carries none
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
    conn: Connection,
    r: Any,
    sender: dict[str, Any],
    route: channels.Route,
    c: _Content,
    now: datetime,
    ctx: SendContext,
    batch: Batch | None,
) -> Prepared | str:
    token = engage_events.new_thread_token()
    sent_channel = route.channel in channels.SENT_CHANNELS
    domain = (r.sender_email or "talentscout.invalid").rsplit("@", 1)[-1]
    message_id = f"<{r.idempotency_key}@{domain}>"
    thread = previous_email(conn, r.enrollment_id) if route.channel == "email" and r.position > 1 else None
    subject = c.subject or (f"Re: {thread.subject}" if thread is not None and thread.subject else None)
    if route.channel == "email" and not subject:
        return skip(conn, r, "not sent: the email has no subject", now, status="failed")
    from_header = (
        formataddr((sender["name"], r.sender_email)) if route.channel == "email" else (r.sender_phone or "")
    )
    reply_to = f"reply+{token}@{ctx.reply_domain or domain}"
    row_id = conn.execute(
        _INSERT_MESSAGE,
        {
            "workspace_id": r.workspace_id,
            "person_id": r.person_id,
            "enrollment_id": r.enrollment_id,
            "step_id": r.step_id,
            "sender_id": r.sender_id,
            "direction": "out",
            "channel": channels.message_channel(route.channel),
            "status": "sending" if sent_channel else "task",
            "subject": subject,
            "body_text": c.text,
            "body_html": c.html,
            "from_address": from_header,
            "to_address": route.address,
            "message_id": message_id if route.channel == "email" else None,
            "in_reply_to": thread.message_id if thread is not None else None,
            "references_header": thread.message_id if thread is not None else None,
            "thread_token": token,
            "idempotency_key": r.idempotency_key,
            "error": f"override: {r.override_reason}" if route.overridden else None,
            "created_at": now,
        },
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
        unsubscribe_url=unsubscribe_url(
            conn,
            ctx.public_url,
            r.workspace_id,
            r.person_id,
            now,
            keys=batch.keys[r.workspace_id] if batch is not None else None,
        )
        if route.channel == "email"
        else None,
        in_reply_to=thread.message_id if thread is not None else None,
        references=(thread.message_id,) if thread is not None else (),
    )
