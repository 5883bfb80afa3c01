"""Exit rules on both databases: replies on any channel stop, out-of-office postpones, threads are found."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from talentscout.bootstrap import Container
from talentscout.db.tables import activities, contact_points
from talentscout.db.tables_engage import enrollments, messages, outbox
from talentscout.services import engage_events, suppression
from talentscout.services import sequences_enrol as enrol
from tests.conftest import Team
from tests.engage_factory import MovableClock, make_person, make_sender, three_step_sequence


@pytest.fixture
def clock(container: Container) -> MovableClock:
    clock = MovableClock()
    container.db.clock = clock
    return clock


@pytest.fixture
def enrolled(container: Container, team: Team, clock: MovableClock) -> tuple[int, int]:
    """(workspace id, person id) of Ada, enrolled in a three-step sequence; step 1 is pending."""
    ws = team.alice.actor.workspace_id
    person = make_person(
        container,
        ws,
        "Ada Lovelace",
        contacts=[("email", "ada@gmail.com", "personal"), ("phone", "+447700900123", "personal")],
    )
    seq = three_step_sequence(container, team.alice.actor, make_sender(container, ws, team.alice.user.id))
    report = enrol.enrol(container.db, actor=team.alice.actor, sequence_id=seq, person_ids=[person])
    assert report.enrolled == [person]
    return ws, person


def _outbox(c: Container, person: int) -> list[tuple[str, object]]:
    with c.db.read() as conn:
        return [
            (r.status, r.due_at)
            for r in conn.execute(select(outbox).where(outbox.c.person_id == person).order_by(outbox.c.id))
        ]


def test_a_reply_on_sms_stops_the_pending_email_step(container: Container, enrolled: tuple[int, int]) -> None:
    ws, person = enrolled
    assert [s for s, _ in _outbox(container, person)] == ["pending"]
    with container.db.begin() as conn:
        row = engage_events.record_inbound(
            conn,
            workspace_id=ws,
            person_id=person,
            channel="sms",
            kind="reply",
            now=container.db.clock.now(),
            body_text="Sure, call me",
        )
    assert [s for s, _ in _outbox(container, person)] == ["cancelled"]
    with container.db.read() as conn:
        assert (
            conn.execute(select(enrollments.c.status).where(enrollments.c.person_id == person)).scalar()
            == "replied"
        )
        assert conn.execute(
            select(messages.c.direction, messages.c.status).where(messages.c.id == row)
        ).one() == ("in", "reply")
        kinds = {
            r.kind for r in conn.execute(select(activities.c.kind).where(activities.c.person_id == person))
        }
    assert {"message_in", "sequence_stopped"} <= kinds


def test_an_out_of_office_postpones_and_does_not_stop(
    container: Container, enrolled: tuple[int, int], clock: MovableClock
) -> None:
    ws, person = enrolled
    back = clock.now() + timedelta(days=10)
    with container.db.begin() as conn:
        engage_events.record_inbound(
            conn,
            workspace_id=ws,
            person_id=person,
            channel="email",
            kind="auto_reply",
            now=clock.now(),
            ooo_until=back,
        )
    [(status, due)] = _outbox(container, person)
    assert status == "pending"
    assert due is not None
    assert due.replace(tzinfo=back.tzinfo) == back  # type: ignore[attr-defined]
    with container.db.read() as conn:
        assert (
            conn.execute(select(enrollments.c.status).where(enrollments.c.person_id == person)).scalar()
            == "active"
        )


def test_an_auto_reply_without_a_date_changes_nothing(
    container: Container, enrolled: tuple[int, int]
) -> None:
    ws, person = enrolled
    before = _outbox(container, person)
    with container.db.begin() as conn:
        engage_events.record_inbound(
            conn,
            workspace_id=ws,
            person_id=person,
            channel="email",
            kind="auto_reply",
            now=container.db.clock.now(),
        )
    assert _outbox(container, person) == before


def test_an_unsubscribe_suppresses_every_identifier_and_stops(
    container: Container, enrolled: tuple[int, int]
) -> None:
    ws, person = enrolled
    with container.db.begin() as conn:
        engage_events.record_inbound(
            conn,
            workspace_id=ws,
            person_id=person,
            channel="sms",
            kind="unsubscribe",
            now=container.db.clock.now(),
        )
        assert suppression.is_suppressed(conn, workspace_id=ws, kind="email", value="ada@gmail.com")
    assert [s for s, _ in _outbox(container, person)] == ["cancelled"]


def test_a_bounce_flags_the_address_and_stops(container: Container, enrolled: tuple[int, int]) -> None:
    ws, person = enrolled
    with container.db.begin() as conn:
        engage_events.record_inbound(
            conn,
            workspace_id=ws,
            person_id=person,
            channel="email",
            kind="bounce",
            now=container.db.clock.now(),
            from_address="Ada@gmail.com",
        )
        valid = conn.execute(
            select(contact_points.c.valid).where(contact_points.c.value == "ada@gmail.com")
        ).scalar()
    assert valid is False
    assert [s for s, _ in _outbox(container, person)] == ["cancelled"]


def test_stop_for_person_touches_only_that_workspace(
    container: Container, team: Team, enrolled: tuple[int, int]
) -> None:
    ws, person = enrolled
    with container.db.begin() as conn:
        other_ws = team.charlie.actor.workspace_id
        assert (
            engage_events.stop_for_person(
                conn, workspace_id=other_ws, person_id=person, reason="manual", now=container.db.clock.now()
            )
            == 0
        )
        assert (
            engage_events.stop_for_person(
                conn, workspace_id=ws, person_id=person, reason="manual", now=container.db.clock.now()
            )
            == 1
        )


def test_an_unknown_inbound_kind_is_refused(container: Container, enrolled: tuple[int, int]) -> None:
    ws, person = enrolled
    with container.db.begin() as conn, pytest.raises(ValueError, match="unknown inbound kind"):
        engage_events.record_inbound(
            conn,
            workspace_id=ws,
            person_id=person,
            channel="email",
            kind="hello",
            now=container.db.clock.now(),
        )


def test_find_thread_by_message_id_then_token_then_sender(
    container: Container, enrolled: tuple[int, int]
) -> None:
    ws, person = enrolled
    now = container.db.clock.now()
    with container.db.begin() as conn:
        sent = conn.execute(
            messages.insert()
            .values(
                workspace_id=ws,
                person_id=person,
                direction="out",
                channel="email",
                status="sent",
                to_address="ada@gmail.com",
                message_id="<ts-abc@acme.example>",
                thread_token="tok12345abc",
                created_at=now,
            )
            .returning(messages.c.id)
        ).scalar_one()
        find = engage_events.find_thread
        assert find(
            conn, workspace_id=ws, message_ids=["ts-abc@acme.example"], thread_token=None, from_address=None
        ) == (person, sent)
        assert find(
            conn,
            workspace_id=ws,
            message_ids=["<rewritten@gmail>"],
            thread_token="tok12345abc",
            from_address=None,
        ) == (person, sent)
        assert find(
            conn, workspace_id=ws, message_ids=[], thread_token=None, from_address="ADA@gmail.com"
        ) == (person, sent)
        assert (
            find(conn, workspace_id=ws, message_ids=[], thread_token=None, from_address="who@nowhere.example")
            is None
        )
        assert (
            find(
                conn,
                workspace_id=ws + 1,
                message_ids=["<ts-abc@acme.example>"],
                thread_token=None,
                from_address=None,
            )
            is None
        )
    assert engage_events.thread_token_of("Alice <reply+tok12345abc@acme.example>") == "tok12345abc"
    assert engage_events.thread_token_of("alice@acme.example") is None


def test_the_reply_token_survives_a_provider_changing_its_case(
    container: Container, enrolled: tuple[int, int]
) -> None:
    """Tokens are lower-case hex; a mixed-case token written before that still matches when a provider
    lower-cases (or upper-cases) the tagged Reply-To address."""
    ws, person = enrolled
    now = container.db.clock.now()
    new_token = engage_events.new_thread_token()
    assert new_token == new_token.lower()
    assert len(new_token) == 24
    with container.db.begin() as conn:
        ids = {}
        for token in (new_token, "Legacy-MixedCase_Tok"):
            ids[token] = conn.execute(
                messages.insert()
                .values(
                    workspace_id=ws,
                    person_id=person,
                    direction="out",
                    channel="email",
                    status="sent",
                    to_address="ada@gmail.com",
                    thread_token=token,
                    created_at=now,
                )
                .returning(messages.c.id)
            ).scalar_one()
        for stored, seen in (
            (new_token, new_token.upper()),
            ("Legacy-MixedCase_Tok", "legacy-mixedcase_tok"),
            ("Legacy-MixedCase_Tok", "LEGACY-MIXEDCASE_TOK"),
        ):
            token = engage_events.thread_token_of(f"Ada <REPLY+{seen}@ACME.EXAMPLE>")
            assert token == seen
            assert engage_events.find_thread(
                conn, workspace_id=ws, message_ids=[], thread_token=token, from_address=None
            ) == (person, ids[stored])
        assert engage_events.message_with_token(conn, "legacy-mixedcase_tok", workspace_id=ws + 1) is None
