from __future__ import annotations

from fastapi.testclient import TestClient

from talentscout.web.ratelimit import LIMITS, Window
from tests.conftest import Team
from tests.web.conftest import csrf_of


def test_sign_in_is_refused_with_429_after_too_many_attempts(client: TestClient, team: Team) -> None:
    csrf = csrf_of(client.get("/login").text)
    limit = LIMITS["login"][0]
    codes = [
        client.post(
            "/login", data={"email": "alice@acme.example", "password": "guess", "csrf_token": csrf}
        ).status_code
        for _ in range(limit + 2)
    ]
    assert codes[:limit] == [401] * limit
    assert codes[limit:] == [429, 429]
    last = client.post(
        "/login", data={"email": "alice@acme.example", "password": "guess", "csrf_token": csrf}
    )
    assert int(last.headers["retry-after"]) > 0


def test_the_public_privacy_page_is_rate_limited(client: TestClient) -> None:
    limit = LIMITS["privacy"][0]
    codes = [client.get("/privacy/p/1.guess").status_code for _ in range(limit + 1)]
    assert codes[:limit] == [404] * limit
    assert codes[-1] == 429


def test_a_window_resets_after_its_period() -> None:
    now = [0.0]
    window = Window(2, 60, clock=lambda: now[0])
    assert [window.allow("a")[0] for _ in range(3)] == [True, True, False]
    assert window.allow("b")[0]
    now[0] = 61
    assert window.allow("a")[0]
