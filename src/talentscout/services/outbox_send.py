"""The send path for one outbox row: check, render and record ``sending``; hand over; record the outcome.

Three short transactions per message, the provider call outside any of them:
1. *prepare*: the row moves ``claimed → sending`` only if this worker still holds it (an exit rule may
   have cancelled it); the person, address, consent, caps and window are checked, the message rendered
   and stored with its idempotency key. Anything that blocks sending ends here, nothing goes out.
2. *hand over* to the transport with that key.
3. *record*: ``sent`` (and the next step scheduled), or the failure: transient → retried with back-off,
   permanent → the step stops with the reason (a refused address is a hard bounce), uncertain → never
   re-sent unless the provider drops repeats of the key.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr

from sqlalchemy import Connection, select, update

from talentscout.db.tables_engage import messages, outbox
from talentscout.services import audit, engage_events
from talentscout.services import outbox as ob
from talentscout.services.outbox_prepare import Deferred, Prepared, prepare, requeue
from talentscout.services.unit_of_work import Database
from talentscout.transports.base import (
    EmailTransport,
    OutgoingEmail,
    OutgoingSms,
    SmsTransport,
    TransportError,
)

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 6


@dataclass
class Transports:
    email: EmailTransport
    sms: SmsTransport | None = None

    def idempotent(self) -> dict[str, bool]:
        return {"email": self.email.idempotent, "sms": bool(self.sms and self.sms.idempotent)}


@dataclass(frozen=True)
class SendContext:
    public_url: str
    reply_domain: str | None = None


def process(db: Database, transports: Transports, ctx: SendContext, *, outbox_id: int, worker: str) -> str:
    """Run one claimed row to its next state; returns the outcome (``sent``, ``task``, ``skipped`` …)."""
    try:
        with db.begin() as conn:
            prepared = prepare(
                conn, outbox_id=outbox_id, worker=worker, now=db.clock.now(), ctx=ctx, transports=transports
            )
    except Deferred as wait:
        with db.begin() as conn:
            requeue(conn, outbox_id=outbox_id, worker=worker, until=wait.until)
        return "deferred"
    if not isinstance(prepared, Prepared):
        return prepared
    try:
        provider_id = _hand_over(transports, prepared)
    except TransportError as exc:
        with db.begin() as conn:
            return _failed(conn, prepared, exc, db.clock.now())
    with db.begin() as conn:
        relaxed_commit(conn)
        _sent(conn, prepared, provider_id, db.clock.now())
    return "sent"


def relaxed_commit(conn: Connection) -> None:
    """PostgreSQL: this transaction's commit need not wait for the disk. Used only where losing the
    commit in a database crash is safe: a claim (the row is claimed again) and the ``sent`` record (the
    row stays ``sending`` and is reconciled, never blindly re-sent). The ``sending`` record always waits."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET LOCAL synchronous_commit = off")


def _hand_over(transports: Transports, p: Prepared) -> str:
    if p.channel == "email":
        name, address = parseaddr(p.from_header)
        return transports.email.send(
            OutgoingEmail(
                idempotency_key=p.idempotency_key,
                message_id=p.message_id,
                from_name=name,
                from_address=address,
                to_address=p.to_address,
                reply_to=p.reply_to,
                subject=p.subject or "",
                text=p.text,
                html=p.html,
                unsubscribe_url=p.unsubscribe_url,
                in_reply_to=p.in_reply_to,
                references=p.references,
            )
        )
    if transports.sms is None:
        raise TransportError("SMS is not configured (TALENTSCOUT_SMS_API_URL)", permanent=True)
    return transports.sms.send(
        OutgoingSms(
            idempotency_key=p.idempotency_key, from_number=p.from_header, to_number=p.to_address, body=p.text
        )
    )


def _sent(conn: Connection, p: Prepared, provider_id: str, now: datetime) -> None:
    conn.execute(
        update(messages)
        .where(messages.c.id == p.message_row_id)
        .values(status="sent", provider_id=provider_id, sent_at=now)
    )
    mine = conn.execute(
        update(outbox)
        .where(outbox.c.id == p.outbox_id, outbox.c.status == "sending")
        .values(status="sent", locked_by=None, finished_at=now, reason=None, message_row_id=p.message_row_id)
    ).rowcount
    if not mine:
        # Another worker reconciled this row while the hand-over was slow: ``unconfirmed`` is now known to
        # be sent (its next step was scheduled then); a resumed row is recorded by the worker resuming it.
        conn.execute(
            update(outbox)
            .where(outbox.c.id == p.outbox_id, outbox.c.status == "unconfirmed")
            .values(status="sent", reason=None)
        )
        return
    engage_events._activity(
        conn,
        p.workspace_id,
        p.person_id,
        "message_out",
        f"{'Email' if p.channel == 'email' else 'SMS'} sent to {p.to_address}"
        + (f": {p.subject}" if p.subject else ""),
        {"message_row_id": p.message_row_id, "channel": p.channel, "step": p.position},
        now,
    )
    audit.record(
        conn,
        actor=None,
        workspace_id=p.workspace_id,
        action="contact",
        subject_type="person",
        subject_id=p.person_id,
        now=now,
        detail={"channel": p.channel, "message_row_id": p.message_row_id, "address": p.to_address},
    )
    ob.schedule_next(
        conn,
        enrollment_id=p.enrollment_id,
        after_position=p.position,
        previous_at=now,
        now=now,
        sent_any=True,
    )


def _failed(conn: Connection, p: Prepared, exc: TransportError, now: datetime) -> str:
    reason = str(exc)[:2000]
    status_now = conn.execute(select(outbox.c.status).where(outbox.c.id == p.outbox_id)).scalar()
    if status_now != "sending":
        return "gone"  # reconciled by another worker while the hand-over was slow
    if exc.uncertain:
        ob.mark_unconfirmed(conn, outbox_id=p.outbox_id, now=now)
        return "unconfirmed"
    if exc.permanent:
        status = "bounced" if exc.bounce else "failed"
        conn.execute(
            update(messages).where(messages.c.id == p.message_row_id).values(status=status, error=reason)
        )
        conn.execute(
            update(outbox)
            .where(outbox.c.id == p.outbox_id)
            .values(status="failed", reason=reason, locked_by=None, finished_at=now)
        )
        if exc.bounce:
            engage_events.flag_bounced(
                conn, workspace_id=p.workspace_id, person_id=p.person_id, address=p.to_address
            )
            engage_events.stop_for_person(
                conn, workspace_id=p.workspace_id, person_id=p.person_id, reason=f"bounce: {reason}", now=now
            )
        else:
            ob.schedule_next(
                conn, enrollment_id=p.enrollment_id, after_position=p.position, previous_at=now, now=now
            )
        return status
    attempts = conn.execute(select(outbox.c.attempts).where(outbox.c.id == p.outbox_id)).scalar_one()
    # Nothing was handed over: the message row goes, the same key is used again on the retry.
    conn.execute(messages.delete().where(messages.c.id == p.message_row_id))
    if attempts >= MAX_ATTEMPTS:
        conn.execute(
            update(outbox)
            .where(outbox.c.id == p.outbox_id)
            .values(
                status="failed",
                reason=f"gave up after {attempts} attempts: {reason}",
                locked_by=None,
                finished_at=now,
            )
        )
        ob.schedule_next(
            conn, enrollment_id=p.enrollment_id, after_position=p.position, previous_at=now, now=now
        )
        return "failed"
    delay = timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))
    conn.execute(
        update(outbox)
        .where(outbox.c.id == p.outbox_id)
        .values(
            status="pending", due_at=now + delay, reason=f"retrying: {reason}", locked_by=None, locked_at=None
        )
    )
    return "retry"
