"""Per-sender daily caps and spacing, taken as a slot in the transaction that records ``sending``."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlalchemy import Connection, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from talentscout.db.tables_engage import sender_usage


def take_slot(conn: Connection, *, sender_id: int, cap: int, spacing: int, now: datetime) -> datetime | None:
    """None when the sender may send now (the slot is counted); otherwise the earliest time it may."""
    day = now.astimezone(UTC).date()
    row_filter = (sender_usage.c.sender_id == sender_id, sender_usage.c.day == day)
    allowed = [sender_usage.c.sent < cap]
    if spacing > 0:
        allowed.append(
            or_(
                sender_usage.c.last_sent_at.is_(None),
                sender_usage.c.last_sent_at <= now - timedelta(seconds=spacing),
            )
        )
    take = (
        update(sender_usage)
        .where(*row_filter, *allowed)
        .values(sent=sender_usage.c.sent + 1, last_sent_at=now)
    )
    took = conn.execute(take).rowcount
    if not took:  # the first send of the day creates the row (another worker may create it at once)
        insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
        conn.execute(
            insert(sender_usage).values(sender_id=sender_id, day=day, sent=0).on_conflict_do_nothing()
        )
        took = conn.execute(take).rowcount
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
