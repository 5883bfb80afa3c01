"""Background work as rows: enqueued in the caller's transaction, claimed with a conditional update.

Nothing is queued for work that rolled back, and two workers never take the same job.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select, update

from talentscout.db.tables import jobs

MAX_ATTEMPTS = 5
STALE_AFTER = timedelta(minutes=15)


@dataclass(frozen=True)
class Job:
    id: int
    kind: str
    workspace_id: int | None
    payload: dict[str, Any]
    attempts: int


def enqueue(
    conn: Connection,
    *,
    kind: str,
    payload: dict[str, Any],
    now: datetime,
    workspace_id: int | None = None,
    run_at: datetime | None = None,
) -> int:
    row = conn.execute(
        jobs.insert()
        .values(
            kind=kind,
            payload=payload,
            workspace_id=workspace_id,
            status="queued",
            run_at=run_at or now,
            attempts=0,
            created_at=now,
        )
        .returning(jobs.c.id)
    )
    return int(row.scalar_one())


def claim(conn: Connection, *, worker: str, now: datetime) -> Job | None:
    """Take the oldest due job, or None. Safe with many workers on SQLite and PostgreSQL."""
    due = (
        select(jobs.c.id)
        .where(jobs.c.status == "queued", jobs.c.run_at <= now)
        .order_by(jobs.c.run_at, jobs.c.id)
    )
    due = due.limit(1)
    if conn.dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    row = conn.execute(
        update(jobs)
        .where(jobs.c.id == due.scalar_subquery(), jobs.c.status == "queued")
        .values(status="running", locked_by=worker, locked_at=now, attempts=jobs.c.attempts + 1)
        .returning(jobs.c.id, jobs.c.kind, jobs.c.workspace_id, jobs.c.payload, jobs.c.attempts)
    ).first()
    return Job(int(row.id), row.kind, row.workspace_id, row.payload, int(row.attempts)) if row else None


def finish(conn: Connection, job: Job) -> None:
    conn.execute(update(jobs).where(jobs.c.id == job.id).values(status="done", locked_by=None))


def fail(conn: Connection, job: Job, *, error: str, now: datetime) -> None:
    """Retry later with back-off, or give up after ``MAX_ATTEMPTS``; the error is kept either way."""
    if job.attempts >= MAX_ATTEMPTS:
        values: dict[str, Any] = {"status": "failed"}
    else:
        values = {"status": "queued", "run_at": now + timedelta(seconds=30 * 2**job.attempts)}
    conn.execute(
        update(jobs).where(jobs.c.id == job.id).values(last_error=error[:5000], locked_by=None, **values)
    )


def release_stale(conn: Connection, *, now: datetime) -> int:
    """Jobs whose worker died mid-way go back to the queue."""
    result = conn.execute(
        update(jobs)
        .where(jobs.c.status == "running", jobs.c.locked_at < now - STALE_AFTER)
        .values(status="queued", locked_by=None)
    )
    return int(result.rowcount)
