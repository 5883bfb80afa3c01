"""Privacy pages for staff: overview (notice deadlines, retention, suppression), audit log, a person's
privacy record (jurisdiction, lawful basis, consent, export, erasure)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from talentscout.domain.jurisdiction import Basis, ConsentScope, Jurisdiction, Purpose
from talentscout.domain.permissions import Action
from talentscout.services import consent, erasure, lawful_basis, privacy_admin
from talentscout.services.errors import InvalidInput
from talentscout.web.deps import ContainerDep, DbDep, PageActor, verify_csrf
from talentscout.web.templating import render

router = APIRouter(include_in_schema=False)
CSRF = [Depends(verify_csrf)]


@router.get("/privacy-admin")
def overview(request: Request, actor: PageActor, db: DbDep, message: str = "") -> Response:
    context = {
        "deadlines": privacy_admin.notice_deadlines(db, actor=actor, within_days=14),
        "retention": privacy_admin.retention_overview(db, actor=actor, within_days=60),
        "overview": privacy_admin.overview(db, actor=actor),
        "can_audit": actor.can(Action.VIEW_AUDIT),
        "message": message,
    }
    return render(request, "privacy_admin.html", context)


@router.post("/privacy-admin/suppressions", dependencies=CSRF)
def suppress(
    request: Request,
    actor: PageActor,
    db: DbDep,
    kind: Annotated[str, Form()],
    value: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "manual",
) -> Response:
    try:
        added = privacy_admin.add_suppression(db, actor=actor, kind=kind, value=value, reason=reason)
    except InvalidInput as exc:
        return RedirectResponse(_with_message("/privacy-admin", str(exc)), status_code=303)
    note = "added to the suppression list" if added else "was already on the suppression list"
    return RedirectResponse(_with_message("/privacy-admin", f"The {kind} {note}."), status_code=303)


@router.get("/privacy-admin/audit")
def audit(
    request: Request,
    actor: PageActor,
    db: DbDep,
    action: str = "",
    subject_id: Annotated[str, Query()] = "",
    actor_id: Annotated[str, Query()] = "",
    since: Annotated[str, Query()] = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    entries = privacy_admin.audit_entries(
        db,
        actor=actor,
        action=action or None,
        subject_id=int(subject_id) if subject_id.isdigit() else None,
        actor_id=int(actor_id) if actor_id.isdigit() else None,
        since=_date(since),
        limit=privacy_admin.AUDIT_PAGE,
        offset=(page - 1) * privacy_admin.AUDIT_PAGE,
    )
    filters = {"action": action, "subject_id": subject_id, "actor_id": actor_id, "since": since}
    return render(request, "audit_log.html", {"entries": entries, "filters": filters, "page": page})


@router.get("/privacy-admin/people/{person_id}")
def person(request: Request, actor: PageActor, db: DbDep, person_id: int, message: str = "") -> Response:
    context = {
        "s": lawful_basis.privacy_status(db, actor=actor, person_id=person_id),
        "purposes": [p.value for p in Purpose],
        "bases": [b.value for b in Basis],
        "scopes": [s.value for s in ConsentScope],
        "jurisdictions": [j.value for j in Jurisdiction],
        "can_erase": actor.can(Action.ERASE_PEOPLE),
        "can_manage": actor.can(Action.MANAGE_PRIVACY),
        "message": message,
    }
    return render(request, "lawful_basis.html", context)


@router.post("/privacy-admin/people/{person_id}/basis", dependencies=CSRF)
def basis(
    actor: PageActor,
    db: DbDep,
    person_id: int,
    purpose: Annotated[str, Form()],
    basis: Annotated[str, Form()],
    note: Annotated[str, Form()] = "",
) -> Response:
    return _back(
        person_id,
        lambda: lawful_basis.record_basis(
            db, actor=actor, person_id=person_id, purpose=purpose, basis=basis, note=note
        ),
        "Lawful basis recorded.",
    )


@router.post("/privacy-admin/people/{person_id}/consent", dependencies=CSRF)
def add_consent(
    actor: PageActor,
    db: DbDep,
    person_id: int,
    scope: Annotated[str, Form()],
    channel: Annotated[str, Form()],
    text_shown: Annotated[str, Form()],
    proof: Annotated[str, Form()],
) -> Response:
    def act() -> object:
        return consent.record_consent(
            db,
            actor=actor,
            person_id=person_id,
            scope=scope,
            channel=channel,
            text_shown=text_shown,
            proof=proof,
        )

    return _back(person_id, act, "Consent recorded.")


@router.post("/privacy-admin/people/{person_id}/jurisdiction", dependencies=CSRF)
def jurisdiction(
    actor: PageActor, db: DbDep, person_id: int, jurisdiction: Annotated[str, Form()] = ""
) -> Response:
    return _back(
        person_id,
        lambda: lawful_basis.set_jurisdiction(
            db, actor=actor, person_id=person_id, jurisdiction=jurisdiction
        ),
        "Jurisdiction saved.",
    )


@router.get("/privacy-admin/people/{person_id}/export")
def export(actor: PageActor, db: DbDep, person_id: int) -> Response:
    body = privacy_admin.export_person(db, actor=actor, person_id=person_id)
    disposition = f'attachment; filename="person-{person_id}.json"'
    return Response(body, media_type="application/json", headers={"Content-Disposition": disposition})


@router.post("/privacy-admin/people/{person_id}/erase", dependencies=CSRF)
def erase(
    c: ContainerDep, actor: PageActor, person_id: int, confirm: Annotated[str, Form()] = ""
) -> Response:
    if confirm != "erase":
        return RedirectResponse(
            _with_message(f"/privacy-admin/people/{person_id}", "Type erase to confirm the erasure."),
            status_code=303,
        )
    erasure.erase_person(c.db, actor=actor, person_id=person_id, files_root=c.settings.data_dir)
    erasure.queue_compaction(c.db, workspace_id=actor.workspace_id)
    return RedirectResponse(_with_message("/privacy-admin", "The person was erased."), status_code=303)


def _back(person_id: int, act: Callable[[], object], done: str) -> Response:
    try:
        act()
    except InvalidInput as exc:
        return RedirectResponse(
            _with_message(f"/privacy-admin/people/{person_id}", str(exc)), status_code=303
        )
    return RedirectResponse(_with_message(f"/privacy-admin/people/{person_id}", done), status_code=303)


def _with_message(path: str, message: str) -> str:
    return f"{path}?{urlencode({'message': message})}"


def _date(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
