"""The ranking page and API: the shortlist with its why, feedback from the page, bad input."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import insert

from talentscout.bootstrap import Container
from talentscout.db.tables import roles
from tests.conftest import Team
from tests.web.conftest import csrf_of, sign_in


def _role(container: Container, team: Team) -> int:
    with container.db.begin() as conn:
        return int(
            conn.execute(
                insert(roles)
                .values(
                    workspace_id=team.alice.actor.workspace_id,
                    title="Software Engineer",
                    description="Python services",
                    must_skills=["Kubernetes", "Python"],
                    status="open",
                    created_at=datetime.now(UTC),
                )
                .returning(roles.c.id)
            ).scalar_one()
        )


def test_api_returns_the_ranked_people_with_breakdown_and_signals(
    client: TestClient, container: Container, team: Team, acme_pool: dict[str, int]
) -> None:
    role = _role(container, team)
    response = client.get(f"/api/v1/roles/{role}/ranking?limit=3", headers=team.alice.auth)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["people"][0]["person_id"] == acme_pool["Ada Lovelace"]
    labels = [b["label"] for b in body["people"][0]["breakdown"]]
    assert "must-have: Kubernetes ✓" in labels
    assert 0 <= body["people"][0]["score"] <= 100
    assert body["people"][0]["activity"] in ("active", "passive")


def test_api_feedback_then_ranking_shows_it_and_outsiders_get_404(
    client: TestClient, container: Container, team: Team, acme_pool: dict[str, int]
) -> None:
    role = _role(container, team)
    person = acme_pool["Ada Lovelace"]
    given = client.post(
        f"/api/v1/roles/{role}/feedback",
        json={"person_id": person, "verdict": "not_a_fit", "reason": "wants a lead role"},
        headers=team.hana.auth,
    )
    assert given.status_code == 201, given.text
    ranked = client.get(f"/api/v1/roles/{role}/ranking", headers=team.alice.auth).json()["people"]
    ada = next(p for p in ranked if p["person_id"] == person)
    assert ada["feedback"] == "not_a_fit"
    assert any("wants a lead role" in b["detail"] for b in ada["breakdown"])
    assert client.get(f"/api/v1/roles/{role}/ranking", headers=team.charlie.auth).status_code == 404
    assert (
        client.post(
            f"/api/v1/roles/{role}/feedback",
            json={"person_id": person, "verdict": "good_fit"},
            headers=team.eve.auth,
        ).status_code
        == 403
    )
    bad = client.post(
        f"/api/v1/roles/{role}/feedback",
        json={"person_id": person, "verdict": "meh"},
        headers=team.alice.auth,
    )
    assert bad.status_code == 422
    assert client.get(f"/api/v1/roles/{role}/ranking?limit=0", headers=team.alice.auth).status_code == 422


def test_the_page_shows_the_why_and_takes_feedback(
    client: TestClient, container: Container, team: Team, acme_pool: dict[str, int]
) -> None:
    role = _role(container, team)
    sign_in(client, "alice@acme.example")
    page = client.get(f"/roles/{role}/ranking")
    assert page.status_code == 200
    assert "must-have: Kubernetes ✓" in page.text
    assert 'class="ranking-why"' in page.text
    person = acme_pool["Ada Lovelace"]
    posted = client.post(
        f"/roles/{role}/feedback",
        data={
            "csrf_token": csrf_of(page.text),
            "person_id": person,
            "verdict": "good_fit",
            "reason": "great",
        },
    )
    assert posted.status_code == 303
    assert "feedback: good fit" in client.get(f"/roles/{role}/ranking").text
    missing = client.get("/roles/99999/ranking")
    assert missing.status_code == 404
    assert "Traceback" not in missing.text
