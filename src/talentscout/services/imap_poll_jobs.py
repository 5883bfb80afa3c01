"""The recurring mailbox poll as a background job: one queued ``imap_poll`` job per workspace at a time,
each run queueing the next one (``TALENTSCOUT_IMAP_POLL_SECONDS`` later)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from talentscout.db.tables import jobs as jobs_table
from talentscout.db.tables import workspaces
from talentscout.services import jobs
from talentscout.services.errors import InvalidInput
from talentscout.services.unit_of_work import Database
from talentscout.settings import Settings
from talentscout.transports.imap import ImapConfig

JOB = "imap_poll"


def imap_config(settings: Settings) -> ImapConfig:
    """The configured mailbox, or ``InvalidInput`` naming the setting that is missing."""
    missing = [
        name
        for name, value in (
            ("TALENTSCOUT_IMAP_HOST", settings.imap_host),
            ("TALENTSCOUT_IMAP_USERNAME", settings.imap_username),
            ("TALENTSCOUT_IMAP_PASSWORD", settings.imap_password),
        )
        if not value
    ]
    if missing:
        raise InvalidInput(f"IMAP polling is not configured: set {', '.join(missing)}")
    return ImapConfig(
        host=str(settings.imap_host),
        port=settings.imap_port,
        username=str(settings.imap_username),
        password=str(settings.imap_password),
        mailbox=settings.imap_mailbox,
        security=settings.imap_security,
    )


def workspace_id(db: Database, settings: Settings) -> int:
    """The workspace the mailbox belongs to: ``TALENTSCOUT_IMAP_WORKSPACE``, or the only one."""
    with db.read() as conn:
        rows = conn.execute(select(workspaces.c.id, workspaces.c.slug)).all()
    if settings.imap_workspace:
        rows = [r for r in rows if r.slug == settings.imap_workspace]
    if len(rows) != 1:
        raise InvalidInput(
            "set TALENTSCOUT_IMAP_WORKSPACE to the slug of the workspace the mailbox belongs to"
        )
    return int(rows[0].id)


def schedule(db: Database, *, workspace: int, run_at: datetime | None = None) -> bool:
    """Queue the next poll unless one is already queued or running; True when one was queued."""
    now = db.clock.now()
    with db.begin() as conn:
        waiting = conn.execute(
            select(jobs_table.c.id).where(
                jobs_table.c.kind == JOB,
                jobs_table.c.workspace_id == workspace,
                jobs_table.c.status.in_(("queued",)),
            )
        ).first()
        if waiting is not None:
            return False
        jobs.enqueue(conn, kind=JOB, payload={}, now=now, workspace_id=workspace, run_at=run_at or now)
    return True


def next_run(now: datetime, settings: Settings) -> datetime:
    return now + timedelta(seconds=settings.imap_poll_seconds)
