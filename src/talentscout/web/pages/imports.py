"""Pages: upload a file, map a spreadsheet's columns, follow a queued import, read the report.

A CSV/XLSX upload stops at the mapping page (``POST /imports/{token}/run`` starts it); other formats
start at once. Files over ``uploads.INLINE_LIMIT_BYTES`` go to the worker: the user lands on
``/imports/queued/{job_id}``, which refreshes itself until the import is done.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from talentscout.bootstrap import Container
from talentscout.domain.permissions import Actor
from talentscout.domain.records import SourceChannel
from talentscout.importers.generic_csv import MAPPABLE_FIELDS
from talentscout.importers.registry import IMPORTERS
from talentscout.services import import_history, import_setup
from talentscout.services.errors import InvalidInput
from talentscout.web import uploads
from talentscout.web.deps import ContainerDep, PageActor, verify_csrf
from talentscout.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/imports")
def imports_page(request: Request, actor: PageActor, c: ContainerDep) -> Response:
    return _imports_page(request, actor, c)


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
        received = uploads.receive(
            c,
            actor=actor,
            upload=file,
            format=format or None,
            source=source.strip() or None,
            channel=uploads.parse_channel(channel),
        )
    except InvalidInput as exc:
        return _imports_page(request, actor, c, error=str(exc), status=400)
    if received.file.format != "csv":
        return _redirect(uploads.start(c, actor=actor, upload=received))
    try:
        form = import_setup.mapping_form(c.db, actor=actor, file=received.file)
    except InvalidInput as exc:
        uploads.discard(received)
        return _imports_page(request, actor, c, error=str(exc), status=400)
    return _mapping_page(request, received, form)


@router.post("/imports/{token}/run", dependencies=[Depends(verify_csrf)])
def run_upload(
    request: Request,
    token: str,
    actor: PageActor,
    c: ContainerDep,
    field: Annotated[list[str] | None, Form()] = None,
    id_column: Annotated[str, Form()] = "",
) -> Response:
    received = uploads.load(c, actor=actor, token=token)
    try:
        file = import_setup.chosen_mapping(received.file, field or [], id_column or None)
    except InvalidInput as exc:
        form = import_setup.mapping_form(c.db, actor=actor, file=received.file)
        chosen = dict(zip([col.name for col in form.columns], field or [], strict=False))
        form = replace(form, mapping=chosen, id_column=id_column or None)
        return _mapping_page(request, received, form, error=str(exc), status=400)
    return _redirect(uploads.start(c, actor=actor, upload=received, file=file))


@router.get("/imports/queued/{job_id}")
def queued_import(request: Request, job_id: int, actor: PageActor, c: ContainerDep) -> Response:
    job = import_setup.queued_import(c.db, actor=actor, job_id=job_id)
    return render(request, "import_queued.html", {"job": job})


@router.get("/imports/{import_id}")
def import_report(request: Request, import_id: int, actor: PageActor, c: ContainerDep) -> Response:
    report = import_history.get_import(c.db, actor=actor, import_id=import_id, max_issues=2000)
    return render(request, "import_report.html", {"r": report})


def _imports_page(
    request: Request, actor: Actor, c: Container, *, error: str | None = None, status: int = 200
) -> Response:
    context = {
        "history": import_history.list_imports(c.db, actor=actor),
        "formats": sorted(IMPORTERS),
        "channels": [ch.value for ch in SourceChannel],
        "inline_limit_mb": uploads.INLINE_LIMIT_BYTES // (1024 * 1024),
        "error": error,
    }
    return render(request, "imports.html", context, status=status)


def _mapping_page(
    request: Request,
    received: uploads.Upload,
    form: import_setup.MappingForm,
    *,
    error: str | None = None,
    status: int = 200,
) -> Response:
    context = {
        "token": received.token,
        "file": received.file,
        "form": form,
        "fields": MAPPABLE_FIELDS,
        "ignore": import_setup.IGNORE,
        "error": error,
    }
    return render(request, "import_mapping.html", context, status=status)


def _redirect(started: uploads.Started) -> Response:
    if started.report is not None:
        return RedirectResponse(f"/imports/{started.report.import_id}", status_code=303)
    return RedirectResponse(f"/imports/queued/{started.job_id}", status_code=303)
