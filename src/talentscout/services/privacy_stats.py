"""Anonymised counters kept when people are erased or anonymised, so analytics still add up."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select, update
from sqlalchemy.exc import IntegrityError

from talentscout.db.tables_respect import erasure_stats


def count_erased(
    conn: Connection, *, workspace_id: int, reason: str, now: datetime, rows: dict[str, int]
) -> None:
    """Add ``rows`` (table name → rows removed) to this month's counters. No ids, no names."""
    period = now.strftime("%Y-%m")
    for table, n in rows.items():
        if not n:
            continue
        where = (
            erasure_stats.c.workspace_id == workspace_id,
            erasure_stats.c.period == period,
            erasure_stats.c.reason == reason,
            erasure_stats.c.table_name == table,
        )
        done = conn.execute(update(erasure_stats).where(*where).values(rows=erasure_stats.c.rows + n))
        if done.rowcount:
            continue
        try:
            with conn.begin_nested():
                conn.execute(
                    erasure_stats.insert().values(
                        workspace_id=workspace_id, period=period, reason=reason, table_name=table, rows=n
                    )
                )
        except IntegrityError:
            conn.execute(update(erasure_stats).where(*where).values(rows=erasure_stats.c.rows + n))


def totals(conn: Connection, *, workspace_id: int) -> list[dict[str, object]]:
    rows = conn.execute(
        select(
            erasure_stats.c.period, erasure_stats.c.reason, erasure_stats.c.table_name, erasure_stats.c.rows
        )
        .where(erasure_stats.c.workspace_id == workspace_id)
        .order_by(erasure_stats.c.period, erasure_stats.c.reason, erasure_stats.c.table_name)
    )
    return [dict(r._mapping) for r in rows]
