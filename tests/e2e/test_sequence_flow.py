"""A recruiter builds a three-step sequence, enrols two people, the worker sends, the message shows on the
person's timeline, a reply is recorded and the remaining steps are cancelled — in a real browser."""

from __future__ import annotations

from typing import Any

import pytest

from talentscout.bootstrap import Container
from talentscout.services.outbox_send import Transports
from talentscout.transports.smtp import SmtpTransport
from talentscout.worker.runner import Worker
from talentscout.worker.sending import Sender
from tests.conftest import PASSWORD, Team
from tests.engage_factory import MovableClock, make_person, make_sender
from tests.send_servers import smtp_sink

pytestmark = pytest.mark.e2e


def test_build_a_sequence_enrol_two_send_see_it_record_a_reply_and_the_rest_is_cancelled(
    live_server: str, browser: Any, container: Container, team: Team
) -> None:
    container.db.clock = MovableClock()
    ws = team.alice.actor.workspace_id
    make_sender(container, ws, team.alice.user.id)
    ada = make_person(container, ws, "Ada Lovelace", contacts=[("email", "ada@gmail.com", "personal")])
    grace = make_person(container, ws, "Grace Hopper", contacts=[("email", "grace@gmail.com", "personal")])
    page = browser.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", team.alice.user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/people")

    page.goto(f"{live_server}/sequences")
    page.fill("#new-sequence input[name=name]", "Staff engineers")
    page.click("#new-sequence button[type=submit]")
    page.wait_for_selector("#add-step")
    steps = [
        (
            "email",
            "0",
            "Staff role at Acme, {{ person.first_name }}?",
            "Hi {{ person.first_name }}, a quick note.",
        ),
        ("linkedin_message", "2", "", "Hi {{ person.first_name }}, sent you an email."),
        ("email", "3", "", "Last one from me, {{ person.first_name }}."),
    ]
    for channel, delay, subject, body in steps:
        page.select_option("#add-step select[name=channel]", channel)
        page.fill("#add-step input[name=delay_days]", delay)
        page.fill("#add-step input[name=subject_template]", subject)
        page.fill("#add-step textarea[name=body_template]", body)
        page.click("#add-step button[type=submit]")
        page.wait_for_selector("#add-step")
    assert page.locator("ol.steps > li").count() == 3
    sequence_url = page.url.split("#")[0]

    page.fill("#enrol-form input[name=person_ids]", f"{ada}, {grace}")
    page.click("#enrol-form button[type=submit]")
    assert "Enrolled 2." in page.inner_text("#enrol-report")
    assert "Hi Ada, a quick note." in page.inner_text("#steps"), "the preview renders for an enrolled person"

    with smtp_sink() as (sink, port):
        sender = Sender(container, "e2e", Transports(email=SmtpTransport("127.0.0.1", port, timeout=5)))
        assert Worker(container, {}, sender=sender).run_once() == 2
    assert sorted(m["To"] for m in sink.received) == ["ada@gmail.com", "grace@gmail.com"]

    page.goto(f"{live_server}/people/{ada}")
    thread = page.inner_text("#thread")
    assert "Staff role at Acme, Ada?" in thread
    assert "sent by email" in thread
    assert "pending" in page.inner_text("#outreach-steps")

    page.select_option("#record-reply select[name=channel]", "linkedin")
    page.fill("#record-reply input[name=text]", "Happy to talk next week")
    page.click("#record-reply button[type=submit]")
    page.wait_for_selector("#thread")
    assert "Happy to talk next week" in page.inner_text("#thread")
    steps_text = page.inner_text("#outreach-steps")
    assert "cancelled" in steps_text
    assert "pending" not in steps_text

    page.goto(sequence_url)
    rows = page.inner_text("#enrollments")
    assert "replied" in rows
    assert "active" in rows
    assert problems == []
