"""Background work for privacy: the daily retention run and the compaction that follows an erasure."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import select

from talentscout.db.tables import jobs as jobs_table
from talentscout.services import erasure, jobs, privacy_request, retention
from talentscout.services.unit_of_work import Database

if TYPE_CHECKING:
    from talentscout.bootstrap import Container
    from talentscout.services.jobs import Job


def run_retention(c: Container, job: Job) -> None:
    retention.daily(c.db)


def send_link(c: Container, job: Job) -> None:
    """Email a privacy-page link someone asked for on the public form."""
    from talentscout.worker.sending import transports_from

    privacy_request.deliver(
        c.db,
        contact_point_id=int(job.payload["contact_point_id"]),
        transport=transports_from(c.settings).email,
        public_url=c.settings.public_url,
    )


def run_compaction(c: Container, job: Job) -> None:
    """Several erasures queue several jobs; compacting once more is harmless."""
    erasure.compact(c.db)


def schedule_daily(db: Database) -> bool:
    """Queue the retention run unless one is queued or running already; True when one was queued."""
    with db.begin() as conn:
        waiting = conn.execute(
            select(jobs_table.c.id).where(
                jobs_table.c.kind == retention.JOB, jobs_table.c.status.in_(("queued", "running"))
            )
        ).first()
        if waiting is not None:
            return False
        jobs.enqueue(conn, kind=retention.JOB, payload={}, now=db.clock.now())
        return True


HANDLERS: dict[str, Callable[[Container, Job], None]] = {
    retention.JOB: run_retention,
    erasure.COMPACT_JOB: run_compaction,
    privacy_request.JOB: send_link,
}
