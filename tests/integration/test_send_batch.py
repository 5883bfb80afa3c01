"""The batch send path on both databases: a claimed batch counts its sends against the sender's daily
cap at once and gives back what it did not use; a person the batch knows is still checked against the
suppression list inside the message's own transaction."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from talentscout.bootstrap import Container
from talentscout.db.tables_engage import outbox, sender_usage
from talentscout.services import sequences_enrol as enrol
from talentscout.services import suppression
from talentscout.services.outbox_send import Transports
from talentscout.transports.smtp import SmtpTransport
from talentscout.worker.runner import Worker
from talentscout.worker.sending import Sender
from tests.conftest import Team
from tests.engage_factory import MovableClock, make_person, make_sender, three_step_sequence
from tests.send_servers import SmtpSink, smtp_sink


@pytest.fixture
def clock(container: Container) -> MovableClock:
    clock = MovableClock()
    container.db.clock = clock
    return clock


@pytest.fixture
def sink() -> Iterator[tuple[SmtpSink, int]]:
    with smtp_sink() as served:
        yield served


def test_a_batch_counts_its_sends_ahead_and_gives_back_the_unused(
    container: Container, team: Team, clock: MovableClock, sink: tuple[SmtpSink, int]
) -> None:
    ws = team.alice.actor.workspace_id
    sender = make_sender(container, ws, team.alice.user.id, daily_cap=10)
    people = [
        make_person(container, ws, f"Person {i}", contacts=[("email", f"p{i}@gmail.com", "personal")])
        for i in range(5)
    ]
    seq = three_step_sequence(container, team.alice.actor, sender)
    enrol.enrol(container.db, actor=team.alice.actor, sequence_id=seq, person_ids=people)
    with container.db.begin() as conn:  # after enrolment, before the batch is claimed
        suppression.suppress(
            conn, workspace_id=ws, kind="email", value="P.3@gmail.com", reason="unsubscribe", now=clock.now()
        )
    transports = Transports(email=SmtpTransport("127.0.0.1", sink[1], timeout=5))
    assert Worker(container, {}, sender=Sender(container, "test", transports)).run_once() == 5
    assert sorted(m["To"] for m in sink[0].received) == [f"p{i}@gmail.com" for i in (0, 1, 2, 4)]
    with container.db.read() as conn:
        used = conn.execute(select(sender_usage.c.sent).where(sender_usage.c.sender_id == sender)).scalar()
        cancelled = conn.execute(
            select(outbox.c.reason).where(outbox.c.person_id == people[3], outbox.c.status == "cancelled")
        ).scalar()
    assert used == 4  # five counted ahead, one given back
    assert cancelled == "the person is on the suppression list"
