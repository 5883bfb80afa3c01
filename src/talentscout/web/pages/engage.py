"""Pages for engage: sequences (editor, preview, enrolment), the task inbox, outreach on a person page,
and the public one-click unsubscribe (``engage_public``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from talentscout.domain.permissions import Action
from talentscout.services import sequences as seqs
from talentscout.services import sequences_enrol, sequences_tasks, sequences_timeline
from talentscout.services.channels import STEP_CHANNELS
from talentscout.services.errors import InvalidInput
from talentscout.web.deps import ContainerDep, DbDep, PageActor, verify_csrf
from talentscout.web.pages import engage_public
from talentscout.web.templating import render

router = APIRouter(include_in_schema=False)
router.include_router(engage_public.router)
Csrf = [Depends(verify_csrf)]


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: str(form.get(k) or "") for k in form}


FormData = Annotated[dict[str, str], Depends(_form)]


def _int(value: str | None) -> int | None:
    text = (value or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise InvalidInput(f"{text!r} is not a number")
    return int(text)


@router.get("/sequences")
def sequences_page(request: Request, actor: PageActor, db: DbDep) -> Response:
    return _list(request, actor, db)


def _list(request: Request, actor: Any, db: Any, error: str | None = None) -> Response:
    return render(
        request,
        "sequences.html",
        {
            "sequences": seqs.list_sequences(db, actor=actor),
            "senders": seqs.list_senders(db, actor=actor),
            "can_manage": actor.can(Action.MANAGE_SEQUENCES),
            "error": error,
        },
        status=400 if error else 200,
    )


@router.post("/sequences", dependencies=Csrf)
def create_sequence(request: Request, actor: PageActor, db: DbDep, form: FormData) -> Response:
    try:
        sid = seqs.create_sequence(
            db,
            actor=actor,
            name=form.get("name", ""),
            sender_id=_int(form.get("sender_id")),
            role_id=_int(form.get("role_id")),
            on_behalf_of_id=_int(form.get("on_behalf_of_id")),
            on_behalf_signature=form.get("on_behalf_signature") or None,
            window_start_hour=_int(form.get("window_start_hour")) or 9,
            window_end_hour=_int(form.get("window_end_hour")) or 17,
        )
    except InvalidInput as error:
        return _list(request, actor, db, str(error))
    return RedirectResponse(f"/sequences/{sid}", status_code=303)


@router.post("/senders", dependencies=Csrf)
def create_sender(request: Request, actor: PageActor, db: DbDep, form: FormData) -> Response:
    try:
        seqs.create_sender(
            db,
            actor=actor,
            name=form.get("name", ""),
            email=form.get("email", ""),
            phone=form.get("phone") or None,
            signature=form.get("signature", ""),
            daily_cap=_int(form.get("daily_cap")) or 200,
            min_spacing_seconds=_int(form.get("min_spacing_seconds")) or 0,
        )
    except InvalidInput as error:
        return _list(request, actor, db, str(error))
    return RedirectResponse("/sequences", status_code=303)


@router.get("/sequences/{sequence_id}")
def sequence_page(
    request: Request, sequence_id: int, actor: PageActor, db: DbDep, preview_person: int | None = None
) -> Response:
    return _editor(request, actor, db, sequence_id, preview_person=preview_person)


def _editor(
    request: Request,
    actor: Any,
    db: Any,
    sequence_id: int,
    *,
    error: str | None = None,
    report: Any = None,
    preview_person: int | None = None,
) -> Response:
    seq = seqs.get_sequence(db, actor=actor, sequence_id=sequence_id)
    previews: dict[int, Any] = {}
    person = preview_person or (seq["enrollments"][0]["person_id"] if seq["enrollments"] else None)
    if person is not None:
        for step in seq["steps"]:
            previews[step["id"]] = seqs.preview(
                db,
                actor=actor,
                sequence_id=sequence_id,
                person_id=person,
                subject=step["subject_template"] if step["channel"] == "email" else "",
                body=step["body_template"],
            )
    return render(
        request,
        "sequence.html",
        {
            "s": seq,
            "channels": STEP_CHANNELS,
            "previews": previews,
            "preview_person": person,
            "can_manage": actor.can(Action.MANAGE_SEQUENCES),
            "can_send": actor.can(Action.SEND_OUTREACH),
            "error": error,
            "report": report,
        },
        status=400 if error else 200,
    )


def _step(form: dict[str, str]) -> seqs.StepInput:
    return seqs.StepInput(
        channel=form.get("channel", ""),
        delay_days=_int(form.get("delay_days")) or 0,
        subject_template=form.get("subject_template", ""),
        body_template=form.get("body_template", ""),
        follow_preference=form.get("follow_preference", "") == "on",
    )


@router.post("/sequences/{sequence_id}/steps", dependencies=Csrf)
def add_step(request: Request, sequence_id: int, actor: PageActor, db: DbDep, form: FormData) -> Response:
    try:
        seqs.add_step(db, actor=actor, sequence_id=sequence_id, step=_step(form))
    except InvalidInput as error:
        return _editor(request, actor, db, sequence_id, error=str(error))
    return RedirectResponse(f"/sequences/{sequence_id}#steps", status_code=303)


@router.post("/sequences/{sequence_id}/steps/{step_id}", dependencies=Csrf)
def edit_step(
    request: Request, sequence_id: int, step_id: int, actor: PageActor, db: DbDep, form: FormData
) -> Response:
    try:
        if form.get("action") == "delete":
            seqs.delete_step(db, actor=actor, step_id=step_id)
        else:
            seqs.update_step(db, actor=actor, step_id=step_id, step=_step(form))
    except InvalidInput as error:
        return _editor(request, actor, db, sequence_id, error=str(error))
    return RedirectResponse(f"/sequences/{sequence_id}#steps", status_code=303)


@router.post("/sequences/{sequence_id}/enrol", dependencies=Csrf)
def enrol(
    request: Request, sequence_id: int, actor: PageActor, db: DbDep, c: ContainerDep, form: FormData
) -> Response:
    try:
        ids = _people_to_enrol(db, actor, form)
        report = sequences_enrol.enrol(
            db,
            actor=actor,
            sequence_id=sequence_id,
            person_ids=ids,
            cooling_off_months=c.settings.cooling_off_months,
            override_address=form.get("override_address") or None,
            override_reason=form.get("override_reason") or None,
        )
    except InvalidInput as error:
        return _editor(request, actor, db, sequence_id, error=str(error))
    return _editor(request, actor, db, sequence_id, report=report)


def _people_to_enrol(db: Any, actor: Any, form: dict[str, str]) -> list[int]:
    from talentscout.services import search

    source = form.get("source", "ids")
    if source == "role":
        return sequences_enrol.people_of_role(db, actor=actor, role_id=_int(form.get("role_id")) or 0)
    if source == "list":
        return sequences_enrol.people_of_list(db, actor=actor, list_id=_int(form.get("list_id")) or 0)
    if source == "search":
        found = search.search_people(db, actor=actor, query=form.get("query", ""), limit=200)
        return [p.id for p in found.people]
    ids = [t for t in form.get("person_ids", "").replace(",", " ").split() if t]
    return [n for n in (_int(t) for t in ids) if n is not None]


@router.get("/tasks")
def tasks_page(request: Request, actor: PageActor, db: DbDep) -> Response:
    return render(request, "tasks.html", {"tasks": sequences_tasks.open_tasks(db, actor=actor)})


@router.post("/tasks/{task_id}", dependencies=Csrf)
def finish_task(task_id: int, actor: PageActor, db: DbDep, outcome: Annotated[str, Form()]) -> Response:
    sequences_tasks.finish_task(db, actor=actor, task_id=task_id, outcome=outcome)
    return RedirectResponse("/tasks", status_code=303)


@router.post("/people/{person_id}/outreach/stop", dependencies=Csrf)
def stop(person_id: int, actor: PageActor, db: DbDep, reason: Annotated[str, Form()] = "") -> Response:
    sequences_enrol.stop_person(db, actor=actor, person_id=person_id, reason=reason)
    return RedirectResponse(f"/people/{person_id}#outreach", status_code=303)


@router.post("/people/{person_id}/outreach/record", dependencies=Csrf)
def record(person_id: int, actor: PageActor, db: DbDep, form: FormData) -> Response:
    sequences_timeline.record_manual(
        db,
        actor=actor,
        person_id=person_id,
        channel=form.get("channel", ""),
        kind=form.get("kind", "reply"),
        text=form.get("text", ""),
    )
    return RedirectResponse(f"/people/{person_id}#outreach", status_code=303)


@router.post("/people/{person_id}/outreach/preferred", dependencies=Csrf)
def preferred(person_id: int, actor: PageActor, db: DbDep, channel: Annotated[str, Form()]) -> Response:
    sequences_timeline.set_preferred_channel(db, actor=actor, person_id=person_id, channel=channel)
    return RedirectResponse(f"/people/{person_id}#outreach", status_code=303)
