"""JSON API for find: roles, their pipelines and shortlists, talent lists, saved searches, facets."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from talentscout.domain.roles import DEFAULT_RADIUS_KM, RoleSpec
from talentscout.services import facets, lists, pipeline, rediscovery, roles, saved_searches
from talentscout.web.api.find_models import (
    BoardOut,
    BodyId,
    FacetsOut,
    ListDetailOut,
    ListOut,
    PathId,
    RoleOut,
    SavedSearchOut,
    ShortlistOut,
    board_out,
    facet_out,
    list_out,
    person_out,
    role_out,
    shortlist_out,
)
from talentscout.web.api.people import SearchOut
from talentscout.web.deps import ApiActor, DbDep

router = APIRouter(prefix="/api/v1", tags=["find"])


class LocationIn(BaseModel):
    place: str = Field(max_length=200, description="A city or country, e.g. 'Berlin, DE'")
    radius_km: int = Field(DEFAULT_RADIUS_KM, ge=0, le=2000)


class RoleIn(BaseModel):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field("", max_length=50_000)
    must_skills: list[str] = Field(default_factory=list, description="Made canonical via the taxonomy")
    nice_skills: list[str] = Field(default_factory=list)
    seniority: str | None = None
    min_years: int | None = None
    max_years: int | None = None
    locations: list[LocationIn] = Field(default_factory=list)
    remote_policy: str = Field("onsite", description="onsite, hybrid or remote")
    comp_min: int | None = None
    comp_max: int | None = None
    comp_currency: str | None = Field(None, description="ISO 4217 code, e.g. EUR")
    hiring_manager_id: BodyId | None = None
    recruiter_id: BodyId | None = None
    status: str = Field("open", description="open, on_hold or closed")

    def spec(self) -> RoleSpec:
        values: dict[str, Any] = self.model_dump()
        values["locations"] = [loc.model_dump() for loc in self.locations]
        return RoleSpec(**values)


class PeopleIn(BaseModel):
    person_ids: list[BodyId] = Field(min_length=1, max_length=500)
    stage: str = Field("sourced", description="The stage to add them at")


class MoveIn(BaseModel):
    stage: str = Field(description="A stage key of the role, e.g. 'contacted' or 'not_a_fit'")


class ListIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=5000)


class ListPeopleIn(BaseModel):
    person_ids: list[BodyId] = Field(min_length=1, max_length=500)


class SavedSearchIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    query: str = Field(min_length=1, description="A query in the recruiter query language")
    expand_synonyms: bool = True


class Created(BaseModel):
    id: int


class Added(BaseModel):
    added: int = Field(description="How many were added (people already there are skipped)")


# --- roles ------------------------------------------------------------------------------------


@router.get("/roles", response_model=list[RoleOut])
def list_roles(actor: ApiActor, db: DbDep, status: str | None = None) -> list[RoleOut]:
    """Roles of the workspace, newest first (a hiring manager sees the roles they manage)."""
    return [role_out(r) for r in roles.list_roles(db, actor=actor, status=status)]


@router.post("/roles", response_model=Created, status_code=201)
def create_role(body: RoleIn, actor: ApiActor, db: DbDep) -> Created:
    """Create a role with the default pipeline stages; skills are made canonical, places resolved."""
    return Created(id=roles.create_role(db, actor=actor, spec=body.spec()))


@router.get("/roles/{role_id}", response_model=RoleOut)
def get_role(role_id: PathId, actor: ApiActor, db: DbDep) -> RoleOut:
    return role_out(roles.get_role(db, actor=actor, role_id=role_id))


@router.put("/roles/{role_id}", response_model=RoleOut)
def update_role(role_id: PathId, body: RoleIn, actor: ApiActor, db: DbDep) -> RoleOut:
    roles.update_role(db, actor=actor, role_id=role_id, spec=body.spec())
    return role_out(roles.get_role(db, actor=actor, role_id=role_id))


@router.delete("/roles/{role_id}", status_code=204)
def delete_role(role_id: PathId, actor: ApiActor, db: DbDep) -> Response:
    roles.delete_role(db, actor=actor, role_id=role_id)
    return Response(status_code=204)


@router.get("/roles/{role_id}/pipeline", response_model=BoardOut)
def get_pipeline(role_id: PathId, actor: ApiActor, db: DbDep) -> BoardOut:
    """The role's pipeline: one column per stage (closed reasons last) with the people in it."""
    return board_out(pipeline.board(db, actor=actor, role_id=role_id))


@router.post("/roles/{role_id}/pipeline", response_model=Added, status_code=201)
def add_to_pipeline(role_id: PathId, body: PeopleIn, actor: ApiActor, db: DbDep) -> Added:
    n = pipeline.add_people(db, actor=actor, role_id=role_id, person_ids=body.person_ids, stage=body.stage)
    return Added(added=n)


@router.put("/roles/{role_id}/pipeline/{person_id}", status_code=204)
def move_in_pipeline(
    role_id: PathId, person_id: PathId, body: MoveIn, actor: ApiActor, db: DbDep
) -> Response:
    """Move a person to another stage; recorded on their timeline. Past "contacted", outreach stops."""
    pipeline.move(db, actor=actor, role_id=role_id, person_id=person_id, stage=body.stage)
    return Response(status_code=204)


@router.delete("/roles/{role_id}/pipeline/{person_id}", status_code=204)
def remove_from_pipeline(role_id: PathId, person_id: PathId, actor: ApiActor, db: DbDep) -> Response:
    pipeline.remove(db, actor=actor, role_id=role_id, person_id=person_id)
    return Response(status_code=204)


@router.get("/roles/{role_id}/shortlist", response_model=ShortlistOut)
def get_shortlist(
    role_id: PathId, actor: ApiActor, db: DbDep, limit: int = Query(25, ge=1, le=100)
) -> ShortlistOut:
    """The best-ranked people for the role with the why, and rediscovered past applicants first."""
    roles.get_role(db, actor=actor, role_id=role_id)
    return shortlist_out(rediscovery.shortlist(db, actor=actor, role_id=role_id, limit=limit))


# --- lists ------------------------------------------------------------------------------------


@router.get("/lists", response_model=list[ListOut])
def list_lists(actor: ApiActor, db: DbDep) -> list[ListOut]:
    return [list_out(t) for t in lists.list_lists(db, actor=actor)]


@router.post("/lists", response_model=Created, status_code=201)
def create_list(body: ListIn, actor: ApiActor, db: DbDep) -> Created:
    return Created(id=lists.create_list(db, actor=actor, name=body.name, description=body.description))


@router.get("/lists/{list_id}", response_model=ListDetailOut)
def get_list(list_id: PathId, actor: ApiActor, db: DbDep) -> ListDetailOut:
    d = lists.get_list(db, actor=actor, list_id=list_id)
    return ListDetailOut(**list_out(d.talent_list).model_dump(), people=[person_out(p) for p in d.people])


@router.put("/lists/{list_id}", status_code=204)
def rename_list(list_id: PathId, body: ListIn, actor: ApiActor, db: DbDep) -> Response:
    lists.rename_list(db, actor=actor, list_id=list_id, name=body.name, description=body.description)
    return Response(status_code=204)


@router.delete("/lists/{list_id}", status_code=204)
def delete_list(list_id: PathId, actor: ApiActor, db: DbDep) -> Response:
    lists.delete_list(db, actor=actor, list_id=list_id)
    return Response(status_code=204)


@router.post("/lists/{list_id}/people", response_model=Added, status_code=201)
def add_to_list(list_id: PathId, body: ListPeopleIn, actor: ApiActor, db: DbDep) -> Added:
    return Added(added=lists.add_people(db, actor=actor, list_id=list_id, person_ids=body.person_ids))


@router.delete("/lists/{list_id}/people/{person_id}", status_code=204)
def remove_from_list(list_id: PathId, person_id: PathId, actor: ApiActor, db: DbDep) -> Response:
    lists.remove_person(db, actor=actor, list_id=list_id, person_id=person_id)
    return Response(status_code=204)


# --- saved searches and facets ----------------------------------------------------------------


@router.get("/saved-searches", response_model=list[SavedSearchOut])
def list_saved(actor: ApiActor, db: DbDep) -> list[SavedSearchOut]:
    """The caller's own saved searches."""
    return [SavedSearchOut(**s.__dict__) for s in saved_searches.list_saved(db, actor=actor)]


@router.post("/saved-searches", response_model=Created, status_code=201)
def save_search(body: SavedSearchIn, actor: ApiActor, db: DbDep) -> Created:
    saved_id = saved_searches.save_search(
        db, actor=actor, name=body.name, query=body.query, expand_synonyms=body.expand_synonyms
    )
    return Created(id=saved_id)


@router.get("/saved-searches/{saved_id}/run", response_model=SearchOut)
def run_saved(
    saved_id: PathId,
    actor: ApiActor,
    db: DbDep,
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0),
) -> SearchOut:
    """Run a saved search again against today's pool."""
    result = saved_searches.run_saved(db, actor=actor, saved_id=saved_id, limit=limit, offset=offset)
    return SearchOut(
        people=[person_out(p) for p in result.people],
        total=result.total,
        explained=result.explained,
        synonyms=result.synonyms,
        total_is_exact=result.total_is_exact,
    )


@router.delete("/saved-searches/{saved_id}", status_code=204)
def delete_saved(saved_id: PathId, actor: ApiActor, db: DbDep) -> Response:
    saved_searches.delete_saved(db, actor=actor, saved_id=saved_id)
    return Response(status_code=204)


@router.get("/search/facets", response_model=FacetsOut)
def search_facets(
    actor: ApiActor,
    db: DbDep,
    q: str = Query("", description="A query in the recruiter query language; empty: the whole pool"),
    expand_synonyms: bool = True,
) -> FacetsOut:
    """Counts per source, location, current company, skill and years over the people ``q`` matches;
    each value carries the query term that refines the search to it."""
    result = facets.search_facets(db, actor=actor, query=q, expand_synonyms=expand_synonyms)
    return FacetsOut(
        total=result.total,
        counted=result.counted,
        facets={k: facet_out(vs) for k, vs in result.as_dict().items()},
    )
