"""JSON API for identity resolution: the review queue, unmerge, a person's merges and agency flags."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from talentscout.services import identity
from talentscout.web.deps import ApiActor, DbDep

router = APIRouter(prefix="/api/v1", tags=["identity"])


class EvidenceOut(BaseModel):
    field: str = Field(description="What was compared: email, given name, place …")
    kind: str = Field(description="same, similar, differs, ignored or rule")
    detail: str = Field(description="The finding in words")
    weight: float = Field(description="Its weight in bits (log-odds); positive means 'same person'")


class SideOut(BaseModel):
    record_id: int
    person_id: int | None
    person_name: str
    source: str
    channel: str
    external_id: str
    values: dict[str, Any] = Field(description="What the matcher read from this record")


class ReviewOut(BaseModel):
    id: int
    score: float = Field(description="Probability (0–1) that both records are one person")
    status: str = Field(description="open, accepted, rejected, separated or closed")
    evidence: list[EvidenceOut]
    left: SideOut
    right: SideOut
    created_at: datetime


class ReviewListOut(BaseModel):
    pairs: list[ReviewOut]
    total: int


class MergedOut(BaseModel):
    merge_id: int


class UnmergeIn(BaseModel):
    merge_id: int | None = Field(default=None, description="Which merge to undo; default the latest")


class UnmergeOut(BaseModel):
    survivor: int
    restored: int = Field(description="The person brought back")
    flagged: list[dict[str, Any]] = Field(
        description="Rows added by hand while merged: they stay with the survivor, to be reviewed"
    )


class IdentityOut(BaseModel):
    merges: list[dict[str, Any]]
    submission_flags: list[dict[str, Any]] = Field(
        description="Agency submissions of this person made after someone else had them: who was first, when"
    )


def _out(p: identity.ReviewPair) -> ReviewOut:
    return ReviewOut(
        id=p.id,
        score=p.score,
        status=p.status,
        evidence=[EvidenceOut(**e) for e in p.evidence],
        left=SideOut(**vars(p.left)),
        right=SideOut(**vars(p.right)),
        created_at=p.created_at,
    )


@router.get("/review", response_model=ReviewListOut)
def list_review(
    actor: ApiActor,
    db: DbDep,
    status: str = Query("open", pattern="^(open|accepted|rejected|separated|closed)$"),
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0),
) -> ReviewListOut:
    """Pairs the matcher was unsure about, strongest first, each with its evidence."""
    pairs, total = identity.list_reviews(db, actor=actor, status=status, limit=limit, offset=offset)
    return ReviewListOut(pairs=[_out(p) for p in pairs], total=total)


@router.get("/review/{review_id}", response_model=ReviewOut)
def get_review(review_id: int, actor: ApiActor, db: DbDep) -> ReviewOut:
    return _out(identity.get_review(db, actor=actor, review_id=review_id))


@router.post("/review/{review_id}/accept", response_model=MergedOut)
def accept_review(review_id: int, actor: ApiActor, db: DbDep) -> MergedOut:
    """One person: merge them (reversible with unmerge)."""
    return MergedOut(merge_id=identity.accept_review(db, actor=actor, review_id=review_id))


@router.post("/review/{review_id}/reject", status_code=204)
def reject_review(review_id: int, actor: ApiActor, db: DbDep) -> None:
    """Two people: the pair is never proposed again."""
    identity.reject_review(db, actor=actor, review_id=review_id)


@router.post("/people/{person_id}/unmerge", response_model=UnmergeOut)
def unmerge(person_id: int, actor: ApiActor, db: DbDep, body: UnmergeIn | None = None) -> UnmergeOut:
    """Undo a merge into this person: both people as they were, with their own provenance."""
    merge_id = body.merge_id if body else None
    return UnmergeOut(**identity.unmerge_person(db, actor=actor, person_id=person_id, merge_id=merge_id))


@router.get("/people/{person_id}/identity", response_model=IdentityOut)
def person_identity(person_id: int, actor: ApiActor, db: DbDep) -> IdentityOut:
    """Merges into this person (with evidence) and agency-ownership flags."""
    merges, flags = identity.person_identity(db, actor=actor, person_id=person_id)
    return IdentityOut(merges=merges, submission_flags=flags)
