"""Pages: the talent pool list and a person's page."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from talentscout.domain.permissions import Action
from talentscout.services import people, person_detail
from talentscout.services.errors import InvalidInput
from talentscout.web.deps import DbDep, PageActor, verify_csrf
from talentscout.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/people")
def pool(
    request: Request,
    actor: PageActor,
    db: DbDep,
    q: str | None = None,
    source_id: Annotated[str | None, Query()] = None,
    tag: str | None = None,
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    source = int(source_id) if source_id and source_id.isdigit() else None
    filters = people.PoolFilter(q=q or None, source_id=source, tag=tag or None, page=page, per_page=50)
    error = None
    try:
        result = people.list_people(db, actor=actor, filters=filters)
    except InvalidInput as exc:
        error, result = str(exc), people.PoolPage([], 0, 1, filters.per_page)
    base = {k: v for k, v in {"q": q, "source_id": source, "tag": tag}.items() if v}
    return render(
        request,
        "people.html",
        {
            "result": result,
            "filters": filters,
            "sources": people.list_sources(db, actor=actor),
            "tags": people.list_tags(db, actor=actor),
            "query": urlencode(base),
            "can_import": actor.can(Action.IMPORT),
            "error": error,
        },
        status=400 if error else 200,
    )


@router.get("/people/{person_id}")
def person(request: Request, person_id: int, actor: PageActor, db: DbDep) -> Response:
    detail = person_detail.get_person(db, actor=actor, person_id=person_id)
    return render(
        request, "person.html", {"d": detail, "p": detail.person, "can_edit": actor.can(Action.EDIT_PEOPLE)}
    )


@router.post("/people/{person_id}/notes", dependencies=[Depends(verify_csrf)])
def add_note(person_id: int, actor: PageActor, db: DbDep, body: Annotated[str, Form()]) -> Response:
    people.add_note(db, actor=actor, person_id=person_id, body=body)
    return RedirectResponse(f"/people/{person_id}#notes", status_code=303)


@router.post("/people/{person_id}/tags", dependencies=[Depends(verify_csrf)])
def add_tag(person_id: int, actor: PageActor, db: DbDep, tag: Annotated[str, Form()]) -> Response:
    people.add_tag(db, actor=actor, person_id=person_id, tag=tag)
    return RedirectResponse(f"/people/{person_id}", status_code=303)


@router.post("/people/{person_id}/tags/remove", dependencies=[Depends(verify_csrf)])
def remove_tag(person_id: int, actor: PageActor, db: DbDep, tag: Annotated[str, Form()]) -> Response:
    people.remove_tag(db, actor=actor, person_id=person_id, tag=tag)
    return RedirectResponse(f"/people/{person_id}", status_code=303)
