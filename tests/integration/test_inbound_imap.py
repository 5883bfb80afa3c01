"""Replies, auto-replies and bounces arriving in a real IMAP mailbox (dovecot on loopback), on both
databases: the poller takes each once, and the exit rules apply before the next worker tick."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from talentscout.bootstrap import Container
from talentscout.cli import app
from talentscout.db.tables import activities, contact_points, jobs
from talentscout.db.tables_engage import enrollments, messages, outbox
from talentscout.db.tables_inbound import inbound_receipts
from talentscout.services import imap_poll, imap_poll_jobs, suppression
from talentscout.services import sequences_enrol as enrol
from talentscout.services.outbox_send import Transports
from talentscout.transports.imap import ImapMailbox
from talentscout.transports.smtp import LogTransport
from talentscout.worker.runner import Worker
from talentscout.worker.sending import Sender
from tests import imap_server as dovecot
from tests.conftest import Team
from tests.engage_factory import MovableClock, make_person, make_sender, three_step_sequence
from tests.imap_server import PASSWORD, USER, ImapServer

imap_server = dovecot.imap_server  # the fixture: a real dovecot on loopback

ADA = "ada@gmail.com"


@pytest.fixture
def clock(container: Container) -> MovableClock:
    clock = MovableClock()
    container.db.clock = clock
    return clock


@pytest.fixture
def first_sent(container: Container, team: Team, clock: MovableClock) -> dict[str, object]:
    """Ada enrolled in three steps; the first email has gone out. Its message row, as a dict."""
    ws = team.alice.actor.workspace_id
    person = make_person(container, ws, "Ada Lovelace", contacts=[("email", ADA, "personal")])
    seq = three_step_sequence(container, team.alice.actor, make_sender(container, ws, team.alice.user.id))
    enrol.enrol(container.db, actor=team.alice.actor, sequence_id=seq, person_ids=[person])
    assert _tick(container) == 1
    with container.db.read() as conn:
        row = conn.execute(
            select(messages).where(messages.c.person_id == person, messages.c.direction == "out")
        )
        sent = dict(row.one()._mapping)
    assert sent["status"] == "sent"
    assert sent["message_id"]
    return sent


def _tick(c: Container) -> int:
    return Sender(c, "test", transports=Transports(email=LogTransport())).run_once()


def _mail(
    *,
    subject: str,
    body: str,
    sender: str = f"Ada Lovelace <{ADA}>",
    to: str = "alice@acme.example",
    in_reply_to: str | None = None,
    **headers: str,
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(datetime(2026, 11, 25, 12, 0, tzinfo=UTC))
    msg["Message-ID"] = make_msgid(domain="mail.gmail.com")
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg.as_bytes()


def _poll(c: Container, server: ImapServer, ws: int) -> imap_poll.PollReport:
    with ImapMailbox(server.config) as box:
        return imap_poll.poll(c.db, workspace_id=ws, mailbox=box)


def _steps(c: Container, person: object) -> list[str]:
    with c.db.read() as conn:
        rows = conn.execute(select(outbox.c.status).where(outbox.c.person_id == person).order_by(outbox.c.id))
        return [r.status for r in rows]


def test_a_reply_by_imap_stops_the_remaining_steps_before_the_next_tick(
    container: Container,
    team: Team,
    clock: MovableClock,
    first_sent: dict[str, object],
    imap_server: ImapServer,
) -> None:
    ws, person = team.alice.actor.workspace_id, first_sent["person_id"]
    assert _steps(container, person) == ["sent", "pending"]
    imap_server.deliver(
        _mail(
            subject=f"Re: {first_sent['subject']}",
            body="Sounds interesting, happy to chat next week.\n\nOn Tue Alice wrote:\n> Hi Ada",
            in_reply_to=str(first_sent["message_id"]),
        )
    )
    report = _poll(container, imap_server, ws)
    assert report.outcomes == {"reply": 1}
    assert _steps(container, person) == ["sent", "cancelled"]
    clock.advance(days=14)
    assert _tick(container) == 0
    with container.db.read() as conn:
        reply = conn.execute(select(messages).where(messages.c.direction == "in")).one()
        status = conn.execute(select(enrollments.c.status).where(enrollments.c.person_id == person)).scalar()
    assert (reply.status, reply.classification, reply.person_id) == ("reply", "interested", person)
    assert status == "replied"


def test_polling_twice_takes_each_message_once_and_survives_a_malformed_one(
    container: Container, team: Team, first_sent: dict[str, object], imap_server: ImapServer
) -> None:
    ws = team.alice.actor.workspace_id
    imap_server.deliver(b"Subject: no sender at all\r\n\r\n\xff\xfe garbage")
    imap_server.deliver(
        _mail(subject="Re: hi", body="Not interested, thanks.", in_reply_to=str(first_sent["message_id"]))
    )
    first = _poll(container, imap_server, ws)
    second = _poll(container, imap_server, ws)
    assert first.outcomes == {"problem": 1, "reply": 1}
    assert "no sender address" in first.problems[0]
    assert second.seen == 0
    imap_server.deliver(_mail(subject="Re: hi", body="Actually, tell me more."))
    third = _poll(container, imap_server, ws)
    assert third.seen == 1
    with container.db.read() as conn:
        receipts = conn.execute(select(func.count()).select_from(inbound_receipts)).scalar()
        replies = conn.execute(
            select(messages.c.classification).where(messages.c.direction == "in").order_by(messages.c.id)
        ).all()
    assert receipts == 3
    assert [r.classification for r in replies] == ["not_interested", "interested"]


def test_an_out_of_office_with_a_return_date_postpones_and_does_not_stop(
    container: Container, team: Team, first_sent: dict[str, object], imap_server: ImapServer
) -> None:
    ws, person = team.alice.actor.workspace_id, first_sent["person_id"]
    imap_server.deliver(
        _mail(
            subject="Automatic reply: A role for you",
            body="I am out of the office until 14 December 2026 with limited access to email.",
            in_reply_to=str(first_sent["message_id"]),
            Auto_Submitted="auto-replied",
        )
    )
    assert _poll(container, imap_server, ws).outcomes == {"auto_reply": 1}
    with container.db.read() as conn:
        pending = conn.execute(
            select(outbox).where(outbox.c.person_id == person, outbox.c.status == "pending")
        ).one()
        status = conn.execute(select(enrollments.c.status).where(enrollments.c.person_id == person)).scalar()
    assert pending.due_at.replace(tzinfo=UTC) == datetime(2026, 12, 15, tzinfo=UTC)
    assert status == "active"


@pytest.mark.parametrize("matched_by", ["reply token", "reply token in capitals", "sender address"])
def test_a_reply_whose_headers_a_provider_rewrote_is_matched_by_token_or_sender(
    container: Container, team: Team, first_sent: dict[str, object], imap_server: ImapServer, matched_by: str
) -> None:
    ws, person = team.alice.actor.workspace_id, first_sent["person_id"]
    token = first_sent["thread_token"]
    assert token, "the send path tags every email's Reply-To"
    by_token = matched_by.startswith("reply token")
    if matched_by == "reply token in capitals":  # some providers change the case of addresses
        token = str(token).upper()
    to = f"Alice <reply+{token}@acme.example>" if by_token else "alice@acme.example"
    sender = "Ada via Gmail <someone-else@example.net>" if by_token else f"ADA <{ADA.upper()}>"
    # No In-Reply-To, no References (stripped on the way), a new subject.
    imap_server.deliver(_mail(subject="your note", body="Yes, let's talk!", sender=sender, to=to))
    assert _poll(container, imap_server, ws).outcomes == {"reply": 1}
    assert _steps(container, person) == ["sent", "cancelled"]


def _dsn(original_id: str, recipient: str, *, status: str, action: str) -> bytes:
    """A delivery status notification as Postfix writes one (RFC 3464)."""
    return f"""From: Mail Delivery System <MAILER-DAEMON@mx.acme.example>
To: alice@acme.example
Subject: Undelivered Mail Returned to Sender
Message-ID: {make_msgid(domain="mx.acme.example")}
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="BOUNDARY"

--BOUNDARY
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.acme.example. Your message could not be delivered.

--BOUNDARY
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.acme.example
Arrival-Date: Wed, 25 Nov 2026 10:00:01 +0000

Final-Recipient: rfc822; {recipient}
Original-Recipient: rfc822;{recipient}
Action: {action}
Status: {status}
Diagnostic-Code: smtp; 550 {status} <{recipient}>: Recipient address rejected

--BOUNDARY
Content-Type: text/rfc822-headers

From: Alice Recruiter <alice@acme.example>
To: {recipient}
Subject: A role for you
Message-ID: {original_id}

--BOUNDARY--
""".replace("\n", "\r\n").encode()


def test_a_hard_bounce_report_flags_the_address_and_stops(
    container: Container, team: Team, first_sent: dict[str, object], imap_server: ImapServer
) -> None:
    ws, person = team.alice.actor.workspace_id, first_sent["person_id"]
    imap_server.deliver(_dsn(str(first_sent["message_id"]), ADA, status="5.1.1", action="failed"))
    assert _poll(container, imap_server, ws).outcomes == {"bounce": 1}
    with container.db.read() as conn:
        point = conn.execute(select(contact_points).where(contact_points.c.value == ADA)).one()
        status = conn.execute(select(enrollments.c.status).where(enrollments.c.person_id == person)).scalar()
    assert point.valid is False
    assert "bounce" in (point.problem or "")
    assert status == "bounced"
    assert _steps(container, person) == ["sent", "cancelled"]


def test_a_soft_bounce_is_noted_only(
    container: Container, team: Team, first_sent: dict[str, object], imap_server: ImapServer
) -> None:
    ws, person = team.alice.actor.workspace_id, first_sent["person_id"]
    imap_server.deliver(_dsn(str(first_sent["message_id"]), ADA, status="4.2.2", action="delayed"))
    assert _poll(container, imap_server, ws).outcomes == {"soft_bounce": 1}
    assert _steps(container, person) == ["sent", "pending"]
    with container.db.read() as conn:
        kinds = [
            r.kind for r in conn.execute(select(activities.c.kind).where(activities.c.person_id == person))
        ]
    assert "soft_bounce" in kinds


def _configure(c: Container, server: ImapServer) -> None:
    c.settings.imap_host, c.settings.imap_port = server.host, server.port
    c.settings.imap_username, c.settings.imap_password = USER, PASSWORD
    c.settings.imap_security = "none"


def test_the_worker_job_polls_the_mailbox_and_queues_the_next_poll(
    container: Container,
    team: Team,
    clock: MovableClock,
    first_sent: dict[str, object],
    imap_server: ImapServer,
) -> None:
    _configure(container, imap_server)
    imap_server.deliver(
        _mail(subject="Re: hi", body="Yes, let's talk.", in_reply_to=str(first_sent["message_id"]))
    )
    assert imap_poll_jobs.schedule(container.db, workspace=team.alice.actor.workspace_id)
    assert not imap_poll_jobs.schedule(container.db, workspace=team.alice.actor.workspace_id)  # one at a time
    assert Worker(container).run_once() == 1
    assert _steps(container, first_sent["person_id"]) == ["sent", "cancelled"]
    with container.db.read() as conn:
        queued = conn.execute(
            select(jobs.c.run_at).where(jobs.c.kind == "imap_poll", jobs.c.status == "queued")
        ).one()
    assert queued.run_at.replace(tzinfo=UTC) == clock.now() + timedelta(
        seconds=container.settings.imap_poll_seconds
    )


def test_the_poll_command_reports_what_it_took(
    container: Container,
    team: Team,
    first_sent: dict[str, object],
    imap_server: ImapServer,
    database_url: str,
) -> None:
    imap_server.deliver(
        _mail(subject="Re: hi", body="Remove me from your list.", in_reply_to=str(first_sent["message_id"]))
    )
    env = {
        "TALENTSCOUT_IMAP_HOST": imap_server.host,
        "TALENTSCOUT_IMAP_PORT": str(imap_server.port),
        "TALENTSCOUT_IMAP_USERNAME": USER,
        "TALENTSCOUT_IMAP_PASSWORD": PASSWORD,
        "TALENTSCOUT_IMAP_SECURITY": "none",
        "TALENTSCOUT_DATABASE_URL": database_url,
    }
    result = CliRunner().invoke(app, ["inbox", "poll", "--workspace", "acme-talent"], env=env)
    assert result.exit_code == 0, result.output
    assert "1 unsubscribe" in result.output
    again = CliRunner().invoke(app, ["inbox", "poll", "--workspace", "acme-talent"], env=env)
    assert "nothing new" in again.output
    missing = CliRunner().invoke(
        app, ["inbox", "poll", "-w", "acme-talent"], env={**env, "TALENTSCOUT_IMAP_HOST": ""}
    )
    assert missing.exit_code == 2
    assert "TALENTSCOUT_IMAP_HOST" in missing.output


def test_a_renumbered_mailbox_does_not_take_a_message_twice(
    container: Container, team: Team, first_sent: dict[str, object], imap_server: ImapServer
) -> None:
    ws = team.alice.actor.workspace_id
    imap_server.deliver(
        _mail(subject="Re: hi", body="Interested!", in_reply_to=str(first_sent["message_id"]))
    )
    with ImapMailbox(imap_server.config) as box:
        assert imap_poll.poll(container.db, workspace_id=ws, mailbox=box).outcomes == {"reply": 1}
        renumbered = _Renumbered(box)
        assert imap_poll.poll(container.db, workspace_id=ws, mailbox=renumbered).outcomes == {"duplicate": 1}
    with container.db.read() as conn:
        replies = conn.execute(
            select(func.count()).select_from(messages).where(messages.c.direction == "in")
        ).scalar()
    assert replies == 1


class _Renumbered:
    """The same mailbox after the server changed its UIDVALIDITY (a restore, a migration)."""

    def __init__(self, box: ImapMailbox) -> None:
        self.box, self.name = box, box.name

    def uidvalidity(self) -> int:
        return self.box.uidvalidity() + 1

    def uids_after(self, last_uid: int) -> list[int]:
        return self.box.uids_after(last_uid)

    def fetch(self, uid: int) -> bytes:
        return self.box.fetch(uid)


def test_a_spam_complaint_report_suppresses_and_stops(
    container: Container, team: Team, first_sent: dict[str, object], imap_server: ImapServer
) -> None:
    ws, person = team.alice.actor.workspace_id, first_sent["person_id"]
    arf = f"""From: staff@mail.gmail.com
To: abuse@acme.example
Subject: Abuse report
Message-ID: <arf-1@mail.gmail.com>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="b"

--b
Content-Type: text/plain

This is an email abuse report.
--b
Content-Type: message/feedback-report

Feedback-Type: abuse
Version: 1

--b
Content-Type: text/rfc822-headers

From: alice@acme.example
To: Ada <{ADA}>
Message-ID: {first_sent["message_id"]}

--b--
"""
    imap_server.deliver(arf.replace("\n", "\r\n").encode())
    assert _poll(container, imap_server, ws).outcomes == {"complaint": 1}
    assert _steps(container, person) == ["sent", "cancelled"]
    with container.db.read() as conn:
        assert suppression.is_suppressed(conn, workspace_id=ws, kind="email", value=ADA)
