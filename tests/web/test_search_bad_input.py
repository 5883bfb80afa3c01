"""Bad queries through the API and the pool page: a clear message saying where and why, never a 500."""

from __future__ import annotations

import html

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Team
from tests.web.conftest import sign_in

BAD = [
    ('title:"engineer', 'unbalanced quote at column 7: this " is never closed'),
    ("(python OR java", "unbalanced parenthesis at column 1: this '(' is never closed"),
    ("python)", "unbalanced parenthesis at column 7: this ')' has no matching '('"),
    ("NOT", "NOT needs a term after it at column 1"),
    (" ".join(["go"] * 10_000), "query too long: 29,999 characters, at most 2,000"),
    (" ".join(f"w{i}" for i in range(201)), "too many terms: at most 200; term 201 is at column"),
    ("titel:cto", "unknown field 'titel:' at column 1 — did you mean 'title:'?"),
    ("near:Xyzzyqwv", "unknown place 'Xyzzyqwv' at column 1"),
    ("python^2 a*b", "'*' can only end a word (a prefix search), at column 11"),
]
HARMLESS = [
    '"python NEAR java"',
    "NEAR(python java)",
    "^python",
    '"a:b"',
    "python^2",
    '"*"x',
    "'; DROP TABLE people; --",
]


@pytest.mark.parametrize(("query", "message"), BAD)
def test_the_search_api_answers_400_with_where_and_why(
    client: TestClient, team: Team, acme_pool: dict[str, int], query: str, message: str
) -> None:
    response = client.get("/api/v1/search", params={"q": query}, headers=team.alice.auth)
    assert response.status_code == 400
    assert message in response.json()["detail"]


@pytest.mark.parametrize("query", HARMLESS)
def test_fts_syntax_typed_into_the_api_is_searched_as_words(
    client: TestClient, team: Team, acme_pool: dict[str, int], query: str
) -> None:
    response = client.get("/api/v1/search", params={"q": query}, headers=team.alice.auth)
    assert response.status_code in (200, 400)
    assert "sqlite" not in response.text.lower()
    assert "psycopg" not in response.text.lower()


@pytest.mark.parametrize(("query", "message"), BAD[:4] + BAD[6:])
def test_the_pool_page_shows_the_message_instead_of_failing(
    client: TestClient, team: Team, acme_pool: dict[str, int], query: str, message: str
) -> None:
    sign_in(client, "alice@acme.example")
    response = client.get("/people", params={"q": query})
    assert response.status_code in (200, 400)
    assert message in html.unescape(response.text)
    assert "Traceback" not in response.text
