"""The reply inbox: what came back, how it was classified, and a recruiter's correction of the class.

A correction is kept on the message (``classification`` plus ``classification_corrected_by``), written
to the audit log with the old and new class, and acted on: "unsubscribe" suppresses the person; an
auto-reply re-classed as a real reply stops their sequences; "not now" with a date adds a reminder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, desc, select, update

from talentscout.db.tables import activities, people, users
from talentscout.db.tables_engage import messages
from talentscout.db.tables_inbound import inbound_receipts
from talentscout.domain.inbound.classify import CLASSES
from talentscout.domain.permissions import Action, Actor
from talentscout.services import audit, engage_events, inbound, suppression
from talentscout.services.access import require
from talentscout.services.errors import InvalidInput, NotFound
from talentscout.services.unit_of_work import Database

REPLY_KINDS = ("reply", "unsubscribe")
SHOWN_KINDS = {"replies": REPLY_KINDS, "auto": ("auto_reply",), "bounces": ("bounce", "complaint")}
LABELS = (*CLASSES, "auto_reply")


@dataclass(frozen=True)
class InboxItem:
    id: int
    person_id: int
    person_name: str
    channel: str
    kind: str
    classification: str | None
    corrected_by: str | None
    subject: str | None
    snippet: str
    from_address: str | None
    received_at: datetime


def list_inbox(
    db: Database, *, actor: Actor, show: str = "replies", label: str | None = None, limit: int = 100
) -> list[InboxItem]:
    require(actor, Action.SEND_OUTREACH)
    kinds = SHOWN_KINDS.get(show)
    if kinds is None:
        raise InvalidInput(f"show must be one of {', '.join(SHOWN_KINDS)}")
    if label is not None and label not in LABELS:
        raise InvalidInput(f"unknown class {label!r}; expected one of {', '.join(LABELS)}")
    query = _items().where(
        messages.c.workspace_id == actor.workspace_id,
        messages.c.direction == "in",
        messages.c.status.in_(kinds),
    )
    if label:
        query = query.where(messages.c.classification == label)
    with db.read() as conn:
        rows = conn.execute(
            query.order_by(desc(messages.c.created_at), desc(messages.c.id)).limit(min(limit, 500))
        )
        return [_item(r) for r in rows]


def get_thread(db: Database, *, actor: Actor, message_row_id: int) -> tuple[InboxItem, list[dict[str, Any]]]:
    """One inbound message and every message of that person, oldest first (the conversation)."""
    require(actor, Action.SEND_OUTREACH)
    with db.read() as conn:
        row = conn.execute(
            _items().where(messages.c.workspace_id == actor.workspace_id, messages.c.id == message_row_id)
        ).first()
        if row is None or row.direction != "in":
            raise NotFound(f"message {message_row_id} not found")
        thread = conn.execute(
            select(messages)
            .where(messages.c.workspace_id == actor.workspace_id, messages.c.person_id == row.person_id)
            .order_by(messages.c.created_at, messages.c.id)
        )
        return _item(row), [dict(m._mapping) for m in thread]


def correct(
    db: Database, *, actor: Actor, message_row_id: int, label: str, remind_on: date | None = None
) -> InboxItem:
    """Set the class a recruiter says is right; it is kept and never re-guessed."""
    require(actor, Action.SEND_OUTREACH)
    if label not in LABELS:
        raise InvalidInput(f"unknown class {label!r}; expected one of {', '.join(LABELS)}")
    now = db.clock.now()
    with db.begin() as conn:
        row = conn.execute(
            select(messages).where(
                messages.c.workspace_id == actor.workspace_id,
                messages.c.id == message_row_id,
                messages.c.direction == "in",
            )
        ).first()
        if row is None:
            raise NotFound(f"message {message_row_id} not found")
        status = _new_status(row.status, label)
        conn.execute(
            update(messages)
            .where(messages.c.id == row.id)
            .values(classification=label, classification_corrected_by=actor.user_id, status=status)
        )
        _act(conn, actor, row, label, status, remind_on, now)
        audit.record(
            conn,
            actor=actor,
            action="change",
            subject_type="message_classification",
            subject_id=row.id,
            now=now,
            detail={"from": row.classification, "to": label, "person_id": row.person_id},
        )
    return get_thread(db, actor=actor, message_row_id=message_row_id)[0]


def _new_status(status: str, label: str) -> str:
    if status in ("bounce", "complaint"):
        return status
    if label == "auto_reply":
        return "auto_reply"
    return "unsubscribe" if label == "unsubscribe" else "reply"


def _act(
    conn: Connection, actor: Actor, row: Any, label: str, status: str, remind_on: date | None, now: datetime
) -> None:
    ws, person = actor.workspace_id, int(row.person_id)
    if label == "unsubscribe":
        suppression.suppress_person(conn, workspace_id=ws, person_id=person, reason="unsubscribe", now=now)
    if row.status == "auto_reply" and status != "auto_reply":
        engage_events.stop_for_person(
            conn, workspace_id=ws, person_id=person, reason=f"reply by {row.channel}", now=now
        )
    if label == "not_now" and remind_on is not None:
        inbound.add_reminder(
            conn, workspace_id=ws, person_id=person, due=remind_on, message_row_id=row.id, now=now
        )
    conn.execute(
        activities.insert().values(
            workspace_id=ws,
            person_id=person,
            kind="reply_classified",
            summary=f"Reply re-classified as {_say(label)} (was {_say(row.classification)})",
            actor_id=actor.user_id,
            data={"message_row_id": int(row.id), "from": row.classification, "to": label},
            created_at=now,
        )
    )


def _say(label: str | None) -> str:
    return (label or "unclassified").replace("_", " ")


def problems(db: Database, *, actor: Actor, limit: int = 50) -> list[dict[str, Any]]:
    """Inbound messages that could not be read or matched to anyone, newest first."""
    require(actor, Action.SEND_OUTREACH)
    with db.read() as conn:
        rows = conn.execute(
            select(inbound_receipts)
            .where(
                inbound_receipts.c.workspace_id == actor.workspace_id,
                inbound_receipts.c.outcome.in_(("problem", "unmatched")),
            )
            .order_by(desc(inbound_receipts.c.received_at), desc(inbound_receipts.c.id))
            .limit(limit)
        )
        return [dict(r._mapping) for r in rows]


def reminders(db: Database, *, actor: Actor, limit: int = 50) -> list[dict[str, Any]]:
    """Dated "get back in touch" reminders from not-now replies, soonest first."""
    require(actor, Action.SEND_OUTREACH)
    with db.read() as conn:
        rows = conn.execute(
            select(activities.c.person_id, activities.c.summary, activities.c.data, people.c.display_name)
            .join(people, people.c.id == activities.c.person_id)
            .where(activities.c.workspace_id == actor.workspace_id, activities.c.kind == "reminder")
            .limit(500)
        ).all()
    out = [{**dict(r._mapping), "due": str((r.data or {}).get("due", ""))} for r in rows]
    return sorted(out, key=lambda r: r["due"])[:limit]


def _items() -> Any:
    return (
        select(
            messages.c.id,
            messages.c.person_id,
            messages.c.direction,
            messages.c.channel,
            messages.c.status,
            messages.c.classification,
            messages.c.subject,
            messages.c.body_text,
            messages.c.from_address,
            messages.c.created_at,
            people.c.display_name,
            users.c.name.label("corrector"),
        )
        .join(people, people.c.id == messages.c.person_id)
        .outerjoin(users, users.c.id == messages.c.classification_corrected_by)
    )


def _item(r: Any) -> InboxItem:
    text = " ".join(str(r.body_text or "").split())
    return InboxItem(
        id=int(r.id),
        person_id=int(r.person_id),
        person_name=str(r.display_name),
        channel=str(r.channel),
        kind=str(r.status),
        classification=r.classification,
        corrected_by=r.corrector,
        subject=r.subject,
        snippet=text[:160] + ("…" if len(text) > 160 else ""),
        from_address=r.from_address,
        received_at=r.created_at,
    )
