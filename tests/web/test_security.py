"""Secrets never reach the logs; security headers; bad input never shows a stack trace."""

from __future__ import annotations

import logging
import socket

import pytest
from fastapi.testclient import TestClient

from talentscout.bootstrap import Container
from talentscout.settings import Settings
from talentscout.transports.base import OutgoingEmail
from talentscout.transports.smtp import SmtpTransport
from talentscout.web.app import create_app
from tests.conftest import PASSWORD, Team
from tests.web.conftest import csrf_of

SMTP_SECRET = "smtp-Pa55word-never-logged"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_sign_in_never_writes_the_password_to_the_log(
    client: TestClient, team: Team, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    csrf = csrf_of(client.get("/login").text)
    bad = client.post(
        "/login", data={"email": "alice@acme.example", "password": PASSWORD + "!", "csrf_token": csrf}
    )
    ok = client.post("/login", data={"email": "alice@acme.example", "password": PASSWORD, "csrf_token": csrf})
    assert (ok.status_code, bad.status_code) == (303, 401)
    assert caplog.records, "the request must have produced log output to inspect"
    assert PASSWORD not in caplog.text
    assert PASSWORD not in bad.text


def test_smtp_settings_and_failures_never_show_the_password(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    configured = settings.model_copy(update={"smtp_password": SMTP_SECRET, "smtp_username": "mailer"})
    log = logging.getLogger("talentscout.test")
    log.info("starting with %s", configured)
    log.info("settings %r", configured)
    transport = SmtpTransport("127.0.0.1", _free_port(), username="mailer", password=SMTP_SECRET, timeout=2)
    message = OutgoingEmail(
        "k1", "<m1@x>", "Alice", "alice@acme.example", "to@example.org", "r@x", "Hi", "Hello", None, None
    )
    with pytest.raises(Exception) as failure:  # noqa: PT011 - any transport failure will do
        transport.send(message)
    log.exception("send failed", exc_info=failure.value)
    assert "starting with" in caplog.text
    assert SMTP_SECRET not in caplog.text
    assert SMTP_SECRET not in str(failure.value)
    assert "secret_key='********'" in repr(configured)


def test_hsts_is_sent_when_cookies_are_secure(container: Container) -> None:
    secure = Container(container.settings.model_copy(update={"secure_cookies": True}), container.db)
    with TestClient(create_app(secure)) as client:
        response = client.get("/login")
    assert response.headers["strict-transport-security"].startswith("max-age=")
    assert response.headers["x-frame-options"] == "DENY"


def test_the_public_privacy_page_carries_the_security_headers(client: TestClient) -> None:
    response = client.get("/privacy/p/1.nothing")
    assert response.status_code == 404
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_bad_input_to_the_privacy_api_is_a_clear_message_not_a_stack_trace(
    client: TestClient, team: Team
) -> None:
    for method, url, body in (
        ("GET", "/api/v1/privacy/audit?subject_id=abc&since=yesterday", None),
        ("GET", "/api/v1/privacy/audit?limit=100000", None),
        ("POST", "/api/v1/privacy/suppressions", {"kind": "fax", "value": "1"}),
        ("POST", "/api/v1/privacy/suppressions", {"kind": "email", "value": "not an address"}),
        ("POST", "/api/v1/people/999999/privacy/lawful-basis", {"purpose": "x", "basis": "y"}),
        ("PUT", "/api/v1/people/999999/privacy/jurisdiction", {"jurisdiction": "mars"}),
        ("GET", "/api/v1/people/notanumber/privacy", None),
    ):
        response = client.request(method, url, json=body, headers=team.admin.auth)
        assert 400 <= response.status_code < 500, (url, response.status_code)
        assert "Traceback" not in response.text
        assert "sqlalchemy" not in response.text.lower()
        assert response.json()["detail"]
