"""Roles over the API and as pages: create, read, the pipeline board, isolation from other workspaces."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from talentscout.bootstrap import Container
from tests.conftest import Team
from tests.find_factory import import_pool
from tests.web.conftest import csrf_of, sign_in

ROLE = {
    "title": "Backend Engineer",
    "must_skills": ["python", "k8s"],
    "nice_skills": ["golang"],
    "locations": [{"place": "Berlin", "radius_km": 40}],
    "remote_policy": "hybrid",
    "min_years": 2,
}


@pytest.fixture
def pool(container: Container, team: Team, tmp_path: Path) -> dict[str, int]:
    return import_pool(container, team.alice.actor, tmp_path)


def _create(client: TestClient, team: Team, **overrides: object) -> int:
    response = client.post("/api/v1/roles", json={**ROLE, **overrides}, headers=team.alice.auth)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def test_the_api_creates_a_role_with_canonical_skills_and_moves_people(
    client: TestClient, team: Team, pool: dict[str, int]
) -> None:
    role_id = _create(client, team)
    role = client.get(f"/api/v1/roles/{role_id}", headers=team.bob.auth).json()
    assert role["must_skills"] == ["Python", "Kubernetes"]
    assert role["locations"][0]["place"] == "Berlin, DE"
    assert role["stages"][1] == {"key": "contacted", "label": "Contacted", "closed": False}
    ada = pool["Ada Lovelace"]
    added = client.post(
        f"/api/v1/roles/{role_id}/pipeline", json={"person_ids": [ada]}, headers=team.alice.auth
    )
    assert added.json() == {"added": 1}
    moved = client.put(
        f"/api/v1/roles/{role_id}/pipeline/{ada}", json={"stage": "contacted"}, headers=team.alice.auth
    )
    assert moved.status_code == 204
    board = client.get(f"/api/v1/roles/{role_id}/pipeline", headers=team.alice.auth).json()
    contacted = next(c for c in board["columns"] if c["stage"]["key"] == "contacted")
    assert [card["person"]["display_name"] for card in contacted["people"]] == ["Ada Lovelace"]
    assert client.get("/api/v1/roles", headers=team.alice.auth).json()[0]["pipeline_counts"] == {
        "contacted": 1
    }


def test_bad_role_input_is_a_clear_400_not_a_500(client: TestClient, team: Team) -> None:
    bad = client.post(
        "/api/v1/roles", json={**ROLE, "locations": [{"place": "Nowhereville Xq"}]}, headers=team.alice.auth
    )
    assert bad.status_code == 400
    assert "unknown place" in bad.json()["detail"]
    stage = client.put("/api/v1/roles/1/pipeline/1", json={"stage": "x"}, headers=team.alice.auth)
    assert stage.status_code == 404
    huge = 10**30
    for method, url, body in (
        ("GET", f"/api/v1/roles/{huge}", None),
        ("POST", "/api/v1/roles", {**ROLE, "hiring_manager_id": huge}),
        ("POST", "/api/v1/lists/1/people", {"person_ids": [huge]}),
    ):
        response = client.request(method, url, json=body, headers=team.alice.auth)
        assert response.status_code == 422, (url, response.text)


def test_hiring_managers_read_their_roles_but_cannot_change_them(client: TestClient, team: Team) -> None:
    role_id = _create(client, team, hiring_manager_id=team.hana.user.id)
    assert client.get(f"/api/v1/roles/{role_id}", headers=team.hana.auth).status_code == 200
    assert client.put(f"/api/v1/roles/{role_id}", json=ROLE, headers=team.hana.auth).status_code == 403
    assert client.get("/api/v1/roles", headers=team.eve.auth).status_code == 403


def test_the_outsider_gets_404_for_another_workspaces_role_and_list(
    client: TestClient, team: Team, pool: dict[str, int]
) -> None:
    role_id = _create(client, team)
    list_id = client.post(
        "/api/v1/lists", json={"name": "Backend Berlin 2027"}, headers=team.alice.auth
    ).json()["id"]
    charlie = team.charlie.auth
    for method, url, body in (
        ("GET", f"/api/v1/roles/{role_id}", None),
        ("PUT", f"/api/v1/roles/{role_id}", ROLE),
        ("DELETE", f"/api/v1/roles/{role_id}", None),
        ("GET", f"/api/v1/roles/{role_id}/pipeline", None),
        ("GET", f"/api/v1/roles/{role_id}/shortlist", None),
        ("POST", f"/api/v1/roles/{role_id}/pipeline", {"person_ids": [pool["Ada Lovelace"]]}),
        ("GET", f"/api/v1/lists/{list_id}", None),
        ("POST", f"/api/v1/lists/{list_id}/people", {"person_ids": [pool["Ada Lovelace"]]}),
        ("DELETE", f"/api/v1/lists/{list_id}", None),
    ):
        response = client.request(method, url, json=body, headers=charlie)
        assert response.status_code == 404, (method, url, response.text)
    assert client.get("/api/v1/roles", headers=charlie).json() == []
    assert client.get("/api/v1/lists", headers=charlie).json() == []
    sign_in(client, "charlie@globex.example")
    for url in (
        f"/roles/{role_id}",
        f"/roles/{role_id}/kanban",
        f"/roles/{role_id}/edit",
        f"/lists/{list_id}",
    ):
        page = client.get(url)
        assert page.status_code == 404, url
        assert "Backend" not in page.text


def test_a_recruiter_creates_a_role_in_the_browser_form_and_moves_someone_on_the_kanban(
    client: TestClient, team: Team, pool: dict[str, int]
) -> None:
    sign_in(client, "alice@acme.example")
    form = client.get("/roles/new")
    assert form.status_code == 200
    values = {
        "csrf_token": csrf_of(form.text),
        "title": "Platform Engineer",
        "must_skills": "Python, k8s",
        "locations": "Munich within 30km\nBerlin",
        "remote_policy": "remote",
        "min_years": "3",
        "comp_min": "80,000",
    }
    bad = client.post("/roles", data={**values, "min_years": "three"})
    assert bad.status_code == 400
    assert "minimum years: a whole number" in bad.text
    assert 'value="Platform Engineer"' in bad.text, "the form keeps what was typed"
    created = client.post("/roles", data=values)
    assert created.status_code == 303
    role_url = created.headers["location"]
    page = client.get(role_url)
    assert "Kubernetes" in page.text
    assert "Munich, DE (within 30 km)" in page.text
    role_id = int(role_url.rsplit("/", 1)[1])
    ada = pool["Ada Lovelace"]
    added = client.post(
        f"/roles/{role_id}/pipeline", data={"csrf_token": csrf_of(page.text), "person_id": str(ada)}
    )
    assert added.status_code == 303
    board = client.get(f"/roles/{role_id}/kanban")
    assert f'id="person-{ada}" data-stage="sourced"' in board.text
    assert '<script src="/static/kanban.js"></script>' in board.text
    moved = client.post(
        f"/roles/{role_id}/pipeline/{ada}/move",
        data={"csrf_token": csrf_of(board.text), "stage": "contacted"},
    )
    assert moved.status_code == 303
    assert f'id="person-{ada}" data-stage="contacted"' in client.get(f"/roles/{role_id}/kanban").text
    person = client.get(f"/people/{ada}")
    assert "moved from Sourced to Contacted for role" in person.text
    memberships = person.text[person.text.index('id="memberships"') :]
    assert (
        f'<a href="/roles/{role_id}/kanban#person-{ada}">Platform Engineer</a> <span class="label">Contacted'
        in memberships
    )
    assert client.get("/roles").text.count("Platform Engineer") == 1
    board = client.get(f"/roles/{role_id}/kanban").text
    removed = client.post(f"/roles/{role_id}/pipeline/{ada}/remove", data={"csrf_token": csrf_of(board)})
    assert removed.status_code == 303
    assert f'id="person-{ada}"' not in client.get(f"/roles/{role_id}/kanban").text


def test_a_hiring_manager_cannot_open_the_new_role_form(client: TestClient, team: Team) -> None:
    sign_in(client, "hana@acme.example")
    assert client.get("/roles/new").status_code == 403
    assert client.get("/roles").status_code == 200


def test_the_role_page_shows_rediscovered_people_first_and_the_why_of_each_score(
    client: TestClient, team: Team, pool: dict[str, int]
) -> None:
    role_id = _create(client, team, hiring_manager_id=team.hana.user.id)
    api = client.get(f"/api/v1/roles/{role_id}/shortlist", headers=team.hana.auth).json()
    assert [r["person"]["display_name"] for r in api["rediscovered"]] == ["Linus Berg"]
    top = api["shortlist"][0]
    assert {r["person"]["display_name"] for r in api["shortlist"][:2]} == {"Ada Lovelace", "Linus Berg"}
    assert 0 <= top["score"] <= 100
    assert any(line["label"].startswith("must-have: Python") for line in top["breakdown"])
    sign_in(client, "hana@acme.example")
    page = client.get(f"/roles/{role_id}").text
    assert page.index('id="rediscovery"') < page.index('id="shortlist-card"')
    assert "must-have: Kubernetes" in page
    assert "Add to pipeline" not in page, "a hiring manager reads the shortlist but does not move people"
