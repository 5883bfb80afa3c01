"""Background work for replies: the recurring IMAP poll."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from talentscout.services import imap_poll, imap_poll_jobs
from talentscout.transports.imap import ImapMailbox, MailboxError

if TYPE_CHECKING:
    from talentscout.bootstrap import Container
    from talentscout.services.jobs import Job

log = logging.getLogger(__name__)


def run_poll(c: Container, job: Job) -> None:
    """Poll the configured mailbox, then queue the next poll. An unreachable mailbox is logged and polled
    again next time; any other error fails the job (retried with back-off, kept on the job row)."""
    workspace = job.workspace_id or imap_poll_jobs.workspace_id(c.db, c.settings)
    try:
        with ImapMailbox(imap_poll_jobs.imap_config(c.settings)) as box:
            report = imap_poll.poll(c.db, workspace_id=workspace, mailbox=box)
        log.info("%s", report.summary())
    except MailboxError as exc:
        log.warning("mailbox poll failed: %s", exc)
    imap_poll_jobs.schedule(
        c.db, workspace=workspace, run_at=imap_poll_jobs.next_run(c.db.clock.now(), c.settings)
    )


HANDLERS: dict[str, Callable[[Container, Job], None]] = {imap_poll_jobs.JOB: run_poll}
