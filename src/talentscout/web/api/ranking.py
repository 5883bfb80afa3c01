"""REST API: a role's ranked shortlist with the "why", and recruiter feedback."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from talentscout.services import ranking, ranking_feedback
from talentscout.web.deps import ApiActor, DbDep

router = APIRouter(prefix="/api/v1", tags=["ranking"])


class ReasonOut(BaseModel):
    label: str
    points: float
    detail: str
    kind: str


class SignalOut(BaseModel):
    key: str
    label: str
    explanation: str


class RankedOut(BaseModel):
    person_id: int
    display_name: str
    score: float = Field(description="0–100")
    activity: str = Field(description="active or passive")
    current_title: str | None
    current_employer: str | None
    feedback: str | None
    breakdown: list[ReasonOut]
    signals: list[SignalOut]


class RankingOut(BaseModel):
    role_id: int
    title: str
    candidates_scored: int
    people: list[RankedOut]


class FeedbackIn(BaseModel):
    person_id: int
    verdict: Literal["good_fit", "not_a_fit"]
    reason: str = Field(default="", max_length=2000)


class FeedbackOut(BaseModel):
    id: int
    role_id: int
    person_id: int
    verdict: str
    reason: str


@router.get("/roles/{role_id}/ranking", response_model=RankingOut)
def role_ranking(
    role_id: int,
    actor: ApiActor,
    db: DbDep,
    limit: Annotated[int, Query(ge=1, le=ranking.MAX_LIMIT)] = 100,
    channel: Annotated[list[str] | None, Query(description="Only people from these source channels")] = None,
) -> RankingOut:
    result = ranking.rank_role_full(db, actor=actor, role_id=role_id, limit=limit, channels=channel)
    return RankingOut(
        role_id=result.role_id,
        title=result.title,
        candidates_scored=result.pool,
        people=[
            RankedOut(
                person_id=p.person_id,
                display_name=p.display_name,
                score=p.score,
                activity=p.activity,
                current_title=p.current_title,
                current_employer=p.current_employer,
                feedback=p.feedback,
                breakdown=[
                    ReasonOut(label=b.label, points=b.points, detail=b.detail, kind=b.kind)
                    for b in p.breakdown
                ],
                signals=[SignalOut(key=s.key, label=s.label, explanation=s.explanation) for s in p.signals],
            )
            for p in result.people
        ],
    )


@router.post("/roles/{role_id}/feedback", response_model=FeedbackOut, status_code=201)
def give_feedback(role_id: int, body: FeedbackIn, actor: ApiActor, db: DbDep) -> FeedbackOut:
    entry = ranking_feedback.give_feedback(
        db, actor=actor, role_id=role_id, person_id=body.person_id, verdict=body.verdict, reason=body.reason
    )
    return FeedbackOut(
        id=entry.id,
        role_id=entry.role_id,
        person_id=entry.person_id,
        verdict=entry.verdict,
        reason=entry.reason,
    )
