"""Per-sender daily caps and spacing, taken as a slot in the transaction that records ``sending``."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from talentscout.db.tables_engage import sender_usage


def _take(spaced: bool) -> Any:
    allowed = [sender_usage.c.sent < bindparam("b_cap")]
    if spaced:
        allowed.append(
            or_(
                sender_usage.c.last_sent_at.is_(None),
                sender_usage.c.last_sent_at <= bindparam("b_since"),
            )
        )
    return (
        update(sender_usage)
        .where(
            sender_usage.c.sender_id == bindparam("b_sender"),
            sender_usage.c.day == bindparam("b_day"),
            *allowed,
        )
        .values(sent=sender_usage.c.sent + 1, last_sent_at=bindparam("b_now"))
    )


_TAKE = {False: _take(False), True: _take(True)}  # prebuilt: this runs once for every message sent


def take_slot(conn: Connection, *, sender_id: int, cap: int, spacing: int, now: datetime) -> datetime | None:
    """None when the sender may send now (the slot is counted); otherwise the earliest time it may."""
    day = now.astimezone(UTC).date()
    row_filter = (sender_usage.c.sender_id == sender_id, sender_usage.c.day == day)
    take = _TAKE[spacing > 0]
    params = {
        "b_cap": cap,
        "b_since": now - timedelta(seconds=spacing),
        "b_sender": sender_id,
        "b_day": day,
        "b_now": now,
    }
    if spacing <= 0:
        del params["b_since"]
    took = conn.execute(take, params).rowcount
    if not took:  # the first send of the day creates the row (another worker may create it at once)
        insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
        conn.execute(
            insert(sender_usage).values(sender_id=sender_id, day=day, sent=0).on_conflict_do_nothing()
        )
        took = conn.execute(take, params).rowcount
    if took:
        return None
    row = conn.execute(select(sender_usage.c.sent, sender_usage.c.last_sent_at).where(*row_filter)).one()
    if row.sent >= cap:
        return datetime.combine(day + timedelta(days=1), time(0), tzinfo=UTC)
    last: datetime = row.last_sent_at if row.last_sent_at.tzinfo else row.last_sent_at.replace(tzinfo=UTC)
    return last + timedelta(seconds=spacing)


def sent_today(conn: Connection, *, sender_id: int, now: datetime) -> int:
    value = conn.execute(
        select(sender_usage.c.sent).where(
            sender_usage.c.sender_id == sender_id, sender_usage.c.day == now.astimezone(UTC).date()
        )
    ).scalar()
    return int(value or 0)


def reserve(conn: Connection, *, sender_id: int, cap: int, count: int, now: datetime) -> bool:
    """Count ``count`` sends of the sender at once (a worker's claimed batch), if the cap allows all of
    them; False changes nothing. Unused slots are given back with ``give_back``; a worker that dies
    first leaves them counted, so the cap can only be under-used, never exceeded."""
    day = now.astimezone(UTC).date()
    params = {"b_sender": sender_id, "b_day": day, "b_n": count, "b_cap": cap, "b_now": now}
    took = conn.execute(_RESERVE, params).rowcount
    if not took:
        insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
        conn.execute(
            insert(sender_usage).values(sender_id=sender_id, day=day, sent=0).on_conflict_do_nothing()
        )
        took = conn.execute(_RESERVE, params).rowcount
    return bool(took)


def give_back(conn: Connection, *, sender_id: int, day: date, count: int) -> None:
    if count > 0:
        conn.execute(
            update(sender_usage)
            .where(
                sender_usage.c.sender_id == sender_id, sender_usage.c.day == day, sender_usage.c.sent >= count
            )
            .values(sent=sender_usage.c.sent - count)
        )


_RESERVE = (
    update(sender_usage)
    .where(
        sender_usage.c.sender_id == bindparam("b_sender"),
        sender_usage.c.day == bindparam("b_day"),
        sender_usage.c.sent + bindparam("b_n") <= bindparam("b_cap"),
    )
    .values(sent=sender_usage.c.sent + bindparam("b_n"), last_sent_at=bindparam("b_now"))
)
