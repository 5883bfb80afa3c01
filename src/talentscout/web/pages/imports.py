"""Pages: upload a file and read what was accepted and rejected."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from talentscout.domain.records import SourceChannel
from talentscout.importers.registry import IMPORTERS
from talentscout.services import import_history
from talentscout.services.errors import InvalidInput
from talentscout.web.deps import ContainerDep, PageActor, verify_csrf
from talentscout.web.templating import render
from talentscout.web.uploads import run_uploaded_import

router = APIRouter(include_in_schema=False)


@router.get("/imports")
def imports_page(request: Request, actor: PageActor, c: ContainerDep) -> Response:
    return render(
        request,
        "imports.html",
        {
            "history": import_history.list_imports(c.db, actor=actor),
            "formats": sorted(IMPORTERS),
            "channels": [ch.value for ch in SourceChannel],
            "error": None,
        },
    )


@router.post("/imports", dependencies=[Depends(verify_csrf)])
def upload(
    request: Request,
    actor: PageActor,
    c: ContainerDep,
    file: UploadFile,
    format: Annotated[str, Form()] = "",
    source: Annotated[str, Form()] = "",
    channel: Annotated[str, Form()] = "",
) -> Response:
    try:
        report = run_uploaded_import(
            c,
            actor=actor,
            upload=file,
            format=format or None,
            source=source or None,
            channel=SourceChannel(channel) if channel else None,
        )
    except InvalidInput as exc:
        return render(
            request,
            "imports.html",
            {
                "history": import_history.list_imports(c.db, actor=actor),
                "formats": sorted(IMPORTERS),
                "channels": [ch.value for ch in SourceChannel],
                "error": str(exc),
            },
            status=400,
        )
    return RedirectResponse(f"/imports/{report.import_id}", status_code=303)


@router.get("/imports/{import_id}")
def import_report(request: Request, import_id: int, actor: PageActor, c: ContainerDep) -> Response:
    report = import_history.get_import(c.db, actor=actor, import_id=import_id, max_issues=2000)
    return render(request, "import_report.html", {"r": report})
