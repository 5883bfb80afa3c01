"""A reply arrives in a real IMAP mailbox, the poll takes it, and the recruiter reads it in the reply
inbox, opens the conversation and corrects its class — in a real browser. Then drafts a follow-up from
the research page, which cites the facts it used."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from talentscout.bootstrap import Container
from talentscout.db.tables_engage import messages
from talentscout.services import imap_poll
from talentscout.services import sequences_enrol as enrol
from talentscout.services.outbox_send import Transports
from talentscout.transports.imap import ImapMailbox
from talentscout.transports.smtp import LogTransport
from talentscout.worker.sending import Sender
from tests import imap_server as dovecot
from tests.conftest import PASSWORD, Team
from tests.engage_factory import MovableClock, make_person, make_sender, three_step_sequence
from tests.imap_server import ImapServer

pytestmark = pytest.mark.e2e
imap_server = dovecot.imap_server


def test_a_reply_by_imap_is_read_and_re_classed_in_the_inbox(
    live_server: str, browser: Any, container: Container, team: Team, imap_server: ImapServer
) -> None:
    container.db.clock = MovableClock()
    ws = team.alice.actor.workspace_id
    ada = make_person(container, ws, "Ada Lovelace", contacts=[("email", "ada@gmail.com", "personal")])
    seq = three_step_sequence(container, team.alice.actor, make_sender(container, ws, team.alice.user.id))
    enrol.enrol(container.db, actor=team.alice.actor, sequence_id=seq, person_ids=[ada])
    Sender(container, "e2e", transports=Transports(email=LogTransport())).run_once()
    with container.db.read() as conn:
        sent_id = conn.execute(select(messages.c.message_id).where(messages.c.person_id == ada)).scalar_one()
    imap_server.deliver(
        b"From: Ada Lovelace <ada@gmail.com>\r\nTo: alice@acme.example\r\nSubject: Re: A role for you\r\n"
        + f"In-Reply-To: {sent_id}\r\nMessage-ID: <r1@gmail.com>\r\n\r\n".encode()
        + b"Thanks - who is the hiring manager?\r\n"
    )
    with ImapMailbox(imap_server.config) as box:
        assert imap_poll.poll(container.db, workspace_id=ws, mailbox=box).outcomes == {"reply": 1}

    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", team.alice.user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/people")

    page.click("nav >> text=Inbox")
    row = page.locator("#inbox tbody tr").first
    assert "Ada Lovelace" in row.inner_text()
    assert "unclear" in row.inner_text()
    row.locator("a", has_text="Re: A role for you").click()
    assert "who is the hiring manager?" in page.inner_text("#thread")
    assert "sent by email" in page.inner_text("#thread"), "the conversation shows what we sent too"
    page.select_option("select[name=label]", "interested")
    page.click("text=Save class")
    page.wait_for_selector("#class")
    assert page.inner_text("#class") == "interested"
    assert "corrected by Alice" in page.content()

    page.goto(f"{live_server}/people/{ada}")
    page.click("#research-link")
    page.select_option("select[name=channel]", "linkedin_message")
    page.click("#draft button[type=submit]")
    page.wait_for_selector("#draft-body")
    assert "Hi Ada" in page.inner_text("#draft-body")
    assert problems == []
