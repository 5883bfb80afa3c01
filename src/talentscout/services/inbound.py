"""Taking in one email: find its thread, tell a reply from an auto-reply or a bounce, classify it, and
hand it to the exit rules (``engage_events.record_inbound``) — all in one transaction with a receipt.

The receipt (``inbound_receipts``) makes every intake idempotent: the same mailbox UID or provider id
twice is a no-op. A message that cannot be read becomes a ``problem`` receipt instead of an error, so
one bad message never stops a poller or fails a webhook.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Connection, insert, select

from talentscout.db.tables import activities
from talentscout.db.tables_inbound import inbound_receipts
from talentscout.domain.inbound.autoreply import detect_auto_reply
from talentscout.domain.inbound.classify import classify_reply
from talentscout.domain.inbound.dsn import Complaint, DeliveryReport
from talentscout.domain.inbound.message import InboundEmail, MalformedMessage, parse_email
from talentscout.services import engage_events
from talentscout.services.unit_of_work import Database


@dataclass(frozen=True)
class Intake:
    """Where a message came from and how to recognise it again."""

    dedupe_key: str
    source: str  # imap | webhook | sms
    mailbox: str | None = None
    uidvalidity: int | None = None
    uid: int | None = None


@dataclass(frozen=True)
class Outcome:
    outcome: str  # reply | auto_reply | bounce | soft_bounce | unsubscribe | unmatched | problem | duplicate
    person_id: int | None = None
    message_row_id: int | None = None
    classification: str | None = None
    problem: str | None = None


def receive_email(db: Database, *, workspace_id: int, raw: bytes | InboundEmail, intake: Intake) -> Outcome:
    """Take in one email (raw RFC 5322 bytes, or already read from a webhook) exactly once."""
    now = db.clock.now()
    with db.begin() as conn:
        if seen(conn, workspace_id, intake.dedupe_key):
            return Outcome("duplicate")
        try:
            mail = raw if isinstance(raw, InboundEmail) else parse_email(raw)
        except MalformedMessage as exc:
            outcome = Outcome("problem", problem=str(exc))
            write_receipt(conn, workspace_id, intake, outcome, None, now)
            return outcome
        outcome = handle_email(conn, workspace_id=workspace_id, mail=mail, now=now)
        write_receipt(conn, workspace_id, intake, outcome, mail, now)
    return outcome


def handle_email(conn: Connection, *, workspace_id: int, mail: InboundEmail, now: datetime) -> Outcome:
    if mail.report is not None:
        return _bounce(conn, workspace_id, mail, mail.report, now)
    if mail.complaint is not None:
        return _complaint(conn, workspace_id, mail, mail.complaint, now)
    token = next((t for t in map(engage_events.thread_token_of, mail.to_addresses) if t), None)
    thread = engage_events.find_thread(
        conn,
        workspace_id=workspace_id,
        message_ids=mail.thread_ids,
        thread_token=token,
        from_address=mail.from_address,
    )
    if thread is None:
        return Outcome("unmatched", problem="no conversation matches this message")
    person_id = thread[0]
    auto = detect_auto_reply(mail.headers, mail.subject, mail.text, now.date())
    common = _fields(mail)
    if auto is not None:
        until = _start_of(auto.return_date) if auto.return_date else None
        row = engage_events.record_inbound(
            conn,
            workspace_id=workspace_id,
            person_id=person_id,
            channel="email",
            kind="auto_reply",
            now=now,
            classification="auto_reply",
            ooo_until=until,
            **common,
        )
        return Outcome("auto_reply", person_id, row, "auto_reply")
    verdict = classify_reply(mail.text, now.date(), mail.subject)
    kind = "unsubscribe" if verdict.label == "unsubscribe" else "reply"
    row = engage_events.record_inbound(
        conn,
        workspace_id=workspace_id,
        person_id=person_id,
        channel="email",
        kind=kind,
        now=now,
        classification=verdict.label,
        **common,
    )
    if verdict.label == "not_now" and verdict.until is not None:
        add_reminder(
            conn,
            workspace_id=workspace_id,
            person_id=person_id,
            due=verdict.until,
            message_row_id=row,
            now=now,
        )
    return Outcome(kind, person_id, row, verdict.label)


def _fields(mail: InboundEmail) -> dict[str, Any]:
    return {
        "subject": mail.subject or None,
        "body_text": mail.text,
        "from_address": mail.from_address,
        "to_address": mail.to_addresses[0] if mail.to_addresses else None,
        "message_id": mail.message_id,
        "in_reply_to": mail.in_reply_to,
        "references": " ".join(mail.references) or None,
    }


def _bounce(
    conn: Connection, workspace_id: int, mail: InboundEmail, report: DeliveryReport, now: datetime
) -> Outcome:
    ids = [report.original_message_id] if report.original_message_id else []
    last = Outcome("unmatched", problem="delivery report for an address we did not write to")
    for recipient in report.hard_bounces:
        thread = engage_events.find_thread(
            conn,
            workspace_id=workspace_id,
            message_ids=ids,
            thread_token=None,
            from_address=recipient.address,
        )
        if thread is None:
            continue
        row = engage_events.record_inbound(
            conn,
            workspace_id=workspace_id,
            person_id=thread[0],
            channel="email",
            kind="bounce",
            now=now,
            subject=mail.subject or None,
            body_text=f"{recipient.status} {recipient.diagnostic}".strip(),
            from_address=recipient.address,
            message_id=mail.message_id,
            in_reply_to=report.original_message_id,
        )
        last = Outcome("bounce", thread[0], row, None)
    if last.outcome == "bounce":
        return last
    for recipient in report.soft_bounces:
        thread = engage_events.find_thread(
            conn,
            workspace_id=workspace_id,
            message_ids=ids,
            thread_token=None,
            from_address=recipient.address,
        )
        if thread is not None:
            _note(
                conn,
                workspace_id,
                thread[0],
                "soft_bounce",
                f"Delivery delayed to {recipient.address} ({recipient.status or recipient.action})",
                {
                    "address": recipient.address,
                    "status": recipient.status,
                    "diagnostic": recipient.diagnostic,
                },
                now,
            )
            return Outcome("soft_bounce", thread[0], None, None)
    return last


def _complaint(
    conn: Connection, workspace_id: int, mail: InboundEmail, report: Complaint, now: datetime
) -> Outcome:
    """A spam complaint: the person is suppressed on every channel and every sequence stops."""
    ids = [report.original_message_id] if report.original_message_id else []
    thread = engage_events.find_thread(
        conn, workspace_id=workspace_id, message_ids=ids, thread_token=None, from_address=report.recipient
    )
    if thread is None:
        return Outcome("unmatched", problem="complaint about a message we cannot match")
    row = engage_events.record_inbound(
        conn,
        workspace_id=workspace_id,
        person_id=thread[0],
        channel="email",
        kind="complaint",
        now=now,
        subject=mail.subject or None,
        body_text=f"feedback type: {report.feedback_type}",
        from_address=report.recipient,
        message_id=mail.message_id,
        in_reply_to=report.original_message_id,
    )
    return Outcome("complaint", thread[0], row, None)


def add_reminder(
    conn: Connection,
    *,
    workspace_id: int,
    person_id: int,
    due: date,
    message_row_id: int | None,
    now: datetime,
) -> None:
    """A dated reminder on the person's timeline ("ping me after March")."""
    _note(
        conn,
        workspace_id,
        person_id,
        "reminder",
        f"Reminder: get back in touch on {due:%Y-%m-%d} (they asked for later)",
        {"due": due.isoformat(), "message_row_id": message_row_id},
        now,
    )


def _note(
    conn: Connection,
    workspace_id: int,
    person_id: int,
    kind: str,
    summary: str,
    data: dict[str, Any],
    now: datetime,
) -> None:
    conn.execute(
        activities.insert().values(
            workspace_id=workspace_id,
            person_id=person_id,
            kind=kind,
            summary=summary,
            data=data,
            created_at=now,
        )
    )


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def seen(conn: Connection, workspace_id: int, key: str) -> bool:
    found = conn.execute(
        select(inbound_receipts.c.id).where(
            inbound_receipts.c.workspace_id == workspace_id, inbound_receipts.c.dedupe_key == key
        )
    ).first()
    return found is not None


def write_receipt(
    conn: Connection,
    workspace_id: int,
    intake: Intake,
    outcome: Outcome,
    mail: InboundEmail | None,
    now: datetime,
) -> None:
    conn.execute(
        insert(inbound_receipts).values(
            workspace_id=workspace_id,
            dedupe_key=intake.dedupe_key[:600],
            source=intake.source,
            mailbox=intake.mailbox,
            uidvalidity=intake.uidvalidity,
            uid=intake.uid,
            message_id=(mail.message_id or "")[:500] or None if mail else None,
            from_address=(mail.from_address or "")[:1000] or None if mail else None,
            outcome=outcome.outcome,
            person_id=outcome.person_id,
            message_row_id=outcome.message_row_id,
            problem=outcome.problem,
            received_at=now,
        )
    )


def record_problem(
    db: Database, *, workspace_id: int, intake: Intake, problem: str, outcome: str = "problem"
) -> None:
    """Keep a message that could not even be fetched (or is skipped), so it is reported, not retried."""
    with db.begin() as conn:
        if not seen(conn, workspace_id, intake.dedupe_key):
            kept = Outcome(outcome, problem=problem[:2000])
            write_receipt(conn, workspace_id, intake, kept, None, db.clock.now())
