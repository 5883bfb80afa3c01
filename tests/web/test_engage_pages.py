"""Engage through the web: one-click unsubscribe, the sequence editor, enrolment, tasks, the API."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from talentscout.bootstrap import Container
from talentscout.db.tables_engage import outbox
from talentscout.services import sequences_enrol as enrol
from talentscout.services import suppression
from talentscout.services.channels_unsubscribe import unsubscribe_url
from talentscout.worker.runner import Worker
from tests.conftest import Team
from tests.engage_factory import MovableClock, make_person, make_sender, three_step_sequence
from tests.web.conftest import csrf_of, sign_in


@pytest.fixture
def ada(container: Container, team: Team) -> int:
    container.db.clock = MovableClock()
    ws = team.alice.actor.workspace_id
    person = make_person(container, ws, "Ada Lovelace", contacts=[("email", "ada@gmail.com", "personal")])
    seq = three_step_sequence(container, team.alice.actor, make_sender(container, ws, team.alice.user.id))
    enrol.enrol(container.db, actor=team.alice.actor, sequence_id=seq, person_ids=[person])
    return person


def _link(container: Container, team: Team, person: int) -> str:
    with container.db.begin() as conn:
        url = unsubscribe_url(
            conn,
            "https://talent.acme.example",
            team.alice.actor.workspace_id,
            person,
            container.db.clock.now(),
        )
    return url.removeprefix("https://talent.acme.example")


def _statuses(container: Container, person: int) -> list[str]:
    with container.db.read() as conn:
        return [s for (s,) in conn.execute(select(outbox.c.status).where(outbox.c.person_id == person))]


def test_one_click_unsubscribe_by_post_stops_everything_without_a_session(
    container: Container, team: Team, client: TestClient, ada: int
) -> None:
    path = _link(container, team, ada)
    page = client.get(path)
    assert page.status_code == 200
    assert 'id="confirm-unsubscribe"' in page.text
    assert _statuses(container, ada) == ["pending"]  # a GET (a link scanner) changes nothing
    response = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You are unsubscribed" in response.text
    assert _statuses(container, ada) == ["cancelled"]
    with container.db.read() as conn:
        assert suppression.person_is_suppressed(
            conn, workspace_id=team.alice.actor.workspace_id, person_id=ada
        )


def test_a_forged_unsubscribe_link_is_refused(
    client: TestClient, container: Container, team: Team, ada: int
) -> None:
    path = _link(container, team, ada)
    assert client.post(path[:-3] + "xyz").status_code == 404
    assert client.get("/u/not-a-token").status_code == 404
    assert _statuses(container, ada) == ["pending"]


def test_a_recruiter_builds_a_sequence_and_enrols_people_in_the_browser_forms(
    container: Container, team: Team, client: TestClient
) -> None:
    container.db.clock = MovableClock()
    ws = team.alice.actor.workspace_id
    make_sender(container, ws, team.alice.user.id)
    grace = make_person(container, ws, "Grace Hopper", contacts=[("email", "grace@gmail.com", "personal")])
    sign_in(client, "alice@acme.example")
    page = client.get("/sequences")
    assert page.status_code == 200
    created = client.post(
        "/sequences",
        data={
            "csrf_token": csrf_of(page.text),
            "name": "Platform",
            "sender_id": re.search(r'option value="(\d+)"', page.text).group(1),
        },
    )  # type: ignore[union-attr]
    assert created.status_code == 303
    url = created.headers["location"]
    token = csrf_of(client.get(url).text)
    bad = client.post(f"{url}/steps", data={"csrf_token": token, "channel": "fax", "body_template": "x"})
    assert bad.status_code == 400
    assert "channel must be one of" in bad.text
    client.post(
        f"{url}/steps",
        data={
            "csrf_token": token,
            "channel": "email",
            "delay_days": "0",
            "subject_template": "Hi {{ person.first_name }}",
            "body_template": "Hello {{ person.first_name }}",
        },
    )
    client.post(
        f"{url}/steps",
        data={
            "csrf_token": token,
            "channel": "linkedin_message",
            "delay_days": "0",
            "body_template": "Connecting, {{ person.first_name }}?",
        },
    )
    report = client.post(
        f"{url}/enrol", data={"csrf_token": token, "source": "ids", "person_ids": f"{grace}, 999999"}
    )
    assert "Enrolled 1." in report.text
    assert "not enrolled: no such person" in report.text
    editor = client.get(url)
    assert "Preview for person" in editor.text
    assert "Hello Grace" in editor.text
    Worker(container, {}).run_once()  # email (log transport), then the LinkedIn task opens
    tasks = client.get("/tasks")
    assert "LinkedIn message" in tasks.text
    assert "Connecting, Grace?" in tasks.text
    task_id = re.search(r'id="task-(\d+)"', tasks.text).group(1)  # type: ignore[union-attr]
    done = client.post(f"/tasks/{task_id}", data={"csrf_token": csrf_of(tasks.text), "outcome": "done"})
    assert done.status_code == 303
    assert "No open tasks" in client.get("/tasks").text
    person = client.get(f"/people/{grace}")
    assert 'id="outreach"' in person.text
    assert "Hello Grace" in person.text


def test_the_api_is_scoped_to_the_workspace_and_checks_permissions(
    container: Container, team: Team, client: TestClient
) -> None:
    ws = team.alice.actor.workspace_id
    sender = make_sender(container, ws, team.alice.user.id)
    created = client.post(
        "/api/v1/sequences", json={"name": "API seq", "sender_id": sender}, headers=team.alice.auth
    )
    assert created.status_code == 201
    sid = created.json()["id"]
    step = client.post(
        f"/api/v1/sequences/{sid}/steps",
        json={"channel": "email", "body_template": "Hi", "subject_template": "Hello"},
        headers=team.alice.auth,
    )
    assert step.status_code == 201
    assert client.get(f"/api/v1/sequences/{sid}", headers=team.charlie.auth).status_code == 404
    assert (
        client.post(
            f"/api/v1/sequences/{sid}/steps",
            json={"channel": "email", "body_template": "Hi"},
            headers=team.eve.auth,
        ).status_code
        == 403
    )
    person = make_person(container, ws, "Linus Work", contacts=[("email", "linus@initech.example", "work")])
    refused = client.post(
        f"/api/v1/sequences/{sid}/enrollments",
        json={"person_ids": [person], "override_address": "linus@initech.example"},
        headers=team.alice.auth,
    )
    assert refused.status_code == 400
    assert "reason" in refused.json()["detail"]
    ok = client.post(
        f"/api/v1/sequences/{sid}/enrollments", json={"person_ids": [person]}, headers=team.alice.auth
    )
    assert ok.json()["enrolled"] == [person]
    again = client.post(
        f"/api/v1/sequences/{sid}/enrollments", json={"person_ids": [person]}, headers=team.alice.auth
    )
    assert again.json()["skipped"] == [{"person_id": person, "reason": "already in an active sequence"}]
