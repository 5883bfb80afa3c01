"""Pages for identity resolution: the review queue (side by side, with evidence) and unmerge."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from talentscout.services import identity
from talentscout.web.deps import DbDep, PageActor, verify_csrf
from talentscout.web.templating import render

router = APIRouter(include_in_schema=False)
PER_PAGE = 20


@router.get("/review")
def review_queue(
    request: Request,
    actor: PageActor,
    db: DbDep,
    page: Annotated[int, Query(ge=1)] = 1,
    done: str | None = None,
) -> Response:
    pairs, total = identity.list_reviews(db, actor=actor, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    pages = max(1, -(-total // PER_PAGE))
    return render(
        request, "review.html", {"pairs": pairs, "total": total, "page": page, "pages": pages, "done": done}
    )


@router.post("/review/{review_id}/accept", dependencies=[Depends(verify_csrf)])
def accept(review_id: int, actor: PageActor, db: DbDep) -> Response:
    identity.accept_review(db, actor=actor, review_id=review_id)
    return RedirectResponse("/review?done=merged", status_code=303)


@router.post("/review/{review_id}/reject", dependencies=[Depends(verify_csrf)])
def reject(review_id: int, actor: PageActor, db: DbDep) -> Response:
    identity.reject_review(db, actor=actor, review_id=review_id)
    return RedirectResponse("/review?done=rejected", status_code=303)


@router.post("/people/{person_id}/unmerge", dependencies=[Depends(verify_csrf)])
def unmerge(
    person_id: int, actor: PageActor, db: DbDep, merge_id: Annotated[int | None, Form()] = None
) -> Response:
    identity.unmerge_person(db, actor=actor, person_id=person_id, merge_id=merge_id)
    return RedirectResponse(f"/people/{person_id}#merges", status_code=303)
