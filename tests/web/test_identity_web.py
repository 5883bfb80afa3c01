"""The review queue and unmerge through the REST API and the pages, with permissions."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from talentscout.bootstrap import Container
from talentscout.domain.records import SourceChannel
from talentscout.importers.base import ImportOptions
from talentscout.services import ingest
from tests.conftest import Team
from tests.web.conftest import csrf_of, sign_in

HOUSEHOLD = (
    "Candidate ID,Full Name,Email,Phone,City,Country\n"
    "h-1,Anna Kowalski,kowalski.family@gmail.com,+48 22 123 45 67,Warsaw,Poland\n"
    "h-2,Piotr Kowalski,kowalski.family@gmail.com,+48 22 123 45 67,Warsaw,Poland\n"
)


def _household(container: Container, team: Team, tmp_path: Path) -> None:
    path = tmp_path / "household.csv"
    path.write_text(HOUSEHOLD, encoding="utf-8")
    ingest.run_import(
        container.db,
        actor=team.alice.actor,
        path=path,
        source_name="cv database",
        channel=SourceChannel.CV_DATABASE,
        options=ImportOptions(id_column="Candidate ID"),
    )


def test_review_accept_and_unmerge_through_the_api(
    client: TestClient, container: Container, team: Team, tmp_path: Path
) -> None:
    _household(container, team, tmp_path)
    assert client.get("/api/v1/review", headers=team.hana.auth).status_code == 403
    listed = client.get("/api/v1/review", headers=team.alice.auth)
    assert listed.status_code == 200
    body = listed.json()
    assert body["total"] == 1
    pair = body["pairs"][0]
    assert {pair["left"]["person_name"], pair["right"]["person_name"]} == {"Anna Kowalski", "Piotr Kowalski"}
    assert any(e["field"] == "given name" and e["kind"] == "differs" for e in pair["evidence"])
    assert client.get(f"/api/v1/review/{pair['id']}", headers=team.charlie.auth).status_code == 404
    assert client.post(f"/api/v1/review/{pair['id']}/accept", headers=team.hana.auth).status_code == 403

    accepted = client.post(f"/api/v1/review/{pair['id']}/accept", headers=team.alice.auth)
    assert accepted.status_code == 200
    survivor = min(pair["left"]["person_id"], pair["right"]["person_id"])
    again = client.post(f"/api/v1/review/{pair['id']}/accept", headers=team.alice.auth)
    assert again.status_code == 400
    info = client.get(f"/api/v1/people/{survivor}/identity", headers=team.alice.auth).json()
    assert info["merges"][0]["id"] == accepted.json()["merge_id"]
    assert client.get(f"/api/v1/people/{survivor}/identity", headers=team.charlie.auth).status_code == 404

    undone = client.post(f"/api/v1/people/{survivor}/unmerge", headers=team.alice.auth, json={})
    assert undone.status_code == 200
    assert undone.json()["restored"] == max(pair["left"]["person_id"], pair["right"]["person_id"])
    assert client.post(f"/api/v1/people/{survivor}/unmerge", headers=team.alice.auth).status_code == 404
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/v1/review/{review_id}/accept" in paths
    assert "/api/v1/people/{person_id}/unmerge" in paths


def test_the_review_page_merges_and_rejects_and_hiring_managers_cannot_see_it(
    client: TestClient, container: Container, team: Team, tmp_path: Path
) -> None:
    _household(container, team, tmp_path)
    sign_in(client, "hana@acme.example")
    assert client.get("/review").status_code == 403
    client.cookies.clear()
    sign_in(client, "alice@acme.example")
    page = client.get("/review")
    assert page.status_code == 200
    assert "Anna Kowalski" in page.text
    assert "Piotr Kowalski" in page.text
    assert "given name" in page.text
    pair_id = page.text.split('data-pair="')[1].split('"')[0]
    done = client.post(f"/review/{pair_id}/reject", data={"csrf_token": csrf_of(page.text)})
    assert done.status_code == 303
    assert "Nothing to review" in client.get("/review").text
    forged = client.post(f"/review/{pair_id}/accept", data={"csrf_token": "nope"})
    assert forged.status_code == 403
