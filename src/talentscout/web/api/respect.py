"""JSON API for privacy: audit log, notice deadlines, retention, consent, lawful basis, suppression,
export and erasure. Each endpoint's permission is checked in the service it calls (see ``PERMISSIONS``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from talentscout.domain.permissions import Action
from talentscout.services import consent, erasure, lawful_basis, privacy_admin
from talentscout.web.deps import ApiActor, ContainerDep, DbDep

router = APIRouter(prefix="/api/v1", tags=["privacy"])

#: endpoint → the action it needs; documented in docs/permissions.md and tested with every persona
PERMISSIONS: dict[str, Action] = {
    "GET /api/v1/privacy/audit": Action.VIEW_AUDIT,
    "GET /api/v1/privacy/stats": Action.MANAGE_PRIVACY,
    "GET /api/v1/privacy/notice-deadlines": Action.MANAGE_PRIVACY,
    "GET /api/v1/privacy/retention": Action.MANAGE_PRIVACY,
    "POST /api/v1/privacy/suppressions": Action.MANAGE_PRIVACY,
    "GET /api/v1/privacy/suppressions/check": Action.MANAGE_PRIVACY,
    "GET /api/v1/people/{id}/privacy": Action.VIEW_PEOPLE,
    "POST /api/v1/people/{id}/privacy/consents": Action.MANAGE_PRIVACY,
    "POST /api/v1/people/{id}/privacy/consents/{scope}/withdraw": Action.MANAGE_PRIVACY,
    "POST /api/v1/people/{id}/privacy/lawful-basis": Action.MANAGE_PRIVACY,
    "PUT /api/v1/people/{id}/privacy/jurisdiction": Action.MANAGE_PRIVACY,
    "POST /api/v1/people/{id}/privacy/link": Action.MANAGE_PRIVACY,
    "GET /api/v1/people/{id}/privacy/export": Action.EXPORT,
    "POST /api/v1/people/{id}/privacy/erase": Action.ERASE_PEOPLE,
}


class ConsentIn(BaseModel):
    scope: str = Field(description="sms_marketing, email_outreach or talent_pool")
    channel: str = Field(description="where it was given: web, email, sms, phone, in_person, form")
    text_shown: str = Field(max_length=10_000, description="the exact words the person agreed to")
    proof: str = Field(max_length=2_000, description="form submission id, message id, recording reference")


class BasisIn(BaseModel):
    purpose: str = Field(description="sourcing, outreach or retention")
    basis: str = Field(description="legitimate_interest, consent or contract")
    note: str = Field(
        "", max_length=5_000, description="balancing note (legitimate interest) or the contract"
    )
    consent_id: int | None = None


class JurisdictionIn(BaseModel):
    jurisdiction: str | None = Field(None, description="gdpr, uk_gdpr, ccpa, us, pipeda, other; null clears")


class SuppressionIn(BaseModel):
    kind: str = Field(description="email, phone or url")
    value: str = Field(max_length=1_000)
    reason: str = "manual"


@router.get("/privacy/audit")
def audit_log(
    db: DbDep,
    actor: ApiActor,
    action: str | None = None,
    subject_type: str | None = None,
    subject_id: int | None = None,
    actor_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0),
) -> list[dict[str, Any]]:
    return privacy_admin.audit_entries(
        db,
        actor=actor,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        actor_id=actor_id,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    )


@router.get("/privacy/stats")
def stats(db: DbDep, actor: ApiActor) -> dict[str, Any]:
    return privacy_admin.overview(db, actor=actor)


@router.get("/privacy/notice-deadlines")
def notice_deadlines(
    db: DbDep, actor: ApiActor, within_days: int = Query(7, ge=0, le=365)
) -> list[dict[str, Any]]:
    return privacy_admin.notice_deadlines(db, actor=actor, within_days=within_days)


@router.get("/privacy/retention")
def retention(
    db: DbDep, actor: ApiActor, within_days: int = Query(60, ge=0, le=3650)
) -> list[dict[str, Any]]:
    return privacy_admin.retention_overview(db, actor=actor, within_days=within_days)


@router.post("/privacy/suppressions", status_code=201)
def suppress(db: DbDep, actor: ApiActor, body: SuppressionIn) -> dict[str, bool]:
    return {
        "added": privacy_admin.add_suppression(
            db, actor=actor, kind=body.kind, value=body.value, reason=body.reason
        )
    }


@router.get("/privacy/suppressions/check")
def check(db: DbDep, actor: ApiActor, kind: str, value: str = Query(max_length=1_000)) -> dict[str, bool]:
    return {"suppressed": privacy_admin.check_suppression(db, actor=actor, kind=kind, value=value)}


@router.get("/people/{person_id}/privacy")
def status(db: DbDep, actor: ApiActor, person_id: int) -> dict[str, Any]:
    return lawful_basis.privacy_status(db, actor=actor, person_id=person_id)


@router.post("/people/{person_id}/privacy/consents", status_code=201)
def add_consent(db: DbDep, actor: ApiActor, person_id: int, body: ConsentIn) -> dict[str, int]:
    consent_id = consent.record_consent(
        db,
        actor=actor,
        person_id=person_id,
        scope=body.scope,
        channel=body.channel,
        text_shown=body.text_shown,
        proof=body.proof,
    )
    return {"id": consent_id}


@router.post("/people/{person_id}/privacy/consents/{scope}/withdraw")
def withdraw_consent(db: DbDep, actor: ApiActor, person_id: int, scope: str) -> dict[str, int]:
    return {"withdrawn": consent.withdraw_consent(db, actor=actor, person_id=person_id, scope=scope)}


@router.post("/people/{person_id}/privacy/lawful-basis", status_code=201)
def add_basis(db: DbDep, actor: ApiActor, person_id: int, body: BasisIn) -> dict[str, int]:
    basis_id = lawful_basis.record_basis(
        db,
        actor=actor,
        person_id=person_id,
        purpose=body.purpose,
        basis=body.basis,
        note=body.note,
        consent_id=body.consent_id,
    )
    return {"id": basis_id}


@router.put("/people/{person_id}/privacy/jurisdiction")
def set_jurisdiction(db: DbDep, actor: ApiActor, person_id: int, body: JurisdictionIn) -> dict[str, str]:
    value = lawful_basis.set_jurisdiction(
        db, actor=actor, person_id=person_id, jurisdiction=body.jurisdiction
    )
    return {"jurisdiction": value}


@router.post("/people/{person_id}/privacy/link", status_code=201)
def link(c: ContainerDep, actor: ApiActor, person_id: int) -> dict[str, str]:
    url = privacy_admin.privacy_link(c.db, actor=actor, person_id=person_id, base_url=c.settings.public_url)
    return {"url": url}


@router.get("/people/{person_id}/privacy/export")
def export(db: DbDep, actor: ApiActor, person_id: int) -> Response:
    body = privacy_admin.export_person(db, actor=actor, person_id=person_id)
    disposition = f'attachment; filename="person-{person_id}.json"'
    return Response(body, media_type="application/json", headers={"Content-Disposition": disposition})


@router.post("/people/{person_id}/privacy/erase")
def erase(request: Request, c: ContainerDep, actor: ApiActor, person_id: int) -> dict[str, Any]:
    report = erasure.erase_person(c.db, actor=actor, person_id=person_id, files_root=c.settings.data_dir)
    erasure.queue_compaction(c.db, workspace_id=actor.workspace_id)
    return {"erased": person_id, "rows": report.rows, "tombstones": report.tombstones}
