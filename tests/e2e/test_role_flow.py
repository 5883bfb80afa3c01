"""A recruiter creates a role, searches, adds people to it, reads the ranked shortlist with its "why" and
moves someone to "contacted" on the kanban board by drag and drop — in a real browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from talentscout.bootstrap import Container
from tests.conftest import PASSWORD, Team
from tests.find_factory import import_pool

pytestmark = pytest.mark.e2e


def test_create_a_role_search_add_people_read_the_why_and_move_one_to_contacted(
    live_server: str, browser: Any, container: Container, team: Team, tmp_path: Path
) -> None:
    pool = import_pool(container, team.alice.actor, tmp_path)
    ada, linus = pool["Ada Lovelace"], pool["Linus Berg"]
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", team.alice.user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/people")

    page.goto(f"{live_server}/roles")
    page.click("#new-role")
    page.fill("input[name=title]", "Backend Engineer")
    page.fill("input[name=must_skills]", "python, k8s")
    page.fill("textarea[name=locations]", "Berlin within 100km")
    page.click("#role-form button[type=submit]")
    page.wait_for_selector("#role-skills")
    assert "Kubernetes" in page.inner_text("#role-skills")
    assert "Linus Berg" in page.inner_text("#rediscovery"), "a past applicant who fits comes first"
    role_url = page.url

    page.click("nav >> text=Search")
    page.fill("input[name=q]", "k8s")
    page.click("#search-form button[type=submit]")
    page.wait_for_selector("#results")
    assert "kubernetes" in page.inner_text("#synonyms")
    page.check(f"#results input[value='{ada}']")
    page.check(f"#results input[value='{linus}']")
    page.select_option("#add-target", label="Role: Backend Engineer")
    page.click("#add-selected")
    page.wait_for_url(role_url)

    first = page.locator(f"#shortlist li[data-person-id='{ada}']")
    assert "Sourced" in first.inner_text(), "people added from search are in the pipeline"
    why = first.locator(".why-box").inner_text()
    assert "must-have: Python" in why
    assert "must-have: Kubernetes" in why
    assert page.locator("#shortlist li").first.get_attribute("data-person-id") == str(ada)

    page.click("#open-kanban")
    page.wait_for_selector("#board")
    assert page.locator(f"#stage-sourced #person-{ada}").count() == 1
    page.drag_and_drop(f"#person-{ada}", "#stage-contacted")
    page.wait_for_selector(f"#stage-contacted #person-{ada}[data-stage='contacted']")
    assert page.locator(f"#stage-sourced #person-{linus}").count() == 1

    page.goto(f"{live_server}/people/{ada}")
    assert "moved from Sourced to Contacted for role 'Backend Engineer'" in page.inner_text("body")
    assert problems == []
    page.close()
