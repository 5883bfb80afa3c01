"""Renewal requests on both databases: people whose retention runs out soon are asked, once, whether we
may keep their profile; the suppressed and those cooling off are not; the message links to their page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from talentscout.bootstrap import Container
from talentscout.db.tables_engage import enrollments, sequences
from talentscout.db.tables_respect import person_privacy
from talentscout.services import sequences as seqs
from talentscout.services import sequences_renewal, suppression
from talentscout.services.outbox_send import Transports
from talentscout.services.privacy_links import PAGE_PREFIX, read_token
from talentscout.services.privacy_notice import ensure_privacy_row
from talentscout.transports.smtp import SmtpTransport
from talentscout.worker.runner import Worker
from talentscout.worker.sending import Sender
from tests.conftest import Team
from tests.engage_factory import MovableClock, make_person, make_sender
from tests.send_servers import SmtpSink, smtp_sink


@pytest.fixture
def clock(container: Container) -> MovableClock:
    clock = MovableClock()
    container.db.clock = clock
    container.settings.public_url = "https://talent.acme.example"
    return clock


@pytest.fixture
def sink() -> Iterator[tuple[SmtpSink, int]]:
    with smtp_sink() as served:
        yield served


def _warn(c: Container, ws: int, person: int, when: object) -> None:
    with c.db.begin() as conn:
        ensure_privacy_row(conn, ws, person)
        conn.execute(
            update(person_privacy)
            .where(person_privacy.c.person_id == person)
            .values(retention_warned_at=when)
        )


def test_renewal_candidates_are_enrolled_once_and_the_message_links_to_their_page(
    container: Container, team: Team, clock: MovableClock, sink: tuple[SmtpSink, int]
) -> None:
    ws, actor = team.alice.actor.workspace_id, team.alice.actor
    sender = make_sender(container, ws, team.alice.user.id)
    ada, bea, cy, dot = (
        make_person(
            container, ws, name, contacts=[("email", f"{name.split()[0].lower()}@gmail.com", "personal")]
        )
        for name in ("Ada Lovelace", "Bea Suppressed", "Cy Cooling", "Dot Notwarned")
    )
    for person in (ada, bea, cy):
        _warn(container, ws, person, clock.now() - timedelta(days=2))
    with container.db.begin() as conn:
        suppression.suppress(
            conn, workspace_id=ws, kind="email", value="bea@gmail.com", reason="unsubscribe", now=clock.now()
        )
    earlier = seqs.create_sequence(container.db, actor=actor, name="Earlier", sender_id=sender)
    with container.db.begin() as conn:  # Cy did not answer a sequence ten days ago: cooling off
        conn.execute(
            enrollments.insert().values(
                workspace_id=ws,
                sequence_id=earlier,
                person_id=cy,
                status="no_response",
                created_at=clock.now() - timedelta(days=30),
                finished_at=clock.now() - timedelta(days=10),
            )
        )
    renewal = seqs.create_sequence(
        container.db, actor=actor, name="May we keep your profile?", sender_id=sender
    )
    seqs.add_step(
        container.db,
        actor=actor,
        sequence_id=renewal,
        step=seqs.StepInput(
            "email",
            0,
            "May we keep your profile, {{ person.first_name }}?",
            "Hi {{ person.first_name }},\n\nYes or no, in one click: {{ privacy_link }}",
        ),
    )

    report = sequences_renewal.enrol_renewals(container.db, actor=actor, sequence_id=renewal)
    assert report.enrolled == [ada]
    skipped = dict(report.skipped)
    assert skipped[bea] == "on the suppression list"
    assert skipped[cy].startswith("no reply to an earlier sequence; cooling off")
    assert dot not in skipped
    with container.db.read() as conn:
        asked = conn.execute(
            select(person_privacy.c.renewal_requested_at).where(person_privacy.c.person_id == ada)
        ).scalar()
        assert asked is not None
        assert conn.execute(select(sequences.c.id).where(sequences.c.id == renewal)).scalar() == renewal

    again = sequences_renewal.enrol_renewals(container.db, actor=actor, sequence_id=renewal)
    assert again.enrolled == []
    assert dict(again.skipped)[ada] == "asked to renew already"

    transports = Transports(email=SmtpTransport("127.0.0.1", sink[1], timeout=5))
    assert Worker(container, {}, sender=Sender(container, "test", transports)).run_once() == 1
    [mail] = sink[0].received
    assert mail["To"] == "ada@gmail.com"
    text = (
        next(p for p in mail.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    )
    link = re.search(r"https://talent\.acme\.example" + re.escape(PAGE_PREFIX) + r"(\S+)", text)
    assert link, text
    with container.db.read() as conn:
        target = read_token(conn, link.group(1), now=clock.now())
    assert (target.workspace_id, target.person_id) == (ws, ada)


def test_renewals_need_permission_to_send_outreach(container: Container, team: Team) -> None:
    from talentscout.services.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        sequences_renewal.enrol_renewals(container.db, actor=team.eve.actor, sequence_id=1)
