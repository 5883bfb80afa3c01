from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from talentscout.bootstrap import Container
from talentscout.importers.base import ImportOptions
from talentscout.services import ingest
from talentscout.web.app import create_app
from tests.conftest import PASSWORD, Team

CSV = Path(__file__).parents[1] / "fixtures" / "pool" / "candidates.csv"


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container), follow_redirects=False) as c:
        yield c


@pytest.fixture
def acme_pool(container: Container, team: Team) -> dict[str, int]:
    """The fixture CSV imported into Acme; name -> person id."""
    ingest.run_import(
        container.db,
        actor=team.alice.actor,
        path=CSV,
        source_name="Spreadsheet",
        options=ImportOptions(display_name=CSV.name, id_column="Candidate ID"),
    )
    from sqlalchemy import select

    from talentscout.db.tables import people

    with container.db.read() as conn:
        return {r.display_name: r.id for r in conn.execute(select(people.c.display_name, people.c.id))}


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def sign_in(client: TestClient, email: str) -> None:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"email": email, "password": PASSWORD, "csrf_token": csrf_of(page.text), "next": "/people"},
    )
    assert response.status_code == 303, response.text
