"""Shared helpers for the privacy tests: write a small CSV and import it as a real file."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select

from talentscout.bootstrap import Container
from talentscout.db.tables import contact_points, people
from talentscout.domain.permissions import Actor
from talentscout.importers.base import ImportOptions
from talentscout.services import ingest

HEADER = ("Candidate ID", "Full Name", "Email", "Phone", "Title", "City", "Country", "LinkedIn")


def write_csv(path: Path, rows: list[tuple[str, ...]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        out.writerows(rows)
    return path


def import_csv(
    container: Container, actor: Actor, path: Path, *, source: str = "Spreadsheet"
) -> ingest.ImportReport:
    return ingest.run_import(
        container.db,
        actor=actor,
        path=path,
        source_name=source,
        options=ImportOptions(display_name=path.name, id_column="Candidate ID"),
    )


def person_by_email(container: Container, workspace_id: int, email: str) -> int | None:
    with container.db.read() as conn:
        found = conn.execute(
            select(people.c.id)
            .join(contact_points, contact_points.c.person_id == people.c.id)
            .where(people.c.workspace_id == workspace_id, contact_points.c.value == email)
        ).scalar()
    return int(found) if found is not None else None


ADA = (
    "c-1",
    "Ada Quillfeather",
    "ada.quillfeather@example.org",
    "+44 20 7946 0123",
    "Engineer",
    "London",
    "United Kingdom",
    "https://www.linkedin.com/in/ada-quillfeather",
)
