"""The search page and its API: results, facets counted over the matched set, saved searches, add to
role / list, and bad queries answered with a message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from talentscout.bootstrap import Container
from tests.conftest import Team
from tests.find_factory import import_pool
from tests.web.conftest import csrf_of, sign_in


@pytest.fixture
def pool(container: Container, team: Team, tmp_path: Path) -> dict[str, int]:
    return import_pool(container, team.alice.actor, tmp_path)


def _facet(facets: dict[str, list[dict[str, object]]], name: str) -> dict[object, object]:
    return {v["value"]: v["count"] for v in facets[name]}


def test_facets_count_the_matched_set_and_each_refinement_finds_that_many(
    client: TestClient, team: Team, pool: dict[str, int]
) -> None:
    response = client.get("/api/v1/search/facets", params={"q": "skill:python"}, headers=team.alice.auth)
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 3
    facets = body["facets"]
    assert _facet(facets, "source") == {"CV database": 2, "ATS export": 1}
    assert _facet(facets, "location")["Berlin"] == 1
    assert _facet(facets, "skill")["Python"] == 3
    assert _facet(facets, "skill")["Kubernetes"] == 2
    for name in ("source", "location", "company", "skill"):
        for value in facets[name]:
            refined = client.get(
                "/api/v1/search", params={"q": f"skill:python {value['refine']}"}, headers=team.alice.auth
            ).json()
            assert refined["total"] == value["count"], (name, value)
    everyone = client.get("/api/v1/search/facets", headers=team.alice.auth).json()
    assert everyone["total"] == 5
    assert client.get("/api/v1/search/facets", headers=team.charlie.auth).json()["total"] == 0


def test_a_bad_query_is_a_message_on_the_page_and_a_400_in_the_api(
    client: TestClient, team: Team, pool: dict[str, int]
) -> None:
    api = client.get("/api/v1/search/facets", params={"q": '(python "unclosed'}, headers=team.alice.auth)
    assert api.status_code == 400
    assert "detail" in api.json()
    sign_in(client, "alice@acme.example")
    for q in ('(python "unclosed', "NOT", "bogus:thing", 'near:"Atlantis Qq" within:5km', "a " * 10_000):
        page = client.get("/search", params={"q": q})
        assert page.status_code == 200, q[:40]
        assert 'id="search-error"' in page.text, q[:40]
        assert "Traceback" not in page.text
        assert "sqlalchemy" not in page.text.lower()


def test_the_search_page_shows_results_facets_and_adds_the_selected_people_to_a_role_and_a_list(
    client: TestClient, team: Team, pool: dict[str, int]
) -> None:
    role = client.post("/api/v1/roles", json={"title": "Backend Engineer"}, headers=team.alice.auth).json()[
        "id"
    ]
    lst = client.post("/api/v1/lists", json={"name": "Backend Berlin 2027"}, headers=team.alice.auth).json()[
        "id"
    ]
    sign_in(client, "alice@acme.example")
    page = client.get("/search", params={"q": "k8s"})
    assert page.status_code == 200
    assert "Ada Lovelace" in page.text
    assert "Linus Berg" in page.text
    assert "José Müller" not in page.text
    assert 'data-facet="source"' in page.text
    assert f'<option value="role:{role}">Role: Backend Engineer</option>' in page.text
    ids = [pool["Ada Lovelace"], pool["Linus Berg"]]
    csrf = csrf_of(page.text)
    to_role = client.post(
        "/search/add", data={"csrf_token": csrf, "target": f"role:{role}", "person_id": [str(i) for i in ids]}
    )
    assert (to_role.status_code, to_role.headers["location"]) == (303, f"/roles/{role}")
    board = client.get(f"/api/v1/roles/{role}/pipeline", headers=team.alice.auth).json()
    assert len(board["columns"][0]["people"]) == 2
    to_list = client.post(
        "/search/add", data={"csrf_token": csrf, "target": f"list:{lst}", "person_id": [str(ids[0])]}
    )
    assert to_list.status_code == 303
    assert "Ada Lovelace" in client.get(f"/lists/{lst}").text
    assert f'<a href="/lists/{lst}">Backend Berlin 2027</a>' in client.get(f"/people/{ids[0]}").text
    nothing = client.post("/search/add", data={"csrf_token": csrf, "target": "role:"})
    assert nothing.status_code == 400


def test_saved_searches_from_the_page_rerun_and_stay_with_their_owner(
    client: TestClient, team: Team, pool: dict[str, int]
) -> None:
    sign_in(client, "alice@acme.example")
    page = client.get("/search", params={"q": "golang", "exact": "1"})
    saved = client.post(
        "/search/saved",
        data={"csrf_token": csrf_of(page.text), "name": "Gophers", "q": "golang", "exact": "1"},
    )
    assert saved.status_code == 303
    listing = client.get("/search").text
    match = re.search(r'href="/search/saved/(\d+)"[^>]*>Gophers<', listing)
    assert match, "the saved search is listed"
    rerun = client.get(f"/search/saved/{match.group(1)}")
    assert rerun.headers["location"] == "/search?q=golang&exact=1"
    api = client.get("/api/v1/saved-searches", headers=team.alice.auth).json()
    assert [(s["name"], s["query"], s["expand_synonyms"]) for s in api] == [("Gophers", "golang", False)]
    assert client.get("/api/v1/saved-searches", headers=team.bob.auth).json() == []
    assert client.get(f"/api/v1/saved-searches/{api[0]['id']}/run", headers=team.bob.auth).status_code == 404
    created = client.post(
        "/api/v1/saved-searches", json={"name": "Pythonistas", "query": "skill:python"}, headers=team.bob.auth
    )
    run = client.get(f"/api/v1/saved-searches/{created.json()['id']}/run", headers=team.bob.auth).json()
    assert run["total"] == 3


def test_the_find_endpoints_are_documented_in_openapi(client: TestClient) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/v1/roles",
        "/api/v1/roles/{role_id}",
        "/api/v1/roles/{role_id}/pipeline",
        "/api/v1/roles/{role_id}/pipeline/{person_id}",
        "/api/v1/roles/{role_id}/shortlist",
        "/api/v1/lists",
        "/api/v1/lists/{list_id}/people",
        "/api/v1/saved-searches",
        "/api/v1/saved-searches/{saved_id}/run",
        "/api/v1/search/facets",
    ):
        assert path in paths, path
