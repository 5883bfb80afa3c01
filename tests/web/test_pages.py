"""Server-rendered pages: sign-in, CSRF, the pool, a person's page, isolation, safe rendering."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import Team
from tests.web.conftest import CSV, csrf_of, sign_in
from tests.web.test_import_flow import submit_mapping


def test_pages_redirect_to_sign_in_when_signed_out(client: TestClient) -> None:
    response = client.get("/people")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(
    client: TestClient, team: Team
) -> None:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"email": "alice@acme.example", "password": "nope-nope-nope", "csrf_token": csrf_of(page.text)},
    )
    assert response.status_code == 401
    assert "Wrong email or password" in response.text


def test_a_form_without_the_csrf_token_is_refused(client: TestClient, team: Team) -> None:
    client.get("/login")
    response = client.post("/login", data={"email": "alice@acme.example", "password": "x"})
    assert response.status_code in (403, 422)


def test_the_pool_lists_imported_people_with_filters_by_source_and_tag(
    client: TestClient, team: Team, acme_pool: dict[str, int]
) -> None:
    sign_in(client, "alice@acme.example")
    page = client.get("/people")
    assert page.status_code == 200
    assert "Ada Lovelace" in page.text
    assert "5 people" in page.text
    tagged = client.get("/people", params={"tag": "data"})
    assert "José Müller" in tagged.text
    assert "Ada Lovelace" not in tagged.text
    searched = client.get("/people", params={"q": "lovelace"})
    assert "Ada Lovelace" in searched.text
    assert "José Müller" not in searched.text


def test_html_in_a_name_is_shown_as_text_not_run(
    client: TestClient, team: Team, acme_pool: dict[str, int]
) -> None:
    sign_in(client, "alice@acme.example")
    evil = next(pid for name, pid in acme_pool.items() if "script" in name)
    page = client.get(f"/people/{evil}")
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_the_person_page_shows_provenance_contacts_and_sources(
    client: TestClient, team: Team, acme_pool: dict[str, int]
) -> None:
    sign_in(client, "alice@acme.example")
    page = client.get(f"/people/{acme_pool['Ada Lovelace']}")
    assert "from Spreadsheet" in page.text
    assert "ada.lovelace@gmail.com" in page.text
    assert "https://www.linkedin.com/in/ada-lovelace" in page.text
    assert "c-001" in page.text


def test_the_outsider_gets_404_on_another_workspaces_person_page(
    client: TestClient, team: Team, acme_pool: dict[str, int]
) -> None:
    sign_in(client, "charlie@globex.example")
    assert client.get(f"/people/{acme_pool['Ada Lovelace']}").status_code == 404
    listing = client.get("/people")
    assert "Ada Lovelace" not in listing.text


def test_a_note_added_on_the_page_appears_on_the_timeline(
    client: TestClient, team: Team, acme_pool: dict[str, int]
) -> None:
    sign_in(client, "alice@acme.example")
    url = f"/people/{acme_pool['Ada Lovelace']}"
    token = csrf_of(client.get(url).text)
    assert client.post(f"{url}/notes", data={"body": "Prefers email", "csrf_token": token}).status_code == 303
    page = client.get(url).text
    assert "Prefers email" in page
    assert "added a note" in page


def test_uploading_on_the_import_page_shows_the_report(client: TestClient, team: Team) -> None:
    sign_in(client, "alice@acme.example")
    token = csrf_of(client.get("/imports").text)
    with CSV.open("rb") as fh:
        mapping = client.post(
            "/imports",
            data={"csrf_token": token, "source": "Upload"},
            files={"file": ("candidates.csv", fh, "text/csv")},
        )
    assert mapping.status_code == 200
    assert "Map the columns" in mapping.text
    response = submit_mapping(client, mapping.text)
    assert response.status_code == 303
    report = client.get(response.headers["location"]).text
    assert "rejected" in report
    assert "candidates.csv" in report
    assert "row" in report.lower()


def test_the_pool_search_box_speaks_the_query_language(
    client: TestClient, team: Team, acme_pool: dict[str, int]
) -> None:
    sign_in(client, "alice@acme.example")
    found = client.get("/people", params={"q": 'skill:k8s -company:"Navy Systems"'})
    assert "Ada Lovelace" in found.text
    assert "Grace Hopper" not in found.text
    broken = client.get("/people", params={"q": "(python OR"})
    assert broken.status_code == 400
    assert 'id="search-error"' in broken.text
