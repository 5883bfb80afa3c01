"""REST API: the talent pool."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from talentscout.services import export, people, person_detail, search
from talentscout.web.deps import ApiActor, DbDep

router = APIRouter(prefix="/api/v1", tags=["people"])


class PersonOut(BaseModel):
    id: int
    display_name: str
    headline: str | None
    current_title: str | None
    current_employer: str | None
    city: str | None
    country: str | None
    silver_medalist: bool


class PoolOut(BaseModel):
    people: list[PersonOut]
    total: int
    page: int
    per_page: int


class FieldOut(BaseModel):
    field: str
    value: Any
    source: str = Field(description="Name of the source that supplied the value, or 'manual edit'")
    recorded_at: datetime
    other_values: list[dict[str, Any]]


class PersonDetailOut(BaseModel):
    id: int
    display_name: str
    fields: list[FieldOut]
    contacts: list[dict[str, Any]]
    experiences: list[dict[str, Any]]
    educations: list[dict[str, Any]]
    skills: list[dict[str, Any]]
    languages: list[str]
    tags: list[str]
    notes: list[dict[str, Any]]
    sources: list[dict[str, Any]]


class NoteIn(BaseModel):
    body: str = Field(min_length=1, max_length=20_000)


class TagIn(BaseModel):
    tag: str = Field(min_length=1, max_length=100)


@router.get("/people", response_model=PoolOut)
def list_people(
    actor: ApiActor,
    db: DbDep,
    q: str | None = None,
    source_id: int | None = None,
    channel: str | None = None,
    tag: str | None = None,
    page: int = Query(1, ge=1),
    per_page: int = Query(50, ge=1, le=200),
) -> PoolOut:
    result = people.list_people(
        db,
        actor=actor,
        filters=people.PoolFilter(
            q=q, source_id=source_id, channel=channel, tag=tag, page=page, per_page=per_page
        ),
    )
    return PoolOut(
        people=[PersonOut(**_summary(p)) for p in result.people],
        total=result.total,
        page=result.page,
        per_page=result.per_page,
    )


class SearchOut(BaseModel):
    people: list[PersonOut]
    total: int
    explained: str = Field(description="The query as the parser read it")
    synonyms: list[str] = Field(description="Skill words the taxonomy expanded, one line each")
    total_is_exact: bool = Field(True, description="False when more people match than were counted")


@router.get("/search", response_model=SearchOut)
def search_people(
    actor: ApiActor,
    db: DbDep,
    q: str = Query(description="A query in the recruiter query language (docs/query-language.md)"),
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0),
    expand_synonyms: bool = True,
) -> SearchOut:
    """Boolean recruiter search, best match first; a bad query answers 400 naming where it went wrong."""
    result = search.search_people(
        db, actor=actor, query=q, limit=limit, offset=offset, expand_synonyms=expand_synonyms
    )
    return SearchOut(
        people=[PersonOut(**_summary(p)) for p in result.people],
        total=result.total,
        explained=result.explained,
        synonyms=result.synonyms,
        total_is_exact=result.total_is_exact,
    )


@router.get("/people/{person_id}", response_model=PersonDetailOut)
def get_person(person_id: int, actor: ApiActor, db: DbDep) -> PersonDetailOut:
    d = person_detail.get_person(db, actor=actor, person_id=person_id)
    return PersonDetailOut(
        id=d.person["id"],
        display_name=d.person["display_name"],
        fields=[
            FieldOut(
                field=f.field,
                value=f.value,
                source=f.source,
                recorded_at=f.recorded_at,
                other_values=[{"value": v, "source": s} for v, s in f.others],
            )
            for f in d.fields
        ],
        contacts=[_public(c, d) for c in d.contacts],
        experiences=[_public(e, d) for e in d.experiences],
        educations=[_public(e, d) for e in d.educations],
        skills=[_public(s, d) for s in d.skills],
        languages=d.languages,
        tags=d.tags,
        notes=[_jsonable(n) for n in d.notes],
        sources=[
            {
                "source_record_id": s.source_record_id,
                "source": s.source_name,
                "channel": s.channel,
                "source_id": s.external_id,
                "imported_at": s.imported_at,
            }
            for s in d.sources
        ],
    )


@router.post("/people/{person_id}/notes", status_code=201)
def add_note(person_id: int, note: NoteIn, actor: ApiActor, db: DbDep) -> dict[str, int]:
    return {"id": people.add_note(db, actor=actor, person_id=person_id, body=note.body)}


@router.post("/people/{person_id}/tags", status_code=204)
def add_tag(person_id: int, tag: TagIn, actor: ApiActor, db: DbDep) -> Response:
    people.add_tag(db, actor=actor, person_id=person_id, tag=tag.tag)
    return Response(status_code=204)


@router.delete("/people/{person_id}/tags/{tag}", status_code=204)
def remove_tag(person_id: int, tag: str, actor: ApiActor, db: DbDep) -> Response:
    people.remove_tag(db, actor=actor, person_id=person_id, tag=tag)
    return Response(status_code=204)


@router.get("/export/records.csv", response_class=Response)
def export_records(actor: ApiActor, db: DbDep) -> Response:
    buf = io.StringIO()
    export.write_records_csv(db, actor=actor, out=buf)
    return Response(buf.getvalue(), media_type="text/csv")


def _summary(p: people.PersonSummary) -> dict[str, Any]:
    return {k: getattr(p, k) for k in PersonOut.model_fields}


def _public(row: dict[str, Any], d: person_detail.PersonDetail) -> dict[str, Any]:
    out = {k: v for k, v in _jsonable(row).items() if k not in ("workspace_id", "person_id")}
    out["source"] = d.source_name(row.get("source_record_id"))
    return out


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date | datetime) else v for k, v in row.items()}
