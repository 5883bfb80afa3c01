"""A recruiter signs in, uploads a CSV, checks its columns and finds the people in the pool — in a real
browser; a large file waits for the worker on a page that refreshes itself."""

from __future__ import annotations

from typing import Any

import pytest

from talentscout.bootstrap import Container
from talentscout.web import uploads
from talentscout.worker.runner import Worker
from tests.conftest import PASSWORD, Team
from tests.web.conftest import CSV

pytestmark = pytest.mark.e2e


def test_a_recruiter_signs_in_uploads_a_csv_and_sees_the_people_in_the_pool(
    live_server: str, browser: Any, team: Team
) -> None:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{live_server}/people")
    assert "/login" in page.url
    page.fill("input[name=email]", team.alice.user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/people")
    assert "Nobody matches" in page.inner_text("#pool")

    page.click("text=Import people")
    page.set_input_files("input[name=file]", str(CSV))
    page.fill("input[name=source]", "Spreadsheet from the career fair")
    page.click("form.upload button[type=submit]")
    page.wait_for_selector("#mapping")
    assert "Candidate ID" in page.inner_text("#mapping")
    assert page.input_value("select[data-column='Email']") == "emails"
    assert page.input_value("select[name=id_column]") == "Candidate ID"
    page.select_option("select[data-column='Tags']", "ignore")
    page.click("form.mapping button[type=submit]")
    page.wait_for_selector("#report-stats")
    stats = page.inner_text("#report-stats")
    assert "5\naccepted" in stats
    assert "1\nrejected" in stats
    assert "row" in page.inner_text("#issues").lower()

    page.click("text=See the people from this source")
    pool = page.inner_text("#pool")
    assert "Ada Lovelace" in pool
    assert "José Müller" in pool
    assert "<script>" in pool  # the hostile name is shown as text…
    assert dialogs == []  # …and never run

    page.click("text=Ada Lovelace")
    assert "from Spreadsheet from the career fair" in page.inner_text("#provenance")
    page.close()


def _keep_error(errors: list[str], message: Any) -> None:
    """Console errors, except the browser's own request for /favicon.ico (the app serves none)."""
    if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
        errors.append(message.text)


def _sign_in(page: Any, live_server: str, email: str) -> None:
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/people")


def test_a_large_upload_waits_for_the_worker_and_its_page_refreshes_to_the_report(
    live_server: str, browser: Any, team: Team, container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uploads, "INLINE_LIMIT_BYTES", 100)
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: _keep_error(errors, m))
    _sign_in(page, live_server, team.alice.user.email)
    page.goto(f"{live_server}/imports")
    page.set_input_files("input[name=file]", str(CSV))
    page.click("form.upload button[type=submit]")
    page.click("form.mapping button[type=submit]")
    page.wait_for_url(f"{live_server}/imports/queued/*")
    assert page.inner_text("#job-state") == "queued"

    assert Worker(container).run_once() == 1
    page.wait_for_selector("#report-link", timeout=10_000)  # refresh.js reloads the page by itself
    assert page.inner_text("#job-state") == "done"
    page.click("#report-link")
    page.wait_for_selector("#report-stats")
    assert "5\naccepted" in page.inner_text("#report-stats")
    assert errors == []  # no Content-Security-Policy violation, no script error
    page.close()
