"""Pages: a role's ranked shortlist with the "why" for each person, and feedback buttons."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from talentscout.domain.permissions import Action
from talentscout.services import ranking, ranking_feedback
from talentscout.web.deps import DbDep, PageActor, verify_csrf
from talentscout.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/roles/{role_id}/ranking")
def role_ranking(request: Request, role_id: int, actor: PageActor, db: DbDep) -> Response:
    result = ranking.rank_role_full(db, actor=actor, role_id=role_id, limit=100)
    return render(
        request,
        "ranking.html",
        {"result": result, "can_feedback": actor.can(Action.GIVE_FEEDBACK)},
    )


@router.post("/roles/{role_id}/feedback", dependencies=[Depends(verify_csrf)])
def give_feedback(
    role_id: int,
    actor: PageActor,
    db: DbDep,
    person_id: Annotated[int, Form()],
    verdict: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
) -> Response:
    ranking_feedback.give_feedback(
        db, actor=actor, role_id=role_id, person_id=person_id, verdict=verdict, reason=reason
    )
    return RedirectResponse(f"/roles/{role_id}/ranking#person-{person_id}", status_code=303)
