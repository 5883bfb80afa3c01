"""Test data for find tests: a small pool imported through the real import service.

Spreadsheet people come in as a CV database; the "ATS export" people as past applicants, so
rediscovery has someone to find.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from talentscout.bootstrap import Container
from talentscout.db.tables import people
from talentscout.domain.permissions import Actor
from talentscout.domain.records import SourceChannel
from talentscout.importers.base import ImportOptions
from talentscout.services import ingest

HEADER = "Candidate ID,Full Name,Email,Title,Company,City,Country,Skills\n"
SOURCED = (
    "f1,Ada Lovelace,ada@example.org,Senior Backend Engineer,Analytical Engines,Berlin,Germany,"
    '"Python, k8s, PostgreSQL"\n'
    'f2,José Müller,jose@example.org,Data Scientist,Acme GmbH,Berlin,Germany,"Machine learning, SQL"\n'
    "f3,Grace Hopper,grace@example.org,Engineering Manager,Navy Systems,New York,United States,"
    '"COBOL, Python"\n'
)
APPLIED = (
    'a1,Linus Berg,linus@example.org,Backend Engineer,Kernel AB,Munich,Germany,"Python, Kubernetes, Go"\n'
    'a2,Mary Shaw,mary@example.org,Office Manager,Paper Co,Paris,France,"Excel"\n'
)


def import_pool(c: Container, actor: Actor, tmp: Path) -> dict[str, int]:
    """Import both files for ``actor``'s workspace; returns display name -> person id."""
    for name, rows, channel in (
        ("CV database", SOURCED, SourceChannel.CV_DATABASE),
        ("ATS export", APPLIED, SourceChannel.PAST_APPLICANT),
    ):
        path = tmp / f"{channel.value}.csv"
        path.write_text(HEADER + rows, encoding="utf-8")
        ingest.run_import(
            c.db,
            actor=actor,
            path=path,
            source_name=name,
            channel=channel,
            options=ImportOptions(display_name=path.name, id_column="Candidate ID"),
        )
    with c.db.read() as conn:
        rows_ = conn.execute(
            select(people.c.display_name, people.c.id).where(people.c.workspace_id == actor.workspace_id)
        )
        return {r.display_name: r.id for r in rows_}
