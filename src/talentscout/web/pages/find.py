"""Pages for find: roles, a role's ranked shortlist and kanban board (search and lists: ``find_search``)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from talentscout.domain.permissions import Action, Actor
from talentscout.domain.roles import (
    REMOTE_POLICIES,
    SENIORITIES,
    RoleSpec,
    is_known_skill,
    parse_location,
    split_list,
)
from talentscout.services import pipeline, rediscovery, roles
from talentscout.services.access import require
from talentscout.services.errors import InvalidInput
from talentscout.services.unit_of_work import Database
from talentscout.web.api.find_models import PathId
from talentscout.web.deps import DbDep, PageActor, verify_csrf
from talentscout.web.pages import find_search
from talentscout.web.templating import render

router = APIRouter(include_in_schema=False)
router.include_router(find_search.router)
Csrf = [Depends(verify_csrf)]


async def _form(request: Request) -> dict[str, Any]:
    form = await request.form()
    return {k: form.getlist(k) if k == "person_id" else str(form.get(k) or "") for k in form}


FormData = Annotated[dict[str, Any], Depends(_form)]


@router.get("/roles")
def roles_page(request: Request, actor: PageActor, db: DbDep) -> Response:
    return render(
        request,
        "roles.html",
        {"roles": roles.list_roles(db, actor=actor), "can_manage": actor.can(Action.MANAGE_ROLES)},
    )


@router.get("/roles/new")
def new_role(request: Request, actor: PageActor, db: DbDep) -> Response:
    require(actor, Action.MANAGE_ROLES)
    return _role_form(
        request, actor, db, values={"remote_policy": "onsite", "recruiter_id": str(actor.user_id)}
    )


@router.post("/roles", dependencies=Csrf)
def create_role(request: Request, actor: PageActor, db: DbDep, form: FormData) -> Response:
    try:
        role_id = roles.create_role(db, actor=actor, spec=_spec(form))
    except InvalidInput as error:
        return _role_form(request, actor, db, values=form, error=str(error))
    return RedirectResponse(f"/roles/{role_id}", status_code=303)


@router.get("/roles/{role_id}")
def role_page(request: Request, role_id: PathId, actor: PageActor, db: DbDep) -> Response:
    view = roles.get_role(db, actor=actor, role_id=role_id)
    ranked = rediscovery.shortlist(db, actor=actor, role_id=role_id)
    return render(
        request,
        "role.html",
        {
            "v": view,
            "r": view.role,
            "ranked": ranked,
            "stage_labels": {s.key: s.label for s in view.stages},
            "search_link": "/search?" + urlencode({"q": _role_query(view.role)}),
            "unknown": {
                s for s in view.role["must_skills"] + view.role["nice_skills"] if not is_known_skill(s)
            },
            "can_manage": actor.can(Action.MANAGE_ROLES),
            "can_move": actor.can(Action.MOVE_PIPELINE),
        },
    )


@router.get("/roles/{role_id}/edit")
def edit_role(request: Request, role_id: PathId, actor: PageActor, db: DbDep) -> Response:
    require(actor, Action.MANAGE_ROLES)
    view = roles.get_role(db, actor=actor, role_id=role_id)
    return _role_form(request, actor, db, values=_values(view.role), role_id=role_id)


@router.post("/roles/{role_id}/edit", dependencies=Csrf)
def update_role(request: Request, role_id: PathId, actor: PageActor, db: DbDep, form: FormData) -> Response:
    try:
        roles.update_role(db, actor=actor, role_id=role_id, spec=_spec(form))
    except InvalidInput as error:
        return _role_form(request, actor, db, values=form, error=str(error), role_id=role_id)
    return RedirectResponse(f"/roles/{role_id}", status_code=303)


@router.post("/roles/{role_id}/delete", dependencies=Csrf)
def delete_role(role_id: PathId, actor: PageActor, db: DbDep) -> Response:
    roles.delete_role(db, actor=actor, role_id=role_id)
    return RedirectResponse("/roles", status_code=303)


@router.get("/roles/{role_id}/kanban")
def kanban(request: Request, role_id: PathId, actor: PageActor, db: DbDep) -> Response:
    view = roles.get_role(db, actor=actor, role_id=role_id)
    board = pipeline.board(db, actor=actor, role_id=role_id)
    return render(
        request,
        "kanban.html",
        {"v": view, "board": board, "can_move": actor.can(Action.MOVE_PIPELINE)},
    )


@router.post("/roles/{role_id}/pipeline", dependencies=Csrf)
def add_to_pipeline(role_id: PathId, actor: PageActor, db: DbDep, form: FormData) -> Response:
    ids = [int(p) for p in form.get("person_id", []) if str(p).isdigit() and len(str(p)) < 19]
    pipeline.add_people(
        db, actor=actor, role_id=role_id, person_ids=ids, stage=form.get("stage") or "sourced"
    )
    return RedirectResponse(_back(form, f"/roles/{role_id}"), status_code=303)


@router.post("/roles/{role_id}/pipeline/{person_id}/move", dependencies=Csrf)
def move(
    role_id: PathId, person_id: PathId, actor: PageActor, db: DbDep, stage: Annotated[str, Form()]
) -> Response:
    pipeline.move(db, actor=actor, role_id=role_id, person_id=person_id, stage=stage)
    return RedirectResponse(f"/roles/{role_id}/kanban#person-{person_id}", status_code=303)


@router.post("/roles/{role_id}/pipeline/{person_id}/remove", dependencies=Csrf)
def remove(role_id: PathId, person_id: PathId, actor: PageActor, db: DbDep) -> Response:
    pipeline.remove(db, actor=actor, role_id=role_id, person_id=person_id)
    return RedirectResponse(f"/roles/{role_id}/kanban", status_code=303)


def _back(form: dict[str, Any], default: str) -> str:
    """Where a form asked to go next: a local path only."""
    target = str(form.get("next") or "")
    return target if target.startswith("/") and not target.startswith("//") else default


def _role_form(
    request: Request,
    actor: Actor,
    db: Database,
    *,
    values: dict[str, Any],
    error: str | None = None,
    role_id: int | None = None,
) -> Response:
    context = {
        "values": values,
        "error": error,
        "role_id": role_id,
        "team": roles.team_members(db, actor=actor),
        "seniorities": SENIORITIES,
        "remote_policies": REMOTE_POLICIES,
    }
    return render(request, "role_form.html", context, status=400 if error else 200)


def _spec(form: dict[str, Any]) -> RoleSpec:
    return RoleSpec(
        title=form.get("title", ""),
        description=form.get("description", ""),
        must_skills=split_list(form.get("must_skills", "")),
        nice_skills=split_list(form.get("nice_skills", "")),
        seniority=form.get("seniority") or None,
        min_years=_int(form, "min_years", "minimum years"),
        max_years=_int(form, "max_years", "maximum years"),
        locations=[parse_location(line) for line in form.get("locations", "").splitlines() if line.strip()],
        remote_policy=form.get("remote_policy") or "onsite",
        comp_min=_int(form, "comp_min", "compensation minimum"),
        comp_max=_int(form, "comp_max", "compensation maximum"),
        comp_currency=form.get("comp_currency") or None,
        hiring_manager_id=_int(form, "hiring_manager_id", "hiring manager"),
        recruiter_id=_int(form, "recruiter_id", "recruiter"),
        status=form.get("status") or "open",
    )


def _int(form: dict[str, Any], key: str, what: str) -> int | None:
    text = str(form.get(key) or "").strip().replace(",", "").replace("_", "")
    if not text:
        return None
    if not text.isdigit() or len(text) > 12:
        raise InvalidInput(f"{what}: a whole number, not {text[:20]!r}")
    return int(text)


def _values(role: dict[str, Any]) -> dict[str, Any]:
    """A stored role as the edit form's text fields."""
    text = {k: "" if v is None else str(v) for k, v in role.items()}
    text["must_skills"] = ", ".join(role["must_skills"] or [])
    text["nice_skills"] = ", ".join(role["nice_skills"] or [])
    text["locations"] = "\n".join(
        f"{loc['place']} within {loc['radius_km']}km" for loc in role["locations"] or []
    )
    return text


def _role_query(role: dict[str, Any]) -> str:
    """A starting query for the role: its must-have skills, each quoted."""
    return " ".join('skill:"' + s.replace('"', " ") + '"' for s in role["must_skills"] or [])
