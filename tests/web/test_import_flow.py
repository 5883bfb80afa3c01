"""The import page: a CSV/XLSX stops at the column-mapping step, large files go to the worker."""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx2 as httpx
import openpyxl
import pytest
from fastapi.testclient import TestClient

from talentscout.bootstrap import Container
from talentscout.services import import_setup
from talentscout.web import uploads
from talentscout.web.app import create_app
from talentscout.worker.runner import Worker
from tests.conftest import Team
from tests.web.conftest import CSV, csrf_of, sign_in

VCARD = Path(__file__).parents[1] / "fixtures" / "importers" / "contacts_v4.vcf"
COLUMNS = ["Candidate ID", "Full Name", "Email", "Phone", "Title", "Company", "City", "Country", "Skills"]
COLUMNS += ["Tags", "LinkedIn"]


@dataclass
class MappingPage:
    action: str
    #: column -> the field its select box would submit, in the page's column order
    fields: dict[str, str]
    id_column: str


class _SelectReader(HTMLParser):
    """What a browser submits for each select box: the selected option, else the first one."""

    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.chosen: list[tuple[str, str, str]] = []  # (name, data-column, value)
        self._select: dict[str, str | None] | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and (a.get("action") or "").endswith("/run"):
            self.action = a["action"] or ""
        elif tag == "select":
            self._select, self._options = a, []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value") or "", "selected" in a))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None:
            value = next((v for v, sel in self._options if sel), self._options[0][0])
            self.chosen.append((self._select["name"] or "", self._select.get("data-column") or "", value))
            self._select = None


def read_mapping_page(html: str) -> MappingPage:
    reader = _SelectReader()
    reader.feed(html)
    assert reader.action, "not the mapping page"
    fields = {column: value for name, column, value in reader.chosen if name == "field"}
    id_column = next(value for name, _, value in reader.chosen if name == "id_column")
    return MappingPage(reader.action, fields, id_column)


def upload(client: TestClient, path: Path, *, source: str = "", format: str = "") -> httpx.Response:
    token = csrf_of(client.get("/imports").text)
    with path.open("rb") as fh:
        return client.post(
            "/imports",
            data={"csrf_token": token, "source": source, "format": format},
            files={"file": (path.name, fh, "application/octet-stream")},
        )


def submit_mapping(
    client: TestClient,
    html: str,
    changes: dict[str, str] | None = None,
    *,
    csrf: str | None = None,
    action: str | None = None,
) -> httpx.Response:
    """Submit the mapping form as shown, with ``changes`` (column -> field) applied."""
    page = read_mapping_page(html)
    fields = {**page.fields, **(changes or {})}
    data = {"csrf_token": csrf or csrf_of(html), "field": list(fields.values()), "id_column": page.id_column}
    return client.post(action or page.action, data=data)


def _uploads_left(container: Container) -> list[str]:
    folder = container.settings.uploads_dir
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def _person(client: TestClient, team: Team, name: str) -> dict[str, Any]:
    """The person's detail from the API, plus ``current_employer`` from the pool listing."""
    found = client.get("/api/v1/people", params={"q": name}, headers=team.alice.auth).json()["people"]
    assert len(found) == 1, found
    detail = client.get(f"/api/v1/people/{found[0]['id']}", headers=team.alice.auth).json()
    return {**detail, "current_employer": found[0]["current_employer"]}


def test_the_mapping_page_lists_each_column_with_three_samples_and_the_guessed_field(
    client: TestClient, team: Team
) -> None:
    sign_in(client, "alice@acme.example")
    page = upload(client, CSV, source="Career fair")
    assert page.status_code == 200
    form = read_mapping_page(page.text)
    assert list(form.fields) == COLUMNS
    assert form.fields["Full Name"] == "full_name"
    assert form.fields["Email"] == "emails"
    assert form.fields["Title"] == "current_title"
    assert form.fields["Company"] == "current_employer"
    assert form.fields["LinkedIn"] == "urls"
    assert form.fields["Candidate ID"] == "ignore"
    assert form.id_column == "Candidate ID"
    assert "Pre-filled from the column names" in page.text
    assert "Ada Lovelace" in page.text
    assert "Grace Hopper" in page.text
    assert "c-003" in page.text
    assert "c-004" not in page.text  # three samples per column, no more
    assert client.get("/api/v1/people", headers=team.alice.auth).json()["total"] == 0  # nothing imported yet


def test_a_changed_mapping_is_used_for_the_import_and_saved_on_the_source(
    client: TestClient, team: Team, container: Container
) -> None:
    sign_in(client, "alice@acme.example")
    page = upload(client, CSV, source="Career fair")
    response = submit_mapping(client, page.text, {"Skills": "tags", "Tags": "ignore", "Company": "ignore"})
    assert response.status_code == 303
    report = client.get(response.headers["location"]).text
    assert "candidates.csv" in report
    assert re.search(r"<strong>5</strong> created", report)

    ada = _person(client, team, "Lovelace")
    tags = {t.casefold() for t in ada["tags"]}
    assert "python" in tags
    assert "backend" not in tags
    assert ada["current_employer"] is None
    saved = import_setup.saved_mapping(container.db, actor=team.alice.actor, source_name="Career fair")
    assert saved is not None
    assert saved.mapping["Skills"] == "tags"
    assert "Tags" not in saved.mapping
    assert "Company" not in saved.mapping
    assert saved.id_column == "Candidate ID"
    assert _uploads_left(container) == []
    assert submit_mapping(client, page.text).status_code == 404  # the upload was used up


def test_the_next_upload_for_the_same_source_preselects_its_saved_mapping(
    client: TestClient, team: Team
) -> None:
    sign_in(client, "alice@acme.example")
    first = upload(client, CSV, source="Career fair")
    submit_mapping(client, first.text, {"Skills": "tags", "Tags": "ignore", "Email": "ignore"})

    again = upload(client, CSV, source="Career fair")
    form = read_mapping_page(again.text)
    assert form.fields["Skills"] == "tags"
    assert form.fields["Tags"] == "ignore"
    assert form.fields["Email"] == "ignore"
    assert form.fields["Full Name"] == "full_name"
    assert "saved on the source" in again.text
    other = read_mapping_page(upload(client, CSV, source="Another sheet").text)
    assert other.fields["Tags"] == "tags"
    assert other.fields["Email"] == "emails"


def test_another_user_cannot_run_someone_elses_upload(
    client: TestClient, team: Team, container: Container
) -> None:
    sign_in(client, "alice@acme.example")
    page = upload(client, CSV, source="Alice's sheet")
    for email in ("bob@acme.example", "charlie@globex.example"):
        with TestClient(create_app(container), follow_redirects=False) as other:
            sign_in(other, email)
            their_csrf = csrf_of(other.get("/people").text)
            assert submit_mapping(other, page.text, csrf=their_csrf).status_code == 404
    made_up = "/imports/" + "x" * 32 + "/run"
    assert submit_mapping(client, page.text, action=made_up).status_code == 404
    assert client.get("/api/v1/people", headers=team.alice.auth).json()["total"] == 0
    assert submit_mapping(client, page.text).status_code == 303  # still Alice's to run


def test_a_file_over_the_inline_limit_is_queued_and_the_status_page_links_to_the_report(
    client: TestClient, team: Team, container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uploads, "INLINE_LIMIT_BYTES", 100)
    sign_in(client, "alice@acme.example")
    page = upload(client, CSV, source="Big sheet")
    response = submit_mapping(client, page.text, {"Tags": "ignore"})
    assert response.status_code == 303
    status_url = response.headers["location"]
    assert re.fullmatch(r"/imports/queued/\d+", status_url)
    waiting = client.get(status_url).text
    assert 'id="job-state">queued<' in waiting
    assert 'data-refresh-seconds="2"' in waiting
    assert '<script src="/static/refresh.js"' in waiting
    assert "report-link" not in waiting
    assert client.get("/api/v1/people", headers=team.alice.auth).json()["total"] == 0

    assert Worker(container).run_once() == 1
    done = client.get(status_url).text
    assert 'id="job-state">done<' in done
    assert "data-refresh-seconds" not in done
    link = re.search(r'href="(/imports/\d+)" id="report-link"', done)
    assert link
    report = client.get(link.group(1)).text
    assert "candidates.csv" in report
    assert re.search(r"<strong>1</strong> rejected", report)
    saved = import_setup.saved_mapping(container.db, actor=team.alice.actor, source_name="Big sheet")
    assert saved is not None
    assert "Tags" not in saved.mapping
    assert _uploads_left(container) == []


def test_another_workspace_cannot_see_a_queued_import(
    client: TestClient, team: Team, container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uploads, "INLINE_LIMIT_BYTES", 100)
    sign_in(client, "alice@acme.example")
    status_url = submit_mapping(client, upload(client, CSV).text).headers["location"]
    sign_in(client, "charlie@globex.example")
    assert client.get(status_url).status_code == 404


def test_an_xlsx_upload_gets_the_mapping_step_with_its_cells_as_samples(
    client: TestClient, team: Team, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Name", "E-mail", "Mobile", "Ignored notes column?"])
    sheet.append(["Ada Lovelace", "ada@example.org", 4915112345678, None])
    path = tmp_path / "people.xlsx"
    book.save(path)
    sign_in(client, "alice@acme.example")
    page = upload(client, path)
    form = read_mapping_page(page.text)
    assert form.fields == {
        "Name": "full_name",
        "E-mail": "emails",
        "Mobile": "phones",
        "Ignored notes column?": "ignore",
    }
    assert "4915112345678" in page.text  # a number cell shown as the user sees it
    assert "no values in the first rows" in page.text
    response = submit_mapping(client, page.text)
    assert response.status_code == 303
    assert _person(client, team, "Lovelace")["display_name"] == "Ada Lovelace"


def test_a_vcard_upload_skips_the_mapping_step(client: TestClient, team: Team, container: Container) -> None:
    sign_in(client, "alice@acme.example")
    response = upload(client, VCARD, source="Business cards")
    assert response.status_code == 303
    assert re.fullmatch(r"/imports/\d+", response.headers["location"])
    report = client.get(response.headers["location"]).text
    assert "contacts_v4.vcf" in report
    assert "vcard" in report
    assert _uploads_left(container) == []


def test_a_mapping_that_imports_no_column_is_refused_and_the_form_is_shown_again(
    client: TestClient, team: Team
) -> None:
    sign_in(client, "alice@acme.example")
    page = upload(client, CSV)
    refused = submit_mapping(client, page.text, dict.fromkeys(COLUMNS, "ignore"))
    assert refused.status_code == 400
    assert "choose a field for at least one column" in refused.text
    assert set(read_mapping_page(refused.text).fields.values()) == {"ignore"}
    assert submit_mapping(client, page.text).status_code == 303  # the upload is still there to fix


def test_uploads_nobody_finished_are_removed_after_a_day_at_the_next_upload(
    client: TestClient, team: Team, container: Container
) -> None:
    root = container.settings.uploads_dir
    stale, fresh, queued = (root / (letter * 32) for letter in "abc")
    for folder in (stale, fresh, queued):
        folder.mkdir(parents=True)
        (folder / "people.csv").write_text("Name\nAda\n", encoding="utf-8")
    (queued / "queued@ticket.json").write_text("{}", encoding="utf-8")
    two_days_ago = time.time() - 2 * 24 * 3600
    for folder in (stale, queued):
        os.utime(folder, (two_days_ago, two_days_ago))

    sign_in(client, "alice@acme.example")
    assert upload(client, CSV).status_code == 200
    assert not stale.exists()
    assert fresh.exists()
    assert queued.exists()  # the worker still needs it
    assert uploads.remove_abandoned(root, now=time.time() + 8 * 24 * 3600) != []
    assert _uploads_left(container) == []


def test_a_hiring_manager_cannot_upload_and_nothing_is_kept(
    client: TestClient, team: Team, container: Container
) -> None:
    sign_in(client, "hana@acme.example")
    token = csrf_of(client.get("/people").text)
    with CSV.open("rb") as fh:
        response = client.post(
            "/imports", data={"csrf_token": token}, files={"file": ("c.csv", fh, "text/csv")}
        )
    assert response.status_code == 403
    assert _uploads_left(container) == []


def test_the_api_imports_with_the_mapping_it_is_given_and_saves_it(
    client: TestClient, team: Team, container: Container
) -> None:
    mapping = {"Full Name": "full_name", "Email": "emails", "Skills": "tags", "Tags": "ignore"}
    with CSV.open("rb") as fh:
        response = client.post(
            "/api/v1/imports",
            files={"file": ("candidates.csv", fh, "text/csv")},
            data={"source": "API sheet", "mapping": json.dumps(mapping), "id_column": "Candidate ID"},
            headers=team.alice.auth,
        )
    assert response.status_code == 201, response.text
    assert response.json()["created"] == 5
    saved = import_setup.saved_mapping(container.db, actor=team.alice.actor, source_name="API sheet")
    assert saved is not None
    assert saved.mapping == {"Full Name": "full_name", "Email": "emails", "Skills": "tags"}
    assert saved.id_column == "Candidate ID"
    assert _person(client, team, "Lovelace")["current_employer"] is None


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ("{not json", "not valid JSON"),
        ('["Email"]', "JSON object"),
        ('{"Email": "shoe_size"}', "unknown field"),
        ('{"E-mail": "emails"}', "no column named 'E-mail'"),
        ('{"FN": "full_name"}', "CSV/XLSX files only"),
    ],
)
def test_the_api_refuses_a_bad_mapping_before_importing_anything(
    client: TestClient, team: Team, container: Container, mapping: str, message: str
) -> None:
    path = VCARD if "FN" in mapping else CSV
    with path.open("rb") as fh:
        response = client.post(
            "/api/v1/imports",
            files={"file": (path.name, fh, "application/octet-stream")},
            data={"mapping": mapping},
            headers=team.alice.auth,
        )
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert _uploads_left(container) == []


def test_the_api_queues_a_large_file_with_202_and_reports_the_job(
    client: TestClient, team: Team, container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uploads, "INLINE_LIMIT_BYTES", 100)
    with CSV.open("rb") as fh:
        response = client.post(
            "/api/v1/imports", files={"file": ("candidates.csv", fh, "text/csv")}, headers=team.alice.auth
        )
    assert response.status_code == 202
    queued = response.json()
    assert queued["status"] == "queued"
    assert client.get(queued["status_url"], headers=team.alice.auth).json()["import_id"] is None
    assert client.get(queued["status_url"], headers=team.charlie.auth).status_code == 404

    assert Worker(container).run_once() == 1
    job = client.get(queued["status_url"], headers=team.alice.auth).json()
    assert job["status"] == "done"
    report = client.get(f"/api/v1/imports/{job['import_id']}", headers=team.alice.auth).json()
    assert report["created"] == 5
    assert report["rejected"] == 1
    assert _uploads_left(container) == []
