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

from sqlalchemy import Connection, bindparam, select, update

from talentscout.db.tables_engage import messages, outbox
from talentscout.services import audit, engage_events
from talentscout.services import outbox as ob
from talentscout.services.outbox_batch import Batch, give_back_slots
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


@dataclass(frozen=True)
class Handed:
    """A message the provider accepted whose ``sent`` record is not written yet."""

    prepared: Prepared
    provider_id: str
    at: datetime


def process(
    db: Database,
    transports: Transports,
    ctx: SendContext,
    *,
    outbox_id: int,
    worker: str,
    batch: Batch | None = None,
    carry: list[Handed] | None = None,
) -> str:
    """Run one claimed row to its next state; returns the outcome (``sent``, ``task``, ``skipped`` …).

    With ``carry`` (the worker's batch loop), the ``sent`` record of this hand-over is kept in it and
    written in the next transaction this worker commits (the next message's *prepare*, or ``flush``):
    one commit a message fewer, and the window in which a dead worker leaves a handed-over row
    ``sending`` is unchanged (from the hand-over to the next commit, one message per worker).
    """
    try:
        with db.begin() as conn:
            _record_carried(conn, carry)
            prepared = prepare(
                conn,
                outbox_id=outbox_id,
                worker=worker,
                now=db.clock.now(),
                ctx=ctx,
                transports=transports,
                batch=batch,
            )
    except Deferred as wait:
        with db.begin() as conn:
            _record_carried(conn, carry)
            requeue(conn, outbox_id=outbox_id, worker=worker, until=wait.until)
        _forget(batch, outbox_id)
        _clear(carry)
        return "deferred"
    except Exception:
        _forget(batch, outbox_id)
        flush(db, carry)  # the failed transaction took the carried records with it
        raise
    _clear(carry)
    if not isinstance(prepared, Prepared):
        return prepared
    try:
        provider_id = _hand_over(transports, prepared)
    except TransportError as exc:
        with db.begin() as conn:
            return _failed(conn, prepared, exc, db.clock.now())
    if carry is not None:
        carry.append(Handed(prepared, provider_id, db.clock.now()))
        return "sent"
    with db.begin() as conn:
        relaxed_commit(conn)
        _sent(conn, prepared, provider_id, db.clock.now())
    return "sent"


def flush(db: Database, carry: list[Handed] | None, batch: Batch | None = None) -> None:
    """Write the carried ``sent`` records now (an error; with ``batch``, the end of the batch or a stop:
    the sends it counted ahead and did not use are given back too)."""
    unused = batch is not None and any(batch.slots.values())
    if not carry and not unused:
        return
    with db.begin() as conn:
        relaxed_commit(conn)
        _record_carried(conn, carry)
        give_back_slots(conn, batch)
    _clear(carry)


def _record_carried(conn: Connection, carry: list[Handed] | None) -> None:
    for h in carry or ():
        _sent(conn, h.prepared, h.provider_id, h.at)


def _clear(carry: list[Handed] | None) -> None:
    if carry is not None:
        carry.clear()


def _forget(batch: Batch | None, outbox_id: int) -> None:
    """A rolled-back prepare may have noted a notice as given: that person takes the slow path now."""
    if batch is not None:
        person = batch.person_of.get(outbox_id)
        if person is not None:
            batch.forget(person)


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


_MESSAGE_SENT = (
    update(messages)
    .where(messages.c.id == bindparam("b_id"))
    .values(status="sent", provider_id=bindparam("b_provider"), sent_at=bindparam("b_at"))
)
_OUTBOX_SENT = (
    update(outbox)
    .where(outbox.c.id == bindparam("b_id"), outbox.c.status == "sending")
    .values(
        status="sent",
        locked_by=None,
        finished_at=bindparam("b_at"),
        reason=None,
        message_row_id=bindparam("b_message"),
    )
)


def _sent(conn: Connection, p: Prepared, provider_id: str, now: datetime) -> None:
    # Prebuilt statements (no per-message construction): this runs once for every message sent.
    conn.execute(_MESSAGE_SENT, {"b_id": p.message_row_id, "b_provider": provider_id, "b_at": now})
    mine = conn.execute(
        _OUTBOX_SENT, {"b_id": p.outbox_id, "b_at": now, "b_message": p.message_row_id}
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
