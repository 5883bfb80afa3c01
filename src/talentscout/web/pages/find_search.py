"""Pages: recruiter search (query box, facets, saved searches, "add to role / list") and talent lists."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from talentscout.domain.permissions import Action
from talentscout.services import facets, lists, pipeline, roles, saved_searches, search
from talentscout.services.errors import InvalidInput
from talentscout.web.api.find_models import BodyId, PathId
from talentscout.web.deps import DbDep, PageActor, verify_csrf
from talentscout.web.templating import render

router = APIRouter(include_in_schema=False)
Csrf = [Depends(verify_csrf)]
PER_PAGE = 50


@router.get("/search")
def search_page(
    request: Request,
    actor: PageActor,
    db: DbDep,
    q: str = "",
    exact: str = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    expand = not exact
    result: search.SearchResult | None = None
    found: facets.Facets | None = None
    error = None
    if q.strip():
        try:
            result = search.search_people(
                db, actor=actor, query=q, limit=PER_PAGE, offset=(page - 1) * PER_PAGE, expand_synonyms=expand
            )
            found = facets.search_facets(db, actor=actor, query=q, expand_synonyms=expand)
        except InvalidInput as exc:
            error = str(exc)
    can_roles = actor.can(Action.VIEW_ROLES)
    return render(
        request,
        "search.html",
        {
            "q": q,
            "exact": bool(exact),
            "page": page,
            "pages": max(1, -(-result.total // PER_PAGE)) if result else 1,
            "result": result,
            "facets": found,
            "error": error,
            "saved": saved_searches.list_saved(db, actor=actor),
            "roles": roles.list_roles(db, actor=actor, status="open") if can_roles else [],
            "lists": lists.list_lists(db, actor=actor),
            "can_move": actor.can(Action.MOVE_PIPELINE),
            "can_edit": actor.can(Action.EDIT_PEOPLE),
            "here": "/search?" + urlencode({"q": q, **({"exact": "1"} if exact else {})}),
        },
    )


@router.post("/search/add", dependencies=Csrf)
def add_selected(
    actor: PageActor,
    db: DbDep,
    target: Annotated[str, Form()],
    person_id: Annotated[list[BodyId] | None, Form()] = None,
    next: Annotated[str, Form()] = "/search",
) -> Response:
    """Add the ticked people to a role's pipeline (``role:ID``) or a list (``list:ID``)."""
    kind, _, raw = target.partition(":")
    if not raw.isdigit() or kind not in ("role", "list"):
        raise InvalidInput("choose a role or a list to add the people to")
    if kind == "role":
        pipeline.add_people(db, actor=actor, role_id=int(raw), person_ids=person_id or [])
        return RedirectResponse(f"/roles/{raw}", status_code=303)
    lists.add_people(db, actor=actor, list_id=int(raw), person_ids=person_id or [])
    return RedirectResponse(f"/lists/{raw}", status_code=303)


@router.post("/search/saved", dependencies=Csrf)
def save_search(
    actor: PageActor,
    db: DbDep,
    name: Annotated[str, Form()],
    q: Annotated[str, Form()],
    exact: Annotated[str, Form()] = "",
) -> Response:
    saved_searches.save_search(db, actor=actor, name=name, query=q, expand_synonyms=not exact)
    return RedirectResponse(
        "/search?" + urlencode({"q": q, **({"exact": "1"} if exact else {})}), status_code=303
    )


@router.get("/search/saved/{saved_id}")
def run_saved(actor: PageActor, db: DbDep, saved_id: PathId) -> Response:
    saved = saved_searches.get_saved(db, actor=actor, saved_id=saved_id)
    saved_searches.mark_run(db, actor=actor, saved_id=saved_id)
    query: dict[str, str] = {"q": saved.query, **({} if saved.expand_synonyms else {"exact": "1"})}
    return RedirectResponse("/search?" + urlencode(query), status_code=303)


@router.post("/search/saved/{saved_id}/delete", dependencies=Csrf)
def delete_saved(actor: PageActor, db: DbDep, saved_id: PathId) -> Response:
    saved_searches.delete_saved(db, actor=actor, saved_id=saved_id)
    return RedirectResponse("/search", status_code=303)


# --- talent lists -----------------------------------------------------------------------------


@router.get("/lists")
def lists_page(request: Request, actor: PageActor, db: DbDep) -> Response:
    context: dict[str, Any] = {
        "lists": lists.list_lists(db, actor=actor),
        "can_edit": actor.can(Action.EDIT_PEOPLE),
    }
    return render(request, "lists.html", context)


@router.post("/lists", dependencies=Csrf)
def create_list(
    actor: PageActor, db: DbDep, name: Annotated[str, Form()], description: Annotated[str, Form()] = ""
) -> Response:
    list_id = lists.create_list(db, actor=actor, name=name, description=description)
    return RedirectResponse(f"/lists/{list_id}", status_code=303)


@router.get("/lists/{list_id}")
def list_page(request: Request, actor: PageActor, db: DbDep, list_id: PathId) -> Response:
    detail = lists.get_list(db, actor=actor, list_id=list_id)
    can_roles = actor.can(Action.VIEW_ROLES) and actor.can(Action.MOVE_PIPELINE)
    context: dict[str, Any] = {
        "d": detail,
        "can_edit": actor.can(Action.EDIT_PEOPLE),
        "roles": roles.list_roles(db, actor=actor, status="open") if can_roles else [],
    }
    return render(request, "lists_detail.html", context)


@router.post("/lists/{list_id}/people/{person_id}/remove", dependencies=Csrf)
def remove_from_list(actor: PageActor, db: DbDep, list_id: PathId, person_id: PathId) -> Response:
    lists.remove_person(db, actor=actor, list_id=list_id, person_id=person_id)
    return RedirectResponse(f"/lists/{list_id}", status_code=303)


@router.post("/lists/{list_id}/delete", dependencies=Csrf)
def delete_list(actor: PageActor, db: DbDep, list_id: PathId) -> Response:
    lists.delete_list(db, actor=actor, list_id=list_id)
    return RedirectResponse("/lists", status_code=303)
