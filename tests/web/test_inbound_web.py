"""Inbound webhooks (signed email JSON, Twilio-style SMS), the reply inbox with class correction, and the
research page — through the ASGI app, on both databases."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from talentscout.bootstrap import Container
from talentscout.db.tables import activities
from talentscout.db.tables_engage import enrollments, messages, outbox
from talentscout.db.tables_respect import audit_log
from talentscout.services import inbound_sms, inbound_webhook, suppression
from talentscout.services import sequences_enrol as enrol
from talentscout.services.outbox_send import Transports
from talentscout.transports.smtp import LogTransport
from talentscout.worker.sending import Sender
from tests.conftest import Team
from tests.engage_factory import MovableClock, make_person, make_sender, three_step_sequence
from tests.web.conftest import csrf_of, sign_in

SECRET = "webhook-secret-for-tests"
TOKEN = "twilio-auth-token-for-tests"
ADA_EMAIL, ADA_PHONE = "ada@gmail.com", "+447911123456"


@pytest.fixture
def ada(container: Container, team: Team) -> dict[str, object]:
    """Ada, enrolled in three steps (email, SMS, email); the first email has gone out."""
    container.db.clock = MovableClock()
    container.settings.inbound_webhook_secret = SECRET
    container.settings.sms_auth_token = TOKEN
    ws = team.alice.actor.workspace_id
    person = make_person(
        container,
        ws,
        "Ada Lovelace",
        contacts=[("email", ADA_EMAIL, "personal"), ("phone", ADA_PHONE, "personal")],
    )
    seq = three_step_sequence(container, team.alice.actor, make_sender(container, ws, team.alice.user.id))
    enrol.enrol(container.db, actor=team.alice.actor, sequence_id=seq, person_ids=[person])
    assert Sender(container, "t", transports=Transports(email=LogTransport())).run_once() == 1
    with container.db.read() as conn:
        sent = conn.execute(select(messages).where(messages.c.person_id == person)).one()
    return dict(sent._mapping)


def _post_email(
    client: TestClient, payload: dict[str, object], *, secret: str = SECRET, age: int = 0
) -> object:
    body = json.dumps(payload).encode()
    stamp = str(int(time.time()) - age)
    headers = {
        "X-TalentScout-Timestamp": stamp,
        "X-TalentScout-Signature": inbound_webhook.sign(secret, stamp, body),
        "Content-Type": "application/json",
    }
    return client.post("/api/v1/inbound/email", content=body, headers=headers)


def _post_sms(client: TestClient, params: dict[str, str], *, token: str = TOKEN) -> Any:
    url = "http://127.0.0.1:8000/api/v1/inbound/sms"
    signature = inbound_sms.twilio_signature(token, url, params)
    return client.post("/api/v1/inbound/sms", data=params, headers={"X-Twilio-Signature": signature})


def _steps(c: Container, person: object) -> list[str]:
    with c.db.read() as conn:
        return [
            r.status
            for r in conn.execute(
                select(outbox.c.status).where(outbox.c.person_id == person).order_by(outbox.c.id)
            )
        ]


def test_a_signed_email_webhook_threads_classifies_and_stops(
    client: TestClient, container: Container, ada: dict[str, object]
) -> None:
    payload = {
        "id": "evt-1",
        "from": f"Ada <{ADA_EMAIL}>",
        "to": ["alice@acme.example"],
        "subject": "Re: your note",
        "text": "Not right now, ping me after March please.",
        "headers": [{"name": "In-Reply-To", "value": str(ada["message_id"])}],
    }
    first = _post_email(client, payload)
    again = _post_email(client, payload)
    assert first.status_code == 200, first.text
    assert first.json()["outcome"] == "reply"
    assert first.json()["classification"] == "not_now"
    assert again.json()["outcome"] == "duplicate"
    assert _steps(container, ada["person_id"]) == ["sent", "cancelled"]
    with container.db.read() as conn:
        reminder = conn.execute(select(activities.c.data).where(activities.c.kind == "reminder")).scalar_one()
    assert reminder["due"] == "2027-04-01"


@pytest.mark.parametrize(("secret", "age"), [("wrong-secret", 0), (SECRET, 3600)])
def test_an_unsigned_or_stale_email_webhook_is_refused(
    client: TestClient, container: Container, ada: dict[str, object], secret: str, age: int
) -> None:
    response = _post_email(client, {"id": "x", "from": ADA_EMAIL, "text": "hi"}, secret=secret, age=age)
    assert response.status_code == 403
    assert _steps(container, ada["person_id"]) == ["sent", "pending"]


def test_a_bad_email_payload_is_a_clear_400(client: TestClient, ada: dict[str, object]) -> None:
    response = _post_email(client, {"id": "x", "from": "nobody", "text": "hi"})
    assert response.status_code == 400
    assert "from" in response.json()["detail"]


@pytest.mark.parametrize("word", ["STOP", "stop.", "Unsubscribe", "STOPALL", "end", "Quit", "CANCEL"])
def test_an_sms_stop_suppresses_the_person_on_every_channel(
    client: TestClient, container: Container, team: Team, ada: dict[str, object], word: str
) -> None:
    params = {"From": ADA_PHONE, "To": "+15005550006", "Body": word, "MessageSid": "SM1"}
    response = _post_sms(client, params)
    assert response.status_code == 200, response.text
    assert "<Response>" in response.text
    ws = team.alice.actor.workspace_id
    with container.db.read() as conn:
        assert suppression.is_suppressed(conn, workspace_id=ws, kind="email", value=ADA_EMAIL)
        assert suppression.is_suppressed(conn, workspace_id=ws, kind="phone", value=ADA_PHONE)
        status = conn.execute(
            select(enrollments.c.status).where(enrollments.c.person_id == ada["person_id"])
        ).scalar()
    assert status == "unsubscribed"
    assert _steps(container, ada["person_id"]) == ["sent", "cancelled"]


def test_an_sms_with_a_bad_signature_is_refused(client: TestClient, ada: dict[str, object]) -> None:
    params = {"From": ADA_PHONE, "To": "+15005550006", "Body": "STOP", "MessageSid": "SM2"}
    assert _post_sms(client, params, token="not-the-token").status_code == 403


def test_an_sms_reply_is_classified_and_a_recruiter_corrects_it_in_the_inbox(
    client: TestClient, container: Container, team: Team, ada: dict[str, object]
) -> None:
    params = {"From": ADA_PHONE, "To": "+15005550006", "Body": "who is this?", "MessageSid": "SM3"}
    assert _post_sms(client, params).status_code == 200
    listed = client.get("/api/v1/inbox", headers=team.alice.auth).json()
    assert [(i["channel"], i["classification"]) for i in listed] == [("sms", "unclear")]
    reply_id = listed[0]["id"]
    sign_in(client, "alice@acme.example")
    page = client.get("/inbox")
    assert page.status_code == 200
    assert "Ada Lovelace" in page.text
    thread = client.get(f"/inbox/{reply_id}")
    assert "who is this?" in thread.text
    saved = client.post(
        f"/inbox/{reply_id}/classification", data={"label": "interested", "csrf_token": csrf_of(thread.text)}
    )
    assert saved.status_code == 303
    conversation = client.get(f"/api/v1/inbox/{reply_id}", headers=team.alice.auth).json()
    assert [(m["direction"], m["channel"]) for m in conversation["thread"]] == [
        ("out", "email"),
        ("in", "sms"),
    ]
    after = client.get("/api/v1/inbox?label=interested", headers=team.alice.auth).json()
    assert after[0]["id"] == reply_id
    assert after[0]["corrected_by"] == "Alice"
    with container.db.read() as conn:
        change = conn.execute(
            select(audit_log.c.detail).where(audit_log.c.subject_type == "message_classification")
        ).scalar_one()
    assert change == {"from": "unclear", "to": "interested", "person_id": ada["person_id"]}


def test_correcting_a_class_is_refused_to_a_hiring_manager_and_outsiders(
    client: TestClient, container: Container, team: Team, ada: dict[str, object]
) -> None:
    _post_sms(client, {"From": ADA_PHONE, "To": "+15005550006", "Body": "yes, call me", "MessageSid": "SM4"})
    reply_id = client.get("/api/v1/inbox", headers=team.alice.auth).json()[0]["id"]
    url = f"/api/v1/inbox/{reply_id}/classification"
    assert client.post(url, json={"label": "not_now"}, headers=team.hana.auth).status_code == 403
    assert client.post(url, json={"label": "not_now"}, headers=team.charlie.auth).status_code == 404
    assert client.post(url, json={"label": "maybe"}, headers=team.alice.auth).status_code == 400
    assert client.get("/api/v1/inbox", headers=team.charlie.auth).json() == []


def test_the_research_page_shows_hooks_with_their_sources_and_a_cited_draft(
    client: TestClient, container: Container, team: Team, ada: dict[str, object]
) -> None:
    client.post(
        f"/api/v1/people/{ada['person_id']}/notes",
        json={"body": "Gave a talk on query planners at PGConf 2026."},
        headers=team.alice.auth,
    )
    data = client.get(f"/api/v1/people/{ada['person_id']}/research", headers=team.alice.auth).json()
    talk = next(h for h in data["hooks"] if h["kind"] == "project_or_talk")
    assert talk["source_field"] == "notes.body"
    assert "PGConf" in talk["text"]
    sign_in(client, "alice@acme.example")
    page = client.get(f"/people/{ada['person_id']}/research")
    assert page.status_code == 200
    assert "notes.body" in page.text
    drafted = client.post(
        f"/people/{ada['person_id']}/research/draft",
        data={"channel": "email", "role_id": "", "csrf_token": csrf_of(page.text)},
    )
    assert drafted.status_code == 200
    assert "PGConf" in drafted.text
    assert 'id="draft-facts"' in drafted.text
    assert client.get(f"/people/{ada['person_id']}").text.count(f"/people/{ada['person_id']}/research") == 1


def test_the_lint_endpoint_blocks_an_empty_field_and_previews_a_good_template(
    client: TestClient, team: Team, ada: dict[str, object]
) -> None:
    url, person = "/api/v1/templates/lint", ada["person_id"]
    bad = client.post(
        url,
        json={"subject": "Hi", "body": "Hi {{ first_name }} in {{ city }}", "person_id": person},
        headers=team.alice.auth,
    ).json()
    assert bad["blocked"] is True
    assert bad["preview"] is None
    assert [(i["code"], i["field"]) for i in bad["issues"]] == [("empty_field", "city")]
    good = client.post(
        url,
        json={
            "body": "Hi {{ first_name }}, quick one about {{ current_employer }}.",
            "channel": "sms",
            "person_id": person,
        },
        headers=team.alice.auth,
    ).json()
    assert good["blocked"] is False
    assert good["preview"]["text"] == "Hi Ada, quick one about Initech."
    assert {i["code"] for i in good["issues"]} == {"length", "reading_ease", "no_personalisation"}
    refused = client.post(url, json={"body": "x", "person_id": person}, headers=team.hana.auth)
    assert refused.status_code == 403
