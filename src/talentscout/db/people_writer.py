"""Bulk writes of derived profiles: people, their source records and every child row.

A repository: it receives a connection and never commits. A profile is first turned into plain
tuples (``derived_rows``: cheap to send between processes, no database needed), then a batch of them
is written with one ``executemany`` per table, with ids taken up front (``talentscout.db.ids``);
that is what keeps a million-row import fast.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, Table, delete, select

from talentscout.db.bulk import bind_value, chunks, insert_tuples, update_tuples
from talentscout.db.ids import allocate_ids
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
from talentscout.domain.contacts import ContactPoint
from talentscout.domain.profile import (
    PERSON_FIELDS,
    UNNAMED,
    Profile,
    SkillValue,
    build_search_fields,
    build_search_text,
    search_text_of,
)
from talentscout.domain.query.document import field_document
from talentscout.domain.records import ApplicationData, EducationData, ExperienceData, Problem
from talentscout.domain.survivorship import FieldClaim, choose_survivors


class ChildSpec(NamedTuple):
    table: Table
    #: the columns a derived row carries, in order
    columns: tuple[str, ...]
    #: columns set to the time of the write
    stamped: tuple[str, ...] = ()


#: every child row of a source record; ``DerivedRows.children`` holds one tuple of rows per entry
CHILDREN: tuple[ChildSpec, ...] = (
    ChildSpec(field_provenance, ("fields",), ("recorded_at",)),
    ChildSpec(contact_points, ("kind", "value", "raw", "label", "valid", "problem"), ("created_at",)),
    ChildSpec(
        experiences,
        ("employer", "title", "start_date", "end_date", "is_current", "location", "description"),
    ),
    ChildSpec(educations, ("school", "degree", "field_of_study", "start_date", "end_date")),
    ChildSpec(person_skills, ("name", "canonical_id", "canonical_label")),
    ChildSpec(person_languages, ("name",)),
    ChildSpec(
        applications, ("role", "stage_reached", "status", "rejection_reason", "applied_at", "late_stage")
    ),
    ChildSpec(tags, ("tag",)),
    ChildSpec(notes, ("body",), ("created_at",)),
)
#: child tables that carry a ``source_record_id`` and are re-derived when a source record changes
CHILD_TABLES: tuple[Table, ...] = tuple(spec.table for spec in CHILDREN)
#: the person columns a derived person row carries, in order
PERSON_COLUMNS = (*PERSON_FIELDS, "name_normalised", "search_text", "search_fields")
_DISPLAY_NAME, _SILVER_MEDALIST = PERSON_FIELDS.index("display_name"), PERSON_FIELDS.index("silver_medalist")
_OWNER = ("workspace_id", "person_id", "source_record_id")
#: ids per ``IN (…)`` query, well under SQLite's limit of 32,766 parameters
_IN_LIMIT = 10_000
_PEOPLE = ("id", "workspace_id", *PERSON_COLUMNS, "created_at", "updated_at")
_SOURCE_RECORDS = (
    *("id", "workspace_id", "source_id", "external_id", "person_id", "channel", "payload"),
    *("payload_hash", "first_import_id", "last_import_id", "created_at", "updated_at"),
)


class DerivedRows(NamedTuple):
    """One profile as driver-ready rows (see ``talentscout.db.bulk.insert_tuples``), without ids."""

    person: tuple[Any, ...]
    children: tuple[tuple[tuple[Any, ...], ...], ...]
    problems: tuple[Problem, ...]


class Incoming(NamedTuple):
    """One accepted row on its way into the store."""

    external_id: str
    payload_json: str
    payload_hash: str
    rows: DerivedRows


class Changed(NamedTuple):
    """An incoming row whose source record exists (its person may have been deleted)."""

    incoming: Incoming
    source_record_id: int
    person_id: int | None


class Known(NamedTuple):
    """A source record that exists already."""

    id: int
    payload_hash: str
    person_id: int | None


class WriteContext(NamedTuple):
    workspace_id: int
    source_id: int
    import_id: int
    channel: str


def derived_rows(p: Profile) -> DerivedRows:
    """The rows ``p`` becomes: pure and database-free, so a worker process can build them."""
    fields = p.fields
    person = list(map(fields.get, PERSON_FIELDS))
    person[_DISPLAY_NAME] = person[_DISPLAY_NAME] or UNNAMED
    person[_SILVER_MEDALIST] = bool(person[_SILVER_MEDALIST])
    person += (p.name_normalised, build_search_text(p), build_search_fields(p))
    children = (
        ((_FIELDS_JSON.encode(fields),),),
        tuple(map(_contact_row, p.contacts)),
        tuple(map(_experience_row, p.experiences)),
        tuple(map(_education_row, p.educations)),
        tuple(map(_skill_row, p.skills)),
        tuple((lang[:100],) for lang in p.languages) if p.languages else (),
        tuple(map(_application_row, p.applications)),
        tuple((tag[:100],) for tag in p.tags) if p.tags else (),
        tuple((body,) for body in p.notes) if p.notes else (),
    )
    return DerivedRows(tuple(person), children, tuple(p.problems))


def _skill_row(s: SkillValue) -> tuple[Any, ...]:
    return (s.name, s.canonical_id, s.canonical_label)


def _contact_row(c: ContactPoint) -> tuple[Any, ...]:
    # ``_value_``: the enum's plain string, cheaper to read and to pickle than the member
    return (c.kind._value_, c.value[:1000], c.raw[:1000], c.label._value_, c.valid, c.problem)


def _experience_row(e: ExperienceData) -> tuple[Any, ...]:
    employer, title, location = _cap(e.employer, 500), _cap(e.title, 500), _cap(e.location, 500)
    return (employer, title, _iso(e.start), _iso(e.end), e.is_current, location, e.description)


def _education_row(e: EducationData) -> tuple[Any, ...]:
    school, degree, subject = _cap(e.school, 500), _cap(e.degree, 300), _cap(e.field_of_study, 300)
    return (school, degree, subject, _iso(e.start), _iso(e.end))


def _application_row(a: ApplicationData) -> tuple[Any, ...]:
    role, stage, status = _cap(a.role, 500), _cap(a.stage_reached, 200), _cap(a.status, 100)
    return (role, stage, status, a.rejection_reason, _iso(a.applied_at), a.late_stage)


def known_records(conn: Connection, source_id: int, external_ids: Sequence[str]) -> dict[str, Known]:
    """The source's existing records among ``external_ids``, by external id.

    Plain driver SQL: SQLAlchemy's expanding ``IN`` costs a few µs of Python per value.
    """
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    found: dict[str, Known] = {}
    for start in range(0, len(external_ids), _IN_LIMIT):
        chunk = external_ids[start : start + _IN_LIMIT]
        sql = (
            "SELECT external_id, id, payload_hash, person_id FROM source_records "
            f"WHERE source_id = {marker} AND external_id IN ({', '.join([marker] * len(chunk))})"
        )
        for external_id, *known in conn.exec_driver_sql(sql, (source_id, *chunk)):
            found[external_id] = Known(*known)
    return found


def insert_new(conn: Connection, ctx: WriteContext, items: Sequence[Incoming], now: datetime) -> list[int]:
    """A new person and source record per item, with every child row (ids allocated up front).

    Returns the new source record ids, in the order of ``items``."""
    if not items:
        return []
    person_ids = _insert_people(conn, ctx.workspace_id, [i.rows for i in items], now)
    record_ids = allocate_ids(conn, source_records, len(items))
    stamp = bind_value(conn.dialect, source_records.c.created_at, now)
    head = (ctx.workspace_id, ctx.source_id)
    tail = (ctx.import_id, ctx.import_id, stamp, stamp)
    rows = [
        (sr_id, *head, i.external_id, person_id, ctx.channel, i.payload_json, i.payload_hash, *tail)
        for i, person_id, sr_id in zip(items, person_ids, record_ids, strict=True)
    ]
    insert_tuples(conn, source_records, _SOURCE_RECORDS, rows)
    owners = zip(person_ids, record_ids, (i.rows for i in items), strict=True)
    insert_children(conn, ctx.workspace_id, list(owners), now)
    return record_ids


def update_changed(conn: Connection, ctx: WriteContext, items: Sequence[Changed], now: datetime) -> None:
    """Replace what each changed source record supplied, then re-choose its person's values."""
    if not items:
        return
    stamp = bind_value(conn.dialect, source_records.c.updated_at, now)
    update_tuples(
        conn,
        source_records,
        ("payload", "payload_hash", "last_import_id", "updated_at"),
        [
            (c.incoming.payload_json, c.incoming.payload_hash, ctx.import_id, stamp, c.source_record_id)
            for c in items
        ],
    )
    ids = [c.source_record_id for c in items]
    for table in CHILD_TABLES:
        conn.execute(delete(table).where(table.c.source_record_id.in_(ids)))
    orphans = [c for c in items if c.person_id is None]
    new_ids = _insert_people(conn, ctx.workspace_id, [c.incoming.rows for c in orphans], now)
    update_tuples(
        conn,
        source_records,
        ("person_id",),
        [(p, c.source_record_id) for c, p in zip(orphans, new_ids, strict=True)],
    )
    relinked = dict(zip((c.source_record_id for c in orphans), new_ids, strict=True))
    owners = [
        (c.person_id or relinked[c.source_record_id], c.source_record_id, c.incoming.rows) for c in items
    ]
    insert_children(conn, ctx.workspace_id, owners, now)
    recompute_people(conn, [c.person_id for c in items if c.person_id is not None], now)


def _insert_people(
    conn: Connection, workspace_id: int, rows: Sequence[DerivedRows], now: datetime
) -> list[int]:
    ids = allocate_ids(conn, people, len(rows))
    stamp = bind_value(conn.dialect, people.c.created_at, now)
    insert_tuples(
        conn,
        people,
        _PEOPLE,
        [(pid, workspace_id, *r.person, stamp, stamp) for pid, r in zip(ids, rows, strict=True)],
    )
    return ids


def insert_children(
    conn: Connection, workspace_id: int, owners: Sequence[tuple[int, int, DerivedRows]], now: datetime
) -> None:
    """Every child row of every (person id, source record id, rows), one ``executemany`` per table."""
    heads = [((workspace_id, person_id, sr_id), derived.children) for person_id, sr_id, derived in owners]
    for index, spec in enumerate(CHILDREN):
        stamp = tuple(bind_value(conn.dialect, spec.table.c[c], now) for c in spec.stamped)
        if stamp:
            rows = [head + row + stamp for head, children in heads for row in children[index]]
        else:
            rows = [head + row for head, children in heads for row in children[index]]
        insert_tuples(conn, spec.table, _OWNER + spec.columns + spec.stamped, rows)


def recompute_people(conn: Connection, person_ids: Iterable[int], now: datetime) -> None:
    """Re-choose each person's field values from all their provenance (survivorship) and re-index them.

    Set-based: a few queries per ``_RECOMPUTE_CHUNK`` people (a merge batch recomputes thousands), one
    ``executemany`` to write them; the same values as ``person_search_values`` gives one person."""
    for chunk in chunks(sorted(set(person_ids)), _RECOMPUTE_CHUNK):
        _recompute_chunk(conn, list(chunk), now)


#: people per query of ``recompute_people`` (one bound id each)
_RECOMPUTE_CHUNK = 1_000


def _recompute_chunk(conn: Connection, ids: list[int], now: datetime) -> None:
    claims: dict[int, list[FieldClaim]] = {i: [] for i in ids}
    fp, sr = field_provenance.c, source_records.c
    query = (
        select(fp.person_id, fp.id, fp.fields, fp.recorded_at, fp.editor_id, sr.channel)
        .outerjoin(source_records, sr.id == fp.source_record_id)
        .where(fp.person_id.in_(ids))
    )
    for r in conn.execute(query):
        claims[r.person_id].append(
            FieldClaim(
                fields=r.fields,
                recorded_at=r.recorded_at,
                manual=r.editor_id is not None,
                row_id=r.id,
                channel=r.channel,
            )
        )
    found = _search_rows(conn, ids)
    rows = []
    stamp = bind_value(conn.dialect, people.c.updated_at, now)
    for person_id in ids:
        chosen = choose_survivors(claims[person_id])
        values: dict[str, Any] = {f: chosen[f].value if f in chosen else None for f in PERSON_FIELDS}
        values["display_name"] = values["display_name"] or UNNAMED
        values["silver_medalist"] = bool(values["silver_medalist"])
        values.update(_search_values(values, found[person_id]))
        rows.append((*values.values(), stamp, person_id))
    update_tuples(conn, people, _RECOMPUTED, rows)


#: the columns ``recompute_people`` writes, in the order of its rows
_RECOMPUTED = (*PERSON_FIELDS, "search_text", "search_fields", "updated_at")


class _SearchRows(NamedTuple):
    """What a person's search text and field document are built from, besides their fields."""

    #: (title, employer, is_current, start_date)
    jobs: list[Any]
    #: (name, canonical_id, canonical_label)
    skills: list[Any]
    schools: list[str]
    tags: list[str]


def _search_rows(conn: Connection, ids: list[int]) -> dict[int, _SearchRows]:
    """The stored rows the search columns of ``ids`` are built from, one query per table."""

    def grouped(*columns: Any) -> dict[int, list[Any]]:
        table = columns[0].table
        out: dict[int, list[Any]] = {}
        query = select(table.c.person_id, *columns).where(table.c.person_id.in_(ids)).order_by(table.c.id)
        for person_id, *values in conn.execute(query):
            out.setdefault(person_id, []).append(values)
        return out

    e, k = experiences.c, person_skills.c
    jobs = grouped(e.title, e.employer, e.is_current, e.start_date)
    skills = grouped(k.name, k.canonical_id, k.canonical_label)
    schools, labels = grouped(educations.c.school), grouped(tags.c.tag)
    return {
        i: _SearchRows(
            jobs.get(i, []),
            skills.get(i, []),
            [r[0] for r in schools.get(i, [])],
            [r[0] for r in labels.get(i, [])],
        )
        for i in ids
    }


def _search_values(fields: dict[str, Any], rows: _SearchRows) -> dict[str, str]:
    return {
        "search_text": search_text_of(
            fields,
            jobs=[(r[0], r[1]) for r in rows.jobs],
            skills=[(r[0], r[2]) for r in rows.skills],
            schools=rows.schools,
            tags=rows.tags,
        ),
        "search_fields": field_document(
            fields,
            jobs=[(r[1], bool(r[2]), r[3]) for r in rows.jobs],
            skills=[(r[0], r[1], r[2]) for r in rows.skills],
            schools=rows.schools,
            tags=rows.tags,
        ),
    }


def person_search_values(conn: Connection, person_id: int, fields: dict[str, Any]) -> dict[str, str]:
    """``search_text`` and ``search_fields`` rebuilt from what is stored (after a change, a manual
    tag…), as column values."""
    return _search_values(fields, _search_rows(conn, [person_id])[person_id])


def _cap(value: str | None, limit: int) -> str | None:
    return value[:limit] if value else value


def _iso(value: date | None) -> str | None:
    """A date as SQLAlchemy stores it on SQLite (``YYYY-MM-DD``); PostgreSQL reads the same text."""
    return value.isoformat() if value is not None else None


def _isoformat(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


#: what SQLAlchemy's JSON type stores (``json.dumps``), datetimes as ISO text; built once
_FIELDS_JSON = json.JSONEncoder(default=_isoformat)
