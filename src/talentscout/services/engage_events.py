"""What happens to a person's sequences when something arrives: the exit rules, in the caller's transaction.

A reply on any channel, a bounce, an unsubscribe, a complaint, a suppression, a later pipeline stage or
a manual stop ends every pending step of every sequence the person is in (for that workspace). An
out-of-office with a return date only postpones. Rows already handed to a provider (``sending``) cannot
be recalled; every other unsent step is cancelled in the same transaction that records the event, so
the next worker tick never sees it.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select, update

from talentscout.db.tables import activities, contact_points
from talentscout.db.tables_engage import enrollments, messages, outbox
from talentscout.services import channels, suppression

STOPPABLE = ("pending", "claimed", "task_open")
INBOUND_KINDS = ("reply", "auto_reply", "bounce", "unsubscribe", "complaint")
_ENROLMENT_STATUS = {"reply": "replied", "bounce": "bounced", "unsubscribe": "unsubscribed"}
_TOKEN = re.compile(r"(?:^|[<\s,])reply\+([A-Za-z0-9_-]{8,64})@", re.IGNORECASE)


def thread_token_of(address: str | None) -> str | None:
    """The token of a tagged Reply-To address (``reply+<token>@domain``), or None."""
    match = _TOKEN.search(address or "")
    return match.group(1) if match else None


_HEX_TOKEN = re.compile(r"[0-9a-fA-F]{24}")


def new_thread_token() -> str:
    """The token of a message's tagged Reply-To: lower-case hex (96 random bits), so a provider that
    lower-cases addresses does not break it."""
    return secrets.token_hex(12)


def message_with_token(conn: Connection, token: str, *, workspace_id: int | None = None) -> Any:
    """The latest message (id, person_id, workspace_id) tagged with ``token``, compared without regard
    to case: tokens are lower-case, and one written before that (mixed case) still matches after a
    provider lower-cased it."""
    base = select(messages.c.id, messages.c.person_id, messages.c.workspace_id)
    if workspace_id is not None:
        base = base.where(messages.c.workspace_id == workspace_id)
    latest = base.order_by(messages.c.id.desc()).limit(1)
    found = conn.execute(latest.where(messages.c.thread_token.in_(sorted({token, token.lower()})))).first()
    if found is None and not _HEX_TOKEN.fullmatch(token):
        # A mixed-case token written before tokens were hex, its case changed on the way (a scan; never
        # for a token in today's form, which the look-up above finds in any case).
        found = conn.execute(latest.where(func.lower(messages.c.thread_token) == token.lower())).first()
    return found


def stop_for_person(
    conn: Connection, *, workspace_id: int, person_id: int, reason: str, now: datetime
) -> int:
    """Cancel every unsent step of every sequence of the person; returns how many steps were cancelled."""
    cancelled = conn.execute(
        update(outbox)
        .where(
            outbox.c.workspace_id == workspace_id,
            outbox.c.person_id == person_id,
            outbox.c.status.in_(STOPPABLE),
        )
        .values(status="cancelled", reason=reason, locked_by=None, finished_at=now)
    ).rowcount
    conn.execute(
        update(messages)
        .where(
            messages.c.workspace_id == workspace_id,
            messages.c.person_id == person_id,
            messages.c.direction == "out",
            messages.c.status == "task",
        )
        .values(status="cancelled", error=reason)
    )
    kind = re.split(r"[:\s]", reason.strip(), maxsplit=1)[0]
    ended = conn.execute(
        update(enrollments)
        .where(
            enrollments.c.workspace_id == workspace_id,
            enrollments.c.person_id == person_id,
            enrollments.c.status == "active",
        )
        .values(status=_ENROLMENT_STATUS.get(kind, "stopped"), stop_reason=reason, finished_at=now)
    ).rowcount
    if cancelled or ended:
        _activity(
            conn,
            workspace_id,
            person_id,
            "sequence_stopped",
            f"Sequences stopped ({reason}): {cancelled} pending step(s) cancelled",
            {"reason": reason, "cancelled": int(cancelled), "enrollments": int(ended)},
            now,
        )
    return int(cancelled)


def pending_count(conn: Connection, *, workspace_id: int, person_id: int) -> int:
    """Unsent steps of the person that an exit rule would cancel."""
    return int(
        conn.execute(
            select(func.count())
            .select_from(outbox)
            .where(
                outbox.c.workspace_id == workspace_id,
                outbox.c.person_id == person_id,
                outbox.c.status.in_(STOPPABLE),
            )
        ).scalar_one()
    )


def postpone_for_person(
    conn: Connection, *, workspace_id: int, person_id: int, until: datetime, reason: str, now: datetime
) -> int:
    """Move every unsent step due before ``until`` to ``until``; returns how many moved."""
    moved = conn.execute(
        update(outbox)
        .where(
            outbox.c.workspace_id == workspace_id,
            outbox.c.person_id == person_id,
            outbox.c.status.in_(("pending", "claimed")),
            outbox.c.due_at < until,
        )
        .values(status="pending", due_at=until, locked_by=None, reason=reason)
    ).rowcount
    if moved:
        _activity(
            conn,
            workspace_id,
            person_id,
            "sequence_postponed",
            f"Next step postponed to {until:%Y-%m-%d} ({reason})",
            {"reason": reason, "until": until.isoformat(), "moved": int(moved)},
            now,
        )
    return int(moved)


def record_inbound(
    conn: Connection,
    *,
    workspace_id: int,
    person_id: int,
    channel: str,
    kind: str,
    now: datetime,
    subject: str | None = None,
    body_text: str | None = None,
    from_address: str | None = None,
    to_address: str | None = None,
    message_id: str | None = None,
    in_reply_to: str | None = None,
    references: str | None = None,
    classification: str | None = None,
    ooo_until: datetime | None = None,
) -> int:
    """Store an inbound message and apply the exit rules; returns the new message row id."""
    if kind not in INBOUND_KINDS:
        raise ValueError(f"unknown inbound kind {kind!r}; expected one of {', '.join(INBOUND_KINDS)}")
    original = _original(conn, workspace_id, [in_reply_to, *(references or "").split()])
    row_id = conn.execute(
        messages.insert()
        .values(
            workspace_id=workspace_id,
            person_id=person_id,
            enrollment_id=original.enrollment_id if original else None,
            step_id=original.step_id if original else None,
            direction="in",
            channel=channel,
            status=kind,
            subject=subject,
            body_text=body_text,
            from_address=from_address,
            to_address=to_address,
            message_id=message_id,
            in_reply_to=in_reply_to,
            references_header=references,
            thread_token=thread_token_of(to_address),
            classification=classification,
            created_at=now,
            sent_at=now,
        )
        .returning(messages.c.id)
    ).scalar_one()
    label = {"auto_reply": "Auto-reply", "bounce": "Bounce", "complaint": "Complaint"}.get(kind, kind.title())
    _activity(
        conn,
        workspace_id,
        person_id,
        "message_in",
        f"{label} received by {channel}" + (f": {subject}" if subject else ""),
        {"message_row_id": int(row_id), "channel": channel, "kind": kind},
        now,
    )
    _apply_exit_rule(conn, workspace_id, person_id, channel, kind, now, from_address, original, ooo_until)
    return int(row_id)


def _apply_exit_rule(
    conn: Connection,
    workspace_id: int,
    person_id: int,
    channel: str,
    kind: str,
    now: datetime,
    from_address: str | None,
    original: Any,
    ooo_until: datetime | None,
) -> None:
    if kind == "auto_reply":
        if ooo_until is not None:
            postpone_for_person(
                conn,
                workspace_id=workspace_id,
                person_id=person_id,
                until=ooo_until,
                reason="out of office",
                now=now,
            )
        return
    if kind == "reply":
        channels.learn_preference(
            conn, workspace_id=workspace_id, person_id=person_id, channel=channel, now=now
        )
    elif kind == "bounce":
        address = from_address or (original.to_address if original else None)
        if address:
            flag_bounced(conn, workspace_id=workspace_id, person_id=person_id, address=address)
    else:  # unsubscribe, complaint
        suppression.suppress_person(
            conn, workspace_id=workspace_id, person_id=person_id, reason=kind, now=now
        )
    stop_for_person(
        conn, workspace_id=workspace_id, person_id=person_id, reason=f"{kind} by {channel}", now=now
    )


def flag_bounced(conn: Connection, *, workspace_id: int, person_id: int, address: str) -> int:
    """Mark the person's contact point for ``address`` as not deliverable; the engine skips it from then."""
    return int(
        conn.execute(
            update(contact_points)
            .where(
                contact_points.c.workspace_id == workspace_id,
                contact_points.c.person_id == person_id,
                func.lower(contact_points.c.value) == address.strip().lower(),
            )
            .values(valid=False, problem="hard bounce: the address does not accept mail")
        ).rowcount
    )


def find_thread(
    conn: Connection,
    *,
    workspace_id: int,
    message_ids: list[str],
    thread_token: str | None,
    from_address: str | None,
) -> tuple[int, int] | None:
    """(person id, message row id) of the conversation an inbound message belongs to, or None.

    Tried in order: any of ``message_ids`` (its In-Reply-To and References) against the Message-IDs we
    sent or received; then the tagged Reply-To token; then the sender's address (the latest message we
    sent that person, or the person alone when we never wrote to them).
    """
    found = _original(conn, workspace_id, message_ids)
    if found is None and thread_token:
        found = message_with_token(conn, thread_token, workspace_id=workspace_id)
    if found is not None:
        return int(found.person_id), int(found.id)
    return _by_sender(conn, workspace_id, from_address)


def _original(conn: Connection, workspace_id: int, message_ids: Sequence[str | None]) -> Any:
    ids = [_bracketed(m) for m in message_ids if m and m.strip()]
    if not ids:
        return None
    return conn.execute(
        select(
            messages.c.id,
            messages.c.person_id,
            messages.c.enrollment_id,
            messages.c.step_id,
            messages.c.to_address,
        )
        .where(messages.c.workspace_id == workspace_id, messages.c.message_id.in_(ids))
        .order_by(messages.c.direction.desc(), messages.c.id.desc())  # prefer what we sent
        .limit(1)
    ).first()


def _by_sender(conn: Connection, workspace_id: int, address: str | None) -> tuple[int, int] | None:
    if not address or not address.strip():
        return None
    value = address.strip().lower()
    row = conn.execute(
        select(messages.c.id, messages.c.person_id)
        .where(
            messages.c.workspace_id == workspace_id,
            messages.c.direction == "out",
            func.lower(messages.c.to_address) == value,
        )
        .order_by(messages.c.id.desc())
        .limit(1)
    ).first()
    if row is not None:
        return int(row.person_id), int(row.id)
    person = conn.execute(
        select(contact_points.c.person_id)
        .where(
            contact_points.c.workspace_id == workspace_id,
            contact_points.c.kind.in_(("email", "phone")),
            func.lower(contact_points.c.value) == value,
        )
        .limit(1)
    ).scalar()
    if person is None:
        return None
    last = conn.execute(
        select(messages.c.id)
        .where(messages.c.workspace_id == workspace_id, messages.c.person_id == person)
        .order_by(messages.c.id.desc())
        .limit(1)
    ).scalar()
    return (int(person), int(last)) if last is not None else None


def _bracketed(message_id: str) -> str:
    text = message_id.strip()
    return text if text.startswith("<") else f"<{text}>"


def _activity(
    conn: Connection,
    workspace_id: int,
    person_id: int,
    kind: str,
    summary: str,
    data: dict[str, Any],
    now: datetime,
) -> None:
    conn.execute(  # one prebuilt statement: the send path writes one or two of these per message
        _INSERT_ACTIVITY,
        {
            "workspace_id": workspace_id,
            "person_id": person_id,
            "kind": kind,
            "summary": summary,
            "data": data,
            "created_at": now,
        },
    )


_INSERT_ACTIVITY = activities.insert()
