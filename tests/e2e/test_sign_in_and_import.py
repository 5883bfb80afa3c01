"""A recruiter signs in, uploads a CSV and finds the people on the pool page — in a real browser."""

from __future__ import annotations

from typing import Any

import pytest

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
