"""What each kind of background job does. A handler raises to fail (the job is retried with back-off)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from talentscout.domain.permissions import Actor, Role
from talentscout.domain.records import SourceChannel
from talentscout.importers.base import ImportOptions
from talentscout.services import ingest

if TYPE_CHECKING:
    from talentscout.bootstrap import Container
    from talentscout.services.jobs import Job


def run_import(c: Container, job: Job) -> None:
    """An import queued by the web page for a large file."""
    p = job.payload
    actor = Actor(user_id=p.get("user_id"), workspace_id=int(p["workspace_id"]), role=Role(p["role"]))
    options = ImportOptions(
        display_name=p["display_name"],
        mapping=p.get("mapping") or {},
        id_column=p.get("id_column"),
        default_country=c.settings.default_country,
    )
    ingest.run_import(
        c.db,
        actor=actor,
        path=Path(p["path"]),
        format=p.get("format"),
        source_name=p.get("source_name"),
        channel=SourceChannel(p["channel"]) if p.get("channel") else None,
        options=options,
        batch_size=c.settings.import_batch_size,
    )


REGISTRY: dict[str, Callable[[Container, Job], None]] = {"import": run_import}
