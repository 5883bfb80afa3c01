"""The permission matrix for the privacy endpoints, through the API, with every persona."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from talentscout.domain.permissions import allowed
from talentscout.web.api.respect import PERMISSIONS
from tests.conftest import Team

BODIES: dict[str, Any] = {
    "POST /api/v1/privacy/suppressions": {"kind": "email", "value": "nobody@example.org"},
    "POST /api/v1/people/{id}/privacy/consents": {
        "scope": "sms_marketing",
        "channel": "web",
        "text_shown": "Text me",
        "proof": "form 7",
    },
    "POST /api/v1/people/{id}/privacy/lawful-basis": {
        "purpose": "sourcing",
        "basis": "legitimate_interest",
        "note": "public profile, relevant role, low impact",
    },
    "PUT /api/v1/people/{id}/privacy/jurisdiction": {"jurisdiction": "gdpr"},
}
QUERIES = {"GET /api/v1/privacy/suppressions/check": {"kind": "email", "value": "x@example.org"}}
PERSONAS = ("alice", "hana", "eve", "agnes", "admin")


def _call(client: TestClient, endpoint: str, person_id: int, headers: dict[str, str]) -> int:
    method, path = endpoint.split(" ", 1)
    url = path.replace("{id}", str(person_id)).replace("{scope}", "sms_marketing")
    response = client.request(
        method, url, headers=headers, json=BODIES.get(endpoint), params=QUERIES.get(endpoint)
    )
    assert "Traceback" not in response.text
    return response.status_code


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_privacy_endpoint_answers_each_role_as_the_matrix_says(
    client: TestClient, team: Team, acme_pool: dict[str, int], persona: str
) -> None:
    who = getattr(team, persona)
    person_id = acme_pool["Ada Lovelace"]
    for endpoint, action in PERMISSIONS.items():
        if endpoint.endswith("/erase"):
            continue  # checked last, below: it removes the person the others need
        status = _call(client, endpoint, person_id, who.auth)
        if allowed(who.user.role, action):
            assert status < 400, (endpoint, persona, status)
        else:
            assert status == 403, (endpoint, persona, status)
    erase = _call(client, "POST /api/v1/people/{id}/privacy/erase", person_id, who.auth)
    assert erase == (
        200 if allowed(who.user.role, PERMISSIONS["POST /api/v1/people/{id}/privacy/erase"]) else 403
    )


def test_another_workspace_sees_our_people_as_missing(
    client: TestClient, team: Team, acme_pool: dict[str, int]
) -> None:
    person_id = acme_pool["Ada Lovelace"]
    for endpoint, action in PERMISSIONS.items():
        if "{id}" in endpoint:
            expected = 404 if allowed(team.charlie.user.role, action) else 403
            assert _call(client, endpoint, person_id, team.charlie.auth) == expected, endpoint


def test_without_a_token_the_api_answers_401(client: TestClient) -> None:
    assert client.get("/api/v1/privacy/audit").status_code == 401
