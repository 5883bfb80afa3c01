"""Response models of the find API and the functions that fill them from service results."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import Path
from pydantic import BaseModel, Field

from talentscout.services.facets import FacetValue
from talentscout.services.lists import TalentList
from talentscout.services.people import PersonSummary
from talentscout.services.pipeline import Board
from talentscout.services.rediscovery import Ranked, Shortlist
from talentscout.services.roles import RoleView
from talentscout.web.api.people import PersonOut

#: the largest row id either database stores; larger ids cannot exist and are refused up front
MAX_ID = 2**63 - 1
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
BodyId = Annotated[int, Field(ge=1, le=MAX_ID)]


class LocationOut(BaseModel):
    place: str
    radius_km: int
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None


class StageOut(BaseModel):
    key: str
    label: str
    closed: bool


class RoleOut(BaseModel):
    id: int
    title: str
    description: str
    status: str
    must_skills: list[str] = Field(description="Canonical skill labels")
    nice_skills: list[str]
    seniority: str | None
    min_years: int | None
    max_years: int | None
    locations: list[LocationOut]
    remote_policy: str
    comp_min: int | None
    comp_max: int | None
    comp_currency: str | None
    hiring_manager_id: int | None
    hiring_manager: str | None
    recruiter_id: int | None
    recruiter: str | None
    stages: list[StageOut]
    pipeline_counts: dict[str, int]
    created_at: datetime
    updated_at: datetime | None


class CardOut(BaseModel):
    person: PersonOut
    moved_at: datetime


class ColumnOut(BaseModel):
    stage: StageOut
    people: list[CardOut]


class BoardOut(BaseModel):
    role_id: int
    columns: list[ColumnOut]


class BreakdownOut(BaseModel):
    label: str
    points: float = Field(description="Points this line added (negative: took away)")
    detail: str


class SignalOut(BaseModel):
    key: str
    label: str
    explanation: str = Field(description="How the signal was computed, in words")


class RankedOut(BaseModel):
    person: PersonOut
    score: float = Field(description="0–100")
    breakdown: list[BreakdownOut] = Field(description="Why: the points each part of the role earned")
    signals: list[SignalOut] = Field(description="Likely-to-move / likely-to-respond signals, each explained")
    activity: str = Field(description="active or passive")
    stage: str | None = Field(description="Stage in this role's pipeline, or null when not in it")


class ShortlistOut(BaseModel):
    rediscovered: list[RankedOut] = Field(description="Past applicants and silver medalists who fit")
    shortlist: list[RankedOut]


class ListOut(BaseModel):
    id: int
    name: str
    description: str
    size: int
    updated_at: datetime


class ListDetailOut(ListOut):
    people: list[PersonOut]


class SavedSearchOut(BaseModel):
    id: int
    name: str
    query: str
    expand_synonyms: bool
    created_at: datetime
    last_run_at: datetime | None


class FacetValueOut(BaseModel):
    value: str
    count: int
    refine: str = Field(description="The query term that narrows the search to this value")


class FacetsOut(BaseModel):
    total: int = Field(description="Everyone the query matches")
    counted: int = Field(
        description="How many of them the counts cover: all, or the 10,000 most recently updated"
    )
    facets: dict[str, list[FacetValueOut]] = Field(description="source, location, company, skill, years")


def person_out(p: PersonSummary) -> PersonOut:
    return PersonOut(**{k: getattr(p, k) for k in PersonOut.model_fields})


def role_out(view: RoleView) -> RoleOut:
    r = view.role
    fields: dict[str, Any] = {k: r.get(k) for k in RoleOut.model_fields if k in r}
    return RoleOut(
        **fields,
        hiring_manager=view.hiring_manager,
        recruiter=view.recruiter,
        stages=[StageOut(key=s.key, label=s.label, closed=s.closed) for s in view.stages],
        pipeline_counts=view.counts,
    )


def board_out(board: Board) -> BoardOut:
    return BoardOut(
        role_id=int(board.role["id"]),
        columns=[
            ColumnOut(
                stage=StageOut(key=c.stage.key, label=c.stage.label, closed=c.stage.closed),
                people=[CardOut(person=person_out(card.person), moved_at=card.moved_at) for card in c.cards],
            )
            for c in board.columns
        ],
    )


def list_out(t: TalentList) -> ListOut:
    return ListOut(id=t.id, name=t.name, description=t.description, size=t.size, updated_at=t.updated_at)


def ranked_out(item: Ranked) -> RankedOut:
    r = item.ranked
    return RankedOut(
        person=person_out(item.person),
        score=float(r.score),
        breakdown=[BreakdownOut(label=b.label, points=b.points, detail=b.detail) for b in r.breakdown],
        signals=[SignalOut(key=s.key, label=s.label, explanation=s.explanation) for s in r.signals],
        activity=r.activity,
        stage=item.stage,
    )


def shortlist_out(s: Shortlist) -> ShortlistOut:
    return ShortlistOut(
        rediscovered=[ranked_out(x) for x in s.rediscovered],
        shortlist=[ranked_out(x) for x in s.top],
    )


def facet_out(values: list[FacetValue]) -> list[FacetValueOut]:
    return [FacetValueOut(value=v.value, count=v.count, refine=v.refine) for v in values]
