"""A recruiter decides a pair in the review queue and undoes the merge — in a real browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from talentscout.bootstrap import Container
from talentscout.domain.records import SourceChannel
from talentscout.importers.base import ImportOptions
from talentscout.services import ingest
from tests.conftest import PASSWORD, Team

pytestmark = pytest.mark.e2e

HEADER = "Candidate ID,Full Name,Email,Title,Company,City,Country\n"
SOURCES = {
    "LinkedIn export": (
        SourceChannel.SOCIAL,
        "li-1,Jonas Müller,jonas.mueller@posteo.de,Staff Engineer,Zalando SE,Berlin,Germany\n",
    ),
    "Berlin meetup badges": (
        SourceChannel.EVENT,
        "ev-1,Jonas Mueller,jm@zalando.de,Platform Lead,Zalando,Berlin,Germany\n",
    ),
}


def _import(container: Container, team: Team, tmp_path: Path) -> None:
    for n, (name, (channel, rows)) in enumerate(SOURCES.items()):
        path = tmp_path / f"source{n}.csv"
        path.write_text(HEADER + rows, encoding="utf-8")
        ingest.run_import(
            container.db,
            actor=team.alice.actor,
            path=path,
            source_name=name,
            channel=channel,
            options=ImportOptions(id_column="Candidate ID"),
        )


def test_a_pair_is_reviewed_merged_with_provenance_from_both_and_unmerged(
    live_server: str, browser: Any, team: Team, container: Container, tmp_path: Path
) -> None:
    _import(container, team, tmp_path)
    page = browser.new_page()
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", team.alice.user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/people")

    page.goto(f"{live_server}/review")
    pair = page.locator(".review-pair").first
    text = pair.inner_text()
    assert "Jonas Müller" in text
    assert "Jonas Mueller" in text
    assert "spelling variant" in text  # the evidence: Müller ~ Mueller
    assert "same current employer" in text
    assert "LinkedIn export" in text
    assert "Berlin meetup badges" in text
    survivor = pair.locator("thead a").first.get_attribute("href")
    assert survivor is not None
    pair.locator("button.accept").click()
    page.wait_for_url(f"{live_server}/review?done=merged")
    assert "Nothing to review" in page.inner_text("main")

    page.goto(f"{live_server}{survivor}")
    first = survivor.split("/")[-1]
    second = page.locator("#merges li").first.get_attribute("data-absorbed")
    page.goto(f"{live_server}/people/{first}")
    provenance = page.inner_text("#provenance")
    assert "from LinkedIn export" in provenance
    assert "Berlin meetup badges" in provenance
    assert "most trusted channel (social over event)" in provenance
    assert "Berlin meetup badges" in page.inner_text("#sources")
    assert "Merged with" in page.inner_text("#merges")

    page.click("#merges button.unmerge")
    page.wait_for_url(f"{live_server}/people/{first}#merges")
    assert "undone" in page.inner_text("#merges")
    assert "Berlin meetup badges" not in page.inner_text("#provenance")
    page.goto(f"{live_server}/people/{second}")
    assert "Jonas Mueller" in page.inner_text("h1")
    assert "from Berlin meetup badges" in page.inner_text("#provenance")
    assert "LinkedIn export" not in page.inner_text("#provenance")
    page.close()
