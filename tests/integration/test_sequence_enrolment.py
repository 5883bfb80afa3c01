"""Enrolment rules on both databases: cooling-off after no response, re-enrolment never repeats a step."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from talentscout.bootstrap import Container
from talentscout.db.tables_engage import enrollments, outbox, sequence_steps
from talentscout.services import sequences as seqs
from talentscout.services import sequences_enrol as enrol
from talentscout.worker.runner import Worker
from tests.conftest import Team
from tests.engage_factory import MovableClock, make_person, make_sender, three_step_sequence


@pytest.fixture
def setup(container: Container, team: Team) -> dict[str, Any]:
    clock = MovableClock()
    container.db.clock = clock
    ws = team.alice.actor.workspace_id
    ada = make_person(container, ws, "Ada Lovelace", contacts=[("email", "ada@gmail.com", "personal")])
    sender = make_sender(container, ws, team.alice.user.id)
    return {"clock": clock, "ada": ada, "sender": sender, "actor": team.alice.actor}


def _positions(c: Container, person: int, status: str) -> list[int]:
    with c.db.read() as conn:
        rows = conn.execute(
            select(sequence_steps.c.position)
            .join(outbox, outbox.c.step_id == sequence_steps.c.id)
            .where(outbox.c.person_id == person, outbox.c.status == status)
            .order_by(outbox.c.id)
        ).all()
    return [r.position for r in rows]


def test_no_reply_after_the_last_step_means_no_response_and_a_cooling_off(
    container: Container, setup: dict[str, Any]
) -> None:
    clock, ada, actor = setup["clock"], setup["ada"], setup["actor"]
    sid = seqs.create_sequence(
        container.db,
        actor=actor,
        name="One step",
        sender_id=setup["sender"],
        window_start_hour=0,
        window_end_hour=24,
    )
    seqs.add_step(
        container.db,
        actor=actor,
        sequence_id=sid,
        step=seqs.StepInput("email", 0, "Hi", "Hello {{ person.first_name }}"),
    )
    enrol.enrol(container.db, actor=actor, sequence_id=sid, person_ids=[ada])
    Worker(container, {}).run_once()
    with container.db.read() as conn:
        assert conn.execute(select(enrollments.c.status)).scalar() == "no_response"
    clock.advance(days=30)
    report = enrol.enrol(container.db, actor=actor, sequence_id=sid, person_ids=[ada], cooling_off_months=6)
    assert report.enrolled == []
    assert "cooling off until" in report.skipped[0][1]
    clock.advance(days=200)
    assert enrol.enrol(
        container.db, actor=actor, sequence_id=sid, person_ids=[ada], cooling_off_months=6
    ).enrolled == [ada]


def test_re_enrolment_never_re_sends_a_step_already_sent(container: Container, setup: dict[str, Any]) -> None:
    clock, ada, actor = setup["clock"], setup["ada"], setup["actor"]
    sid = three_step_sequence(container, actor, setup["sender"])
    enrol.enrol(container.db, actor=actor, sequence_id=sid, person_ids=[ada])
    Worker(container, {}).run_once()
    assert _positions(container, ada, "sent") == [1]
    enrol.stop_person(container.db, actor=actor, person_id=ada, reason="paused")
    assert _positions(container, ada, "cancelled") == [2]
    clock.advance(days=1)
    assert enrol.enrol(container.db, actor=actor, sequence_id=sid, person_ids=[ada]).enrolled == [ada]
    assert _positions(container, ada, "pending") == [2], (
        "step 1 was sent already: the new enrolment starts at step 2"
    )
