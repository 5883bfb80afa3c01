"""What each kind of background job does. A handler raises to fail (the job is retried with back-off)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from talentscout.services import identity_ingest, import_setup
from talentscout.services.jobs import MAX_ATTEMPTS
from talentscout.worker import inbox_jobs, privacy_jobs, ranking_jobs

if TYPE_CHECKING:
    from talentscout.bootstrap import Container
    from talentscout.services.jobs import Job


def run_import(c: Container, job: Job) -> None:
    """An import queued for a large file: its import id is noted on the job, then the upload is removed.

    The upload is kept while a retry may still need it (an exception before the last attempt).
    """
    actor, file = import_setup.from_job(job.payload)
    try:
        report = import_setup.run_now(
            c.db,
            actor=actor,
            file=file,
            batch_size=c.settings.import_batch_size,
            default_country=c.settings.default_country,
        )
        import_setup.record_import_id(c.db, job_id=job.id, import_id=report.import_id)
    except Exception:
        if job.attempts >= MAX_ATTEMPTS:
            _remove_upload(c, file.path)
        raise
    _remove_upload(c, file.path)


def match_pending(c: Container, job: Job) -> None:
    """Resolve the records a large import stored without matching them (``identity_ingest.match_pending``)."""
    identity_ingest.match_pending(
        c.db, workspace_id=int(job.payload["workspace_id"]), workers=c.settings.identity_workers or None
    )


def _remove_upload(c: Container, path: Path) -> None:
    """Delete the upload's folder, only when it is one of the uploads folder's token folders."""
    folder = path.parent
    if folder.parent.resolve() == c.settings.uploads_dir.resolve() and folder.is_dir():
        shutil.rmtree(folder, ignore_errors=True)


REGISTRY: dict[str, Callable[[Container, Job], None]] = {
    "import": run_import,
    identity_ingest.MATCH_JOB: match_pending,
}
REGISTRY.update(privacy_jobs.HANDLERS)  # retention (daily) and compaction after erasure
REGISTRY.update(inbox_jobs.HANDLERS)  # the recurring IMAP poll for replies and bounces
REGISTRY.update(ranking_jobs.HANDLERS)  # profile vectors for semantic similarity (optional extra)
