"""REST API: imports (upload a file, follow a queued import, read the report)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Response, UploadFile

from talentscout.domain.records import SourceChannel
from talentscout.services import import_history, import_setup
from talentscout.web import uploads
from talentscout.web.deps import ApiActor, ContainerDep

router = APIRouter(prefix="/api/v1", tags=["imports"])

_QUEUED: dict[int | str, dict[str, Any]] = {
    202: {"description": "The file is over the inline limit and was queued for the worker"}
}


@router.post("/imports", status_code=201, responses=_QUEUED)
def create_import(
    file: UploadFile,
    actor: ApiActor,
    c: ContainerDep,
    response: Response,
    format: Annotated[str | None, Form()] = None,
    source: Annotated[str | None, Form()] = None,
    channel: Annotated[SourceChannel | None, Form()] = None,
    mapping: Annotated[str | None, Form()] = None,
    id_column: Annotated[str | None, Form()] = None,
) -> dict[str, Any]:
    """Upload a file and import it.

    - ``format``: one of the importers (default: detected from the file).
    - ``source``: the source name; a generic CSV/XLSX source remembers its mapping for the next import.
    - ``mapping`` (generic CSV/XLSX): a JSON object of column name to field, e.g.
      ``{"E-mail": "emails", "Name": "full_name", "Notes": "ignore"}``. Without it, the source's saved
      mapping is used, or one guessed from the column names. A given mapping is saved on the source.
    - ``id_column`` (generic CSV/XLSX): the column holding the source's own id.

    A file up to 5 MB (``uploads.INLINE_LIMIT_BYTES``) is imported at once: **201** with the import
    report (rows accepted, every issue). A larger file is queued for the worker: **202** with
    ``{"job_id", "status", "status_url"}``; poll ``GET /api/v1/imports/jobs/{job_id}`` until ``status`` is
    ``done`` or ``failed``, then read the report at ``GET /api/v1/imports/{import_id}``.
    """
    started = uploads.import_at_once(
        c,
        actor=actor,
        upload=file,
        format=format or None,
        source=source or None,
        channel=channel,
        mapping=import_setup.parse_mapping(mapping),
        id_column=id_column or None,
    )
    if started.report is not None:
        return import_history.report_dict(started.report)
    response.status_code = 202
    url = f"/api/v1/imports/jobs/{started.job_id}"
    return {"job_id": started.job_id, "status": "queued", "status_url": url}


@router.get("/imports/jobs/{job_id}")
def get_import_job(job_id: int, actor: ApiActor, c: ContainerDep) -> dict[str, Any]:
    """A queued import: ``status`` is queued, running, done or failed; ``import_id`` once it has run."""
    job = import_setup.queued_import(c.db, actor=actor, job_id=job_id)
    return {
        "job_id": job.job_id,
        "filename": job.filename,
        "status": job.state,
        "retrying": job.retrying,
        "import_id": job.import_id,
    }


@router.get("/imports/{import_id}")
def get_import(import_id: int, actor: ApiActor, c: ContainerDep) -> dict[str, Any]:
    return import_history.report_dict(import_history.get_import(c.db, actor=actor, import_id=import_id))
