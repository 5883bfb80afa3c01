"""The REST API: tokens required, workspace isolation, role permissions, OpenAPI document."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import Team
from tests.web.conftest import CSV


def test_the_api_refuses_requests_without_a_token(client: TestClient, team: Team) -> None:
    assert client.get("/api/v1/people").status_code == 401
    assert client.get("/api/v1/people", headers={"Authorization": "Bearer ts_wrong"}).status_code == 401


def test_a_recruiter_lists_and_reads_people_of_their_workspace(
    client: TestClient, team: Team, acme_pool: dict[str, int]
) -> None:
    listing = client.get("/api/v1/people", headers=team.alice.auth).json()
    assert listing["total"] == 5
    ada = client.get(f"/api/v1/people/{acme_pool['Ada Lovelace']}", headers=team.bob.auth).json()
    assert ada["display_name"] == "Ada Lovelace"
    assert any(f["field"] == "current_title" and f["source"] == "Spreadsheet" for f in ada["fields"])


def test_an_id_no_row_can_have_is_a_404_not_a_server_error(client: TestClient, team: Team) -> None:
    for path in (f"/api/v1/people/{10**30}", f"/api/v1/people/{2**63}", "/api/v1/people/-1"):
        response = client.get(path, headers=team.alice.auth)
        assert response.status_code in (404, 422), path
        assert "Traceback" not in response.text


def test_the_outsider_gets_404_for_another_workspaces_person(
    client: TestClient, team: Team, acme_pool: dict[str, int]
) -> None:
    person = acme_pool["Ada Lovelace"]
    assert client.get(f"/api/v1/people/{person}", headers=team.charlie.auth).status_code == 404
    note = client.post(f"/api/v1/people/{person}/notes", json={"body": "hi"}, headers=team.charlie.auth)
    assert note.status_code == 404
    tag = client.post(f"/api/v1/people/{person}/tags", json={"tag": "x"}, headers=team.charlie.auth)
    assert tag.status_code == 404
    assert client.get("/api/v1/people", headers=team.charlie.auth).json()["total"] == 0


def test_the_outsider_does_not_see_another_workspaces_records_in_exports(
    client: TestClient, team: Team, acme_pool: dict[str, int]
) -> None:
    mine = client.get("/api/v1/export/records.csv", headers=team.alice.auth).text.splitlines()
    theirs = client.get("/api/v1/export/records.csv", headers=team.charlie.auth).text.splitlines()
    assert mine[0] == "source,source_id,person_id"
    assert len(mine) == 6
    assert theirs == ["source,source_id,person_id"]


def test_notes_and_tags_added_through_the_api_appear_on_the_person(
    client: TestClient, team: Team, acme_pool: dict[str, int]
) -> None:
    person = acme_pool["Ada Lovelace"]
    assert (
        client.post(
            f"/api/v1/people/{person}/notes", json={"body": "Met at PyCon"}, headers=team.alice.auth
        ).status_code
        == 201
    )
    assert (
        client.post(
            f"/api/v1/people/{person}/tags", json={"tag": "PyCon 2026"}, headers=team.alice.auth
        ).status_code
        == 204
    )
    detail = client.get(f"/api/v1/people/{person}", headers=team.alice.auth).json()
    assert "pycon 2026" in detail["tags"]
    assert detail["notes"][0]["body"] == "Met at PyCon"


def test_a_hiring_manager_may_read_but_not_change_or_import(
    client: TestClient, team: Team, acme_pool: dict[str, int]
) -> None:
    person = acme_pool["Ada Lovelace"]
    assert client.get(f"/api/v1/people/{person}", headers=team.hana.auth).status_code == 200
    assert (
        client.post(f"/api/v1/people/{person}/notes", json={"body": "x"}, headers=team.hana.auth).status_code
        == 403
    )
    with CSV.open("rb") as fh:
        upload = client.post(
            "/api/v1/imports", files={"file": ("c.csv", fh, "text/csv")}, headers=team.hana.auth
        )
    assert upload.status_code == 403


def test_referrers_and_agencies_cannot_browse_the_pool(client: TestClient, team: Team) -> None:
    assert client.get("/api/v1/people", headers=team.eve.auth).status_code == 403
    assert client.get("/api/v1/people", headers=team.agnes.auth).status_code == 403


def test_an_agency_upload_is_recorded_as_an_agency_submission(client: TestClient, team: Team) -> None:
    with CSV.open("rb") as fh:
        response = client.post(
            "/api/v1/imports",
            files={"file": ("mine.csv", fh, "text/csv")},
            data={"channel": "social"},
            headers=team.agnes.auth,
        )
    assert response.status_code == 201, response.text
    report = response.json()
    assert report["created"] == 5
    records = client.get("/api/v1/people", params={"channel": "agency"}, headers=team.alice.auth).json()
    assert records["total"] == 5


def test_an_upload_through_the_api_returns_the_reject_report(client: TestClient, team: Team) -> None:
    with CSV.open("rb") as fh:
        response = client.post(
            "/api/v1/imports", files={"file": ("candidates.csv", fh, "text/csv")}, headers=team.alice.auth
        )
    report = response.json()
    assert report["rejected"] == 1
    messages = [i["message"] for i in report["issues"]]
    assert any(m.startswith("candidates.csv, row 3") for m in messages)
    again = client.get(f"/api/v1/imports/{report['import_id']}", headers=team.alice.auth).json()
    assert again["created"] == report["created"]
    assert client.get(f"/api/v1/imports/{report['import_id']}", headers=team.charlie.auth).status_code == 404


def test_the_openapi_document_describes_the_people_endpoints(client: TestClient) -> None:
    doc = client.get("/api/openapi.json").json()
    assert "/api/v1/people" in doc["paths"]
    assert "/api/v1/people/{person_id}" in doc["paths"]
    assert "/api/v1/imports" in doc["paths"]


def test_a_tag_added_by_hand_is_found_by_free_text_search(
    client: TestClient, team: Team, acme_pool: dict[str, int]
) -> None:
    person = acme_pool["Grace Hopper"]
    client.post(f"/api/v1/people/{person}/tags", json={"tag": "pycon-speaker"}, headers=team.alice.auth)
    found = client.get("/api/v1/people", params={"q": "pycon"}, headers=team.alice.auth).json()
    assert [p["display_name"] for p in found["people"]] == ["Grace Hopper"]


def test_the_search_endpoint_explains_the_query_and_reports_errors_with_their_position(
    client: TestClient, team: Team, acme_pool: dict[str, int]
) -> None:
    ok = client.get("/api/v1/search", params={"q": "skill:k8s"}, headers=team.alice.auth).json()
    assert [p["display_name"] for p in ok["people"]] == ["Ada Lovelace"]
    assert any("kubernetes" in line.lower() for line in ok["synonyms"])
    bad = client.get("/api/v1/search", params={"q": 'title:"engineer'}, headers=team.alice.auth)
    assert bad.status_code == 400
    assert "column" in bad.json()["detail"]
    assert client.get("/api/v1/search", params={"q": "ada"}, headers=team.charlie.auth).json()["total"] == 0
