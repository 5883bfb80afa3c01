"""REST API: imports (upload a file, read the report)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, UploadFile

from talentscout.domain.records import SourceChannel
from talentscout.services import import_history
from talentscout.web.deps import ApiActor, ContainerDep
from talentscout.web.uploads import run_uploaded_import

router = APIRouter(prefix="/api/v1", tags=["imports"])


@router.post("/imports", status_code=201)
def create_import(
    file: UploadFile,
    actor: ApiActor,
    c: ContainerDep,
    format: Annotated[str | None, Form()] = None,
    source: Annotated[str | None, Form()] = None,
    channel: Annotated[SourceChannel | None, Form()] = None,
) -> dict[str, Any]:
    """Upload a file and import it; the answer is the import report (rows accepted, every issue)."""
    report = run_uploaded_import(
        c, actor=actor, upload=file, format=format or None, source=source or None, channel=channel
    )
    return import_history.report_dict(report)


@router.get("/imports/{import_id}")
def get_import(import_id: int, actor: ApiActor, c: ContainerDep) -> dict[str, Any]:
    return import_history.report_dict(import_history.get_import(c.db, actor=actor, import_id=import_id))
