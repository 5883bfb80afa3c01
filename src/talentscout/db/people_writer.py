"""Bulk writes of derived profiles: people, their source records and every child row.

A repository: it receives a connection and never commits. Rows are written with ``executemany``
in batches, which is what keeps a million-row import fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, delete, select, update

from talentscout.db.bulk import insert_many
from talentscout.db.tables import (
    applications,
    contact_points,
    educations,
    experiences,
    field_provenance,
    notes,
    people,
    person_languages,
    person_skills,
    source_records,
    tags,
)
from talentscout.domain.profile import PERSON_FIELDS, Profile
from talentscout.domain.survivorship import FieldClaim, choose_survivors

#: child tables that carry a ``source_record_id`` and are re-derived when a source record changes
CHILD_TABLES: tuple[Table, ...] = (
    contact_points,
    experiences,
    educations,
    person_skills,
    person_languages,
    applications,
    tags,
    notes,
    field_provenance,
)


@dataclass
class Incoming:
    """One accepted row on its way into the store."""

    external_id: str
    payload: dict[str, Any]
    payload_hash: str
    profile: Profile
    person_id: int | None = None
    source_record_id: int | None = None


def insert_people(conn: Connection, workspace_id: int, items: Sequence[Incoming], now: datetime) -> None:
    """Create one new person per item (items without ``person_id``) and remember the ids."""
    fresh = [i for i in items if i.person_id is None]
    if not fresh:
        return
    rows = [_person_row(workspace_id, i.profile, now) for i in fresh]
    ids = conn.execute(people.insert().returning(people.c.id, sort_by_parameter_order=True), rows)
    for item, (person_id,) in zip(fresh, ids, strict=True):
        item.person_id = int(person_id)


def insert_source_records(
    conn: Connection, ctx: WriteContext, items: Sequence[Incoming], now: datetime
) -> None:
    rows = [
        {
            "workspace_id": ctx.workspace_id,
            "source_id": ctx.source_id,
            "external_id": i.external_id,
            "person_id": i.person_id,
            "channel": ctx.channel,
            "payload": i.payload,
            "payload_hash": i.payload_hash,
            "first_import_id": ctx.import_id,
            "last_import_id": ctx.import_id,
            "created_at": now,
            "updated_at": now,
        }
        for i in items
    ]
    stmt = source_records.insert().returning(source_records.c.id, sort_by_parameter_order=True)
    for item, (sr_id,) in zip(items, conn.execute(stmt, rows), strict=True):
        item.source_record_id = int(sr_id)


def update_source_records(
    conn: Connection, ctx: WriteContext, items: Sequence[Incoming], now: datetime
) -> None:
    for i in items:
        conn.execute(
            update(source_records)
            .where(source_records.c.id == i.source_record_id)
            .values(
                payload=i.payload, payload_hash=i.payload_hash, last_import_id=ctx.import_id, updated_at=now
            )
        )
    ids = [i.source_record_id for i in items]
    for table in CHILD_TABLES:
        conn.execute(delete(table).where(table.c.source_record_id.in_(ids)))


@dataclass(frozen=True)
class WriteContext:
    workspace_id: int
    source_id: int
    import_id: int
    channel: str


def insert_children(conn: Connection, workspace_id: int, items: Sequence[Incoming], now: datetime) -> None:
    """Every child row of every item, one ``executemany`` per table."""
    batches: dict[str, list[dict[str, Any]]] = {t.name: [] for t in CHILD_TABLES}
    for item in items:
        base = {
            "workspace_id": workspace_id,
            "person_id": item.person_id,
            "source_record_id": item.source_record_id,
        }
        for table_name, row in _child_rows(item.profile, now):
            batches[table_name].append(base | row)
    for table in CHILD_TABLES:
        insert_many(conn, table, batches[table.name])


def _child_rows(p: Profile, now: datetime) -> Iterable[tuple[str, dict[str, Any]]]:
    yield "field_provenance", {"fields": _jsonable(p.fields), "recorded_at": now, "editor_id": None}
    for c in p.contacts:
        yield (
            "contact_points",
            {
                "kind": c.kind.value,
                "value": c.value[:1000],
                "raw": c.raw[:1000],
                "label": c.label.value,
                "valid": c.valid,
                "problem": c.problem,
                "created_at": now,
            },
        )
    for e in p.experiences:
        yield (
            "experiences",
            {
                "employer": _cap(e.employer, 500),
                "title": _cap(e.title, 500),
                "title_canonical": None,
                "start_date": e.start,
                "end_date": e.end,
                "is_current": e.is_current,
                "location": _cap(e.location, 500),
                "description": e.description,
            },
        )
    for ed in p.educations:
        yield (
            "educations",
            {
                "school": _cap(ed.school, 500),
                "degree": _cap(ed.degree, 300),
                "field_of_study": _cap(ed.field_of_study, 300),
                "start_date": ed.start,
                "end_date": ed.end,
            },
        )
    for s in p.skills:
        yield (
            "person_skills",
            {"name": s.name, "canonical_id": s.canonical_id, "canonical_label": s.canonical_label},
        )
    for lang in p.languages:
        yield "person_languages", {"name": lang[:100]}
    for a in p.applications:
        yield (
            "applications",
            {
                "role": _cap(a.role, 500),
                "stage_reached": _cap(a.stage_reached, 200),
                "status": _cap(a.status, 100),
                "rejection_reason": a.rejection_reason,
                "applied_at": a.applied_at,
                "late_stage": a.late_stage,
            },
        )
    for tag in p.tags:
        yield "tags", {"tag": tag[:100]}
    for body in p.notes:
        yield "notes", {"body": body, "author_id": None, "created_at": now}


def recompute_people(conn: Connection, person_ids: Iterable[int], now: datetime) -> None:
    """Re-choose each person's field values from all their provenance (survivorship) and re-index them."""
    for person_id in sorted(set(person_ids)):
        claims = [
            FieldClaim(
                fields=r.fields, recorded_at=r.recorded_at, manual=r.editor_id is not None, row_id=r.id
            )
            for r in conn.execute(
                select(
                    field_provenance.c.id,
                    field_provenance.c.fields,
                    field_provenance.c.recorded_at,
                    field_provenance.c.editor_id,
                ).where(field_provenance.c.person_id == person_id)
            )
        ]
        chosen = choose_survivors(claims)
        values = {f: chosen[f].value if f in chosen else None for f in PERSON_FIELDS}
        values["display_name"] = values["display_name"] or "(no name)"
        values["silver_medalist"] = bool(values["silver_medalist"])
        conn.execute(
            update(people)
            .where(people.c.id == person_id)
            .values(**values, search_text=person_search_text(conn, person_id, values), updated_at=now)
        )


def person_search_text(conn: Connection, person_id: int, fields: dict[str, Any]) -> str:
    parts = [
        str(fields.get(k) or "") for k in ("display_name", "headline", "current_title", "current_employer")
    ]
    parts += [str(fields.get(k) or "") for k in ("current_title_canonical", "city")]
    for t, e in conn.execute(
        select(experiences.c.title, experiences.c.employer).where(experiences.c.person_id == person_id)
    ):
        parts += [t or "", e or ""]
    for n, c in conn.execute(
        select(person_skills.c.name, person_skills.c.canonical_label).where(
            person_skills.c.person_id == person_id
        )
    ):
        parts += [n, c or ""]
    parts += list(
        conn.execute(select(educations.c.school).where(educations.c.person_id == person_id)).scalars()
    )
    parts += list(conn.execute(select(tags.c.tag).where(tags.c.person_id == person_id)).scalars())
    return " ".join(p for p in parts if p)[:20_000]


def _person_row(workspace_id: int, p: Profile, now: datetime) -> dict[str, Any]:
    row: dict[str, Any] = {f: p.fields.get(f) for f in PERSON_FIELDS}
    row["display_name"] = row["display_name"] or "(no name)"
    row["silver_medalist"] = bool(row["silver_medalist"])
    row.update(
        workspace_id=workspace_id,
        name_normalised=p.name_normalised,
        search_text=p.search_text,
        created_at=now,
        updated_at=now,
    )
    return row


def _cap(value: str | None, limit: int) -> str | None:
    return value[:limit] if value else value


def _jsonable(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in fields.items()}
