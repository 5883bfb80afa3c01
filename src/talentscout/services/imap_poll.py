"""Polling a mailbox for replies, bounces and auto-replies.

Each poll asks for the UIDs above the highest one already taken under the mailbox's current
UIDVALIDITY (a new UIDVALIDITY means the server renumbered: everything is looked at again, and the
receipts' Message-IDs keep it from counting twice), takes each message in its own transaction and
records a receipt. A message that cannot be fetched or read is recorded as a problem; the poll goes on.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from talentscout.db.tables_inbound import inbound_receipts
from talentscout.domain.inbound.message import InboundEmail, MalformedMessage, parse_email
from talentscout.domain.permissions import Action, Actor
from talentscout.services import inbound
from talentscout.services.access import require
from talentscout.services.unit_of_work import Database
from talentscout.transports.imap import Mailbox, MailboxError

log = logging.getLogger(__name__)
MAX_PER_POLL = 500


@dataclass
class PollReport:
    mailbox: str
    uidvalidity: int
    seen: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = ", ".join(f"{n} {k}" for k, n in sorted(self.outcomes.items())) or "nothing new"
        return f"{self.mailbox}: {self.seen} message(s) looked at — {parts}"


def poll_as(db: Database, *, actor: Actor, mailbox: Mailbox, limit: int = MAX_PER_POLL) -> PollReport:
    """``poll`` for a signed-in user (the CLI acts as an administrator)."""
    require(actor, Action.SEND_OUTREACH)
    return poll(db, workspace_id=actor.workspace_id, mailbox=mailbox, limit=limit)


def poll(db: Database, *, workspace_id: int, mailbox: Mailbox, limit: int = MAX_PER_POLL) -> PollReport:
    validity = mailbox.uidvalidity()
    report = PollReport(mailbox.name, validity)
    last = _last_uid(db, workspace_id, mailbox.name, validity)
    for uid in mailbox.uids_after(last)[:limit]:
        intake = inbound.Intake(
            dedupe_key=f"imap:{mailbox.name}:{validity}:{uid}",
            source="imap",
            mailbox=mailbox.name,
            uidvalidity=validity,
            uid=uid,
        )
        report.seen += 1
        outcome = _take(db, workspace_id, mailbox, uid, intake)
        report.outcomes[outcome.outcome] += 1
        if outcome.problem and outcome.outcome == "problem":
            report.problems.append(f"UID {uid}: {outcome.problem}")
    return report


def _take(
    db: Database, workspace_id: int, mailbox: Mailbox, uid: int, intake: inbound.Intake
) -> inbound.Outcome:
    try:
        raw = mailbox.fetch(uid)
    except MailboxError as exc:
        inbound.record_problem(db, workspace_id=workspace_id, intake=intake, problem=str(exc))
        return inbound.Outcome("problem", problem=str(exc))
    try:
        mail: bytes | InboundEmail = parse_email(raw)
    except MalformedMessage:
        mail = raw  # receive_email records it as a problem
    if isinstance(mail, InboundEmail) and _renumbered_duplicate(db, workspace_id, mail.message_id):
        inbound.record_problem(
            db,
            workspace_id=workspace_id,
            intake=intake,
            problem="already taken (renumbered)",
            outcome="duplicate",
        )
        return inbound.Outcome("duplicate")
    try:
        return inbound.receive_email(db, workspace_id=workspace_id, raw=mail, intake=intake)
    except DBAPIError:
        raise  # the database is unavailable: stop this poll, the next one retries
    except Exception as exc:  # one bad message must not stop the poll; keep it as a problem
        log.exception("inbound message %s could not be processed", intake.dedupe_key)
        problem = f"could not be processed: {type(exc).__name__}: {exc}"
        inbound.record_problem(db, workspace_id=workspace_id, intake=intake, problem=problem)
        return inbound.Outcome("problem", problem=problem)


def _last_uid(db: Database, workspace_id: int, mailbox: str, validity: int) -> int:
    with db.read() as conn:
        value = conn.execute(
            select(func.max(inbound_receipts.c.uid)).where(
                inbound_receipts.c.workspace_id == workspace_id,
                inbound_receipts.c.mailbox == mailbox,
                inbound_receipts.c.uidvalidity == validity,
            )
        ).scalar()
    return int(value or 0)


def _renumbered_duplicate(db: Database, workspace_id: int, message_id: str | None) -> bool:
    """True when a message with this Message-ID was already taken from this workspace's mail
    (the server changed UIDVALIDITY, so UIDs alone cannot tell)."""
    if not message_id:
        return False
    with db.read() as conn:
        found = conn.execute(
            select(inbound_receipts.c.id)
            .where(
                inbound_receipts.c.workspace_id == workspace_id,
                inbound_receipts.c.source == "imap",
                inbound_receipts.c.message_id == message_id,
            )
            .limit(1)
        ).first()
    return found is not None
