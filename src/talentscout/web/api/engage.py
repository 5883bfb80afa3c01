"""JSON API for engage: senders, sequences and steps, enrolment, tasks, a person's outreach."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from talentscout.services import sequences as seqs
from talentscout.services import sequences_enrol, sequences_tasks, sequences_timeline
from talentscout.web.deps import ApiActor, ContainerDep, DbDep

router = APIRouter(prefix="/api/v1", tags=["engage"])


class SenderIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=3, max_length=320)
    phone: str | None = Field(None, max_length=40, description="SMS 'From' number, E.164")
    signature: str = Field("", max_length=5000)
    daily_cap: int = Field(200, ge=1, le=100_000)
    min_spacing_seconds: int = Field(0, ge=0, le=86_400)


class SequenceIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    sender_id: int | None = None
    role_id: int | None = None
    on_behalf_of_id: int | None = Field(
        None, description="A hiring manager's user id: their name and signature"
    )
    on_behalf_signature: str | None = Field(None, max_length=5000)
    window_start_hour: int = Field(9, ge=0, le=23)
    window_end_hour: int = Field(17, ge=1, le=24)


class StepIn(BaseModel):
    channel: str = Field(description="email, sms, linkedin_message, linkedin_connect or call")
    delay_days: int = Field(0, ge=0, le=90, description="Working days after the previous step")
    subject_template: str = Field("", max_length=500)
    body_template: str = Field(min_length=1, max_length=20_000)
    follow_preference: bool = True


class EnrolIn(BaseModel):
    person_ids: list[int] = Field(default_factory=list, max_length=5000)
    role_id: int | None = Field(None, description="Enrol the role's pipeline instead")
    list_id: int | None = Field(None, description="Enrol a talent list instead")
    override_address: str | None = Field(None, description="A work address, for one person, with a reason")
    override_reason: str | None = None


class TaskIn(BaseModel):
    outcome: str = Field(description="done or skipped")


class RecordIn(BaseModel):
    channel: str = Field(description="email, sms, linkedin or call")
    kind: str = Field("reply", description="reply, auto_reply or unsubscribe")
    text: str = Field("", max_length=20_000)


class StopIn(BaseModel):
    reason: str = Field("", max_length=500)


@router.post("/senders", status_code=201)
def create_sender(body: SenderIn, actor: ApiActor, db: DbDep) -> dict[str, int]:
    return {"id": seqs.create_sender(db, actor=actor, **body.model_dump())}


@router.get("/sequences")
def list_sequences(actor: ApiActor, db: DbDep) -> list[dict[str, Any]]:
    return seqs.list_sequences(db, actor=actor)


@router.post("/sequences", status_code=201)
def create_sequence(body: SequenceIn, actor: ApiActor, db: DbDep) -> dict[str, int]:
    return {"id": seqs.create_sequence(db, actor=actor, **body.model_dump())}


@router.get("/sequences/{sequence_id}")
def get_sequence(sequence_id: int, actor: ApiActor, db: DbDep) -> dict[str, Any]:
    return seqs.get_sequence(db, actor=actor, sequence_id=sequence_id)


@router.post("/sequences/{sequence_id}/steps", status_code=201)
def add_step(sequence_id: int, body: StepIn, actor: ApiActor, db: DbDep) -> dict[str, int]:
    return {
        "id": seqs.add_step(
            db, actor=actor, sequence_id=sequence_id, step=seqs.StepInput(**body.model_dump())
        )
    }


@router.post("/sequences/{sequence_id}/enrollments")
def enrol(sequence_id: int, body: EnrolIn, actor: ApiActor, db: DbDep, c: ContainerDep) -> dict[str, Any]:
    ids = list(body.person_ids)
    if body.role_id is not None:
        ids += sequences_enrol.people_of_role(db, actor=actor, role_id=body.role_id)
    if body.list_id is not None:
        ids += sequences_enrol.people_of_list(db, actor=actor, list_id=body.list_id)
    report = sequences_enrol.enrol(
        db,
        actor=actor,
        sequence_id=sequence_id,
        person_ids=ids,
        cooling_off_months=c.settings.cooling_off_months,
        override_address=body.override_address,
        override_reason=body.override_reason,
    )
    return {
        "enrolled": report.enrolled,
        "skipped": [{"person_id": p, "reason": r} for p, r in report.skipped],
    }


@router.get("/tasks")
def tasks(actor: ApiActor, db: DbDep) -> list[dict[str, Any]]:
    return sequences_tasks.open_tasks(db, actor=actor)


@router.post("/tasks/{task_id}")
def finish_task(task_id: int, body: TaskIn, actor: ApiActor, db: DbDep) -> dict[str, str]:
    sequences_tasks.finish_task(db, actor=actor, task_id=task_id, outcome=body.outcome)
    return {"status": body.outcome}


@router.get("/people/{person_id}/outreach")
def outreach(person_id: int, actor: ApiActor, db: DbDep) -> dict[str, Any]:
    return sequences_timeline.outreach_of(db, actor=actor, person_id=person_id)


@router.post("/people/{person_id}/outreach/record", status_code=201)
def record(person_id: int, body: RecordIn, actor: ApiActor, db: DbDep) -> dict[str, int]:
    return {"id": sequences_timeline.record_manual(db, actor=actor, person_id=person_id, **body.model_dump())}


@router.post("/people/{person_id}/outreach/stop")
def stop(person_id: int, body: StopIn, actor: ApiActor, db: DbDep) -> dict[str, int]:
    return {
        "cancelled": sequences_enrol.stop_person(db, actor=actor, person_id=person_id, reason=body.reason)
    }
