"""Everything we hold about one person, with where each value came from (provenance)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, select

from talentscout.db.tables import (
    activities,
    applications,
    contact_points,
    educations,
    experiences,
    field_provenance,
    notes,
    person_languages,
    person_skills,
    source_records,
    sources,
    tags,
    users,
)
from talentscout.domain.permissions import Action, Actor
from talentscout.domain.profile import PERSON_FIELDS
from talentscout.domain.survivorship import FieldClaim, choose_survivors, utc_timestamp
from talentscout.services import audit, identity
from talentscout.services.access import require
from talentscout.services.people import require_person
from talentscout.services.pipeline import memberships_of
from talentscout.services.sequences_timeline import person_outreach
from talentscout.services.unit_of_work import Database


@dataclass(frozen=True)
class SourceInfo:
    source_record_id: int
    source_name: str
    channel: str
    external_id: str
    imported_at: datetime
    payload: dict[str, Any]


@dataclass(frozen=True)
class FieldValue:
    """One field's current value, who supplied it and when, and what other sources said."""

    field: str
    value: Any
    source: str
    recorded_at: datetime
    others: list[tuple[Any, str]]
    #: which survivorship rule made this value win ("most trusted channel (social over agency)")
    why: str = ""


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    summary: str
    actor: str | None


@dataclass
class PersonDetail:
    person: dict[str, Any]
    fields: list[FieldValue]
    contacts: list[dict[str, Any]]
    experiences: list[dict[str, Any]]
    educations: list[dict[str, Any]]
    skills: list[dict[str, Any]]
    languages: list[str]
    tags: list[str]
    notes: list[dict[str, Any]]
    applications: list[dict[str, Any]]
    sources: list[SourceInfo]
    timeline: list[TimelineEntry] = field(default_factory=list)
    #: merges into this person (evidence, undone or not) and agency submissions flagged as not first
    merges: list[dict[str, Any]] = field(default_factory=list)
    submission_flags: list[dict[str, Any]] = field(default_factory=list)
    #: engage: every message sent and received in one thread, the steps to come, the preferred channel
    outreach: dict[str, Any] = field(default_factory=dict)
    #: find: the roles (with stage) and talent lists the person is in
    memberships: dict[str, Any] = field(default_factory=dict)

    def source_name(self, source_record_id: int | None) -> str:
        for s in self.sources:
            if s.source_record_id == source_record_id:
                return s.source_name
        return "manual edit"


def get_person(db: Database, *, actor: Actor, person_id: int) -> PersonDetail:
    require(actor, Action.VIEW_PEOPLE)
    with db.read() as conn:
        person = dict(require_person(conn, actor, person_id)._mapping)
        srcs = _sources(conn, person_id)
        detail = PersonDetail(
            person=person,
            fields=_field_values(conn, person_id, {s.source_record_id: s for s in srcs}),
            contacts=_rows(conn, contact_points, person_id, contact_points.c.kind, contact_points.c.id),
            experiences=_rows(
                conn, experiences, person_id, experiences.c.is_current.desc(), experiences.c.start_date.desc()
            ),
            educations=_rows(conn, educations, person_id, educations.c.start_date.desc()),
            skills=_rows(conn, person_skills, person_id, person_skills.c.name),
            languages=sorted(
                {r["name"] for r in _rows(conn, person_languages, person_id, person_languages.c.id)}
            ),
            tags=sorted({r["tag"] for r in _rows(conn, tags, person_id, tags.c.tag)}),
            notes=_notes(conn, person_id),
            applications=_rows(conn, applications, person_id, applications.c.applied_at.desc()),
            sources=srcs,
        )
        detail.timeline = _timeline(conn, person_id, detail)
        detail.merges = identity.merge_history(conn, actor, person_id)
        detail.submission_flags = identity.submission_flags_of(conn, actor, person_id)
        detail.outreach = person_outreach(conn, workspace_id=actor.workspace_id, person_id=person_id)
        detail.memberships = memberships_of(conn, actor, person_id)
    with db.begin() as conn:  # who viewed whom: the audit log
        audit.record(
            conn,
            actor=actor,
            action="view",
            subject_type="person",
            subject_id=person_id,
            now=db.clock.now(),
        )
    return detail


def _rows(conn: Connection, table: Table, person_id: int, *order: Any) -> list[dict[str, Any]]:
    return [
        dict(r._mapping)
        for r in conn.execute(select(table).where(table.c.person_id == person_id).order_by(*order))
    ]


def _sources(conn: Connection, person_id: int) -> list[SourceInfo]:
    rows = conn.execute(
        select(
            source_records.c.id,
            sources.c.name,
            source_records.c.channel,
            source_records.c.external_id,
            source_records.c.created_at,
            source_records.c.payload,
        )
        .join(sources, sources.c.id == source_records.c.source_id)
        .where(source_records.c.person_id == person_id)
        .order_by(source_records.c.created_at)
    )
    return [SourceInfo(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]


def _field_values(conn: Connection, person_id: int, srcs: dict[int, SourceInfo]) -> list[FieldValue]:
    rows = list(conn.execute(select(field_provenance).where(field_provenance.c.person_id == person_id)))
    names = {k: s.source_name for k, s in srcs.items()}
    claims = [
        FieldClaim(
            r.fields,
            r.recorded_at,
            r.editor_id is not None,
            r.id,
            srcs[r.source_record_id].channel if r.source_record_id in srcs else None,
        )
        for r in rows
    ]
    by_id = {r.id: r for r in rows}
    out = []
    for name, chosen in choose_survivors(claims).items():
        if name not in PERSON_FIELDS:
            continue
        row = by_id[chosen.row_id]
        label = names.get(row.source_record_id, "manual edit")
        others = [
            (r.fields[name], names.get(r.source_record_id, "manual edit"))
            for r in rows
            if r.id != row.id and r.fields.get(name) not in (None, "", chosen.value)
        ]
        out.append(FieldValue(name, chosen.value, label, row.recorded_at, others, chosen.reason))
    return sorted(out, key=lambda f: PERSON_FIELDS.index(f.field))


def _notes(conn: Connection, person_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(
            notes.c.id,
            notes.c.body,
            notes.c.created_at,
            notes.c.source_record_id,
            users.c.name.label("author"),
        )
        .outerjoin(users, users.c.id == notes.c.author_id)
        .where(notes.c.person_id == person_id)
        .order_by(notes.c.created_at.desc())
    )
    return [dict(r._mapping) for r in rows]


def _timeline(conn: Connection, person_id: int, detail: PersonDetail) -> list[TimelineEntry]:
    entries = [
        TimelineEntry(s.imported_at, "import", f"imported from {s.source_name} ({s.channel})", None)
        for s in detail.sources
    ]
    rows = conn.execute(
        select(activities.c.created_at, activities.c.kind, activities.c.summary, users.c.name)
        .outerjoin(users, users.c.id == activities.c.actor_id)
        .where(activities.c.person_id == person_id)
    )
    entries += [TimelineEntry(r[0], r[1], r[2], r[3]) for r in rows]
    return sorted(entries, key=lambda e: utc_timestamp(e.at), reverse=True)
