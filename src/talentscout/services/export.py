"""Exports of the pool: source records with their person, and people as a spreadsheet-safe CSV."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Protocol, TextIO

from sqlalchemy import select

from talentscout.db.tables import contact_points, people, source_records, sources
from talentscout.domain.permissions import Action, Actor
from talentscout.domain.spreadsheet import safe_cell
from talentscout.services import audit
from talentscout.services.access import require
from talentscout.services.unit_of_work import Database

RECORD_COLUMNS = ("source", "source_id", "person_id")
PEOPLE_COLUMNS = (
    "person_id",
    "display_name",
    "headline",
    "current_title",
    "current_employer",
    "city",
    "country",
    "emails",
    "phones",
    "profiles",
)
_CHUNK = 5000


class CsvWriter(Protocol):
    def __call__(self, db: Database, *, actor: Actor, out: TextIO) -> int: ...


def iter_records(db: Database, *, actor: Actor) -> Iterator[tuple[str, str, int | None]]:
    """(source name, the source's own id, person id) for every source record of the workspace."""
    require(actor, Action.EXPORT)
    query = (
        select(sources.c.name, source_records.c.external_id, source_records.c.person_id)
        .join(sources, sources.c.id == source_records.c.source_id)
        .where(source_records.c.workspace_id == actor.workspace_id)
        .order_by(source_records.c.id)
    )
    with db.read() as conn:
        for row in conn.execution_options(yield_per=_CHUNK).execute(query):
            yield row[0], row[1], row[2]


def write_records_csv(db: Database, *, actor: Actor, out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(RECORD_COLUMNS)
    count = 0
    for source, source_id, person_id in iter_records(db, actor=actor):
        writer.writerow([safe_cell(source), safe_cell(source_id), "" if person_id is None else person_id])
        count += 1
    _audit_export(db, actor, "source records", count)
    return count


def write_people_csv(db: Database, *, actor: Actor, out: TextIO) -> int:
    require(actor, Action.EXPORT)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PEOPLE_COLUMNS)
    count = 0
    with db.read() as conn:
        query = select(people).where(people.c.workspace_id == actor.workspace_id).order_by(people.c.id)
        for chunk in conn.execution_options(yield_per=_CHUNK).execute(query).partitions():
            contacts = _contacts(db, [r.id for r in chunk])
            for r in chunk:
                c = contacts.get(r.id, {})
                cells = [
                    r.id,
                    r.display_name,
                    r.headline,
                    r.current_title,
                    r.current_employer,
                    r.city,
                    r.country,
                    " ".join(c.get("email", [])),
                    " ".join(c.get("phone", [])),
                    " ".join(c.get("profile", [])),
                ]
                writer.writerow([safe_cell(v) for v in cells])
                count += 1
    _audit_export(db, actor, "people", count)
    return count


def _audit_export(db: Database, actor: Actor, what: str, rows: int) -> None:
    """Exports of personal data are themselves audited."""
    with db.begin() as conn:
        audit.record(
            conn,
            actor=actor,
            action="export",
            subject_type="pool",
            subject_id=None,
            now=db.clock.now(),
            detail={"what": what, "rows": rows, "format": "csv"},
        )


def _contacts(db: Database, person_ids: list[int]) -> dict[int, dict[str, list[str]]]:
    out: dict[int, dict[str, list[str]]] = {}
    with db.read() as conn:
        rows = conn.execute(
            select(contact_points.c.person_id, contact_points.c.kind, contact_points.c.value)
            .where(contact_points.c.person_id.in_(person_ids))
            .order_by(contact_points.c.id)
        )
        for pid, kind, value in rows:
            group = kind if kind in ("email", "phone") else "profile"
            bucket = out.setdefault(pid, {}).setdefault(group, [])
            if value not in bucket:
                bucket.append(value)
    return out
