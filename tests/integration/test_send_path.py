"""The send path on both databases, against a real SMTP server and a real HTTP SMS API on loopback."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from talentscout.bootstrap import Container
from talentscout.db.tables import contact_points
from talentscout.db.tables_engage import enrollments, messages, outbox
from talentscout.services import consent, engage_events, suppression
from talentscout.services import sequences as seqs
from talentscout.services import sequences_enrol as enrol
from talentscout.services.outbox_send import Transports
from talentscout.transports.base import OutgoingEmail
from talentscout.transports.sms import TwilioCompatibleSms
from talentscout.transports.smtp import SmtpTransport
from talentscout.worker.runner import Worker
from talentscout.worker.sending import Sender
from tests.conftest import Team
from tests.engage_factory import MovableClock, make_person, make_sender, three_step_sequence
from tests.send_servers import SmsApi, SmtpSink, sms_api, smtp_sink


@pytest.fixture
def clock(container: Container) -> MovableClock:
    clock = MovableClock()
    container.db.clock = clock
    container.settings.public_url = "https://talent.acme.example"
    return clock


@pytest.fixture
def servers() -> Iterator[tuple[SmtpSink, int, SmsApi, str]]:
    with smtp_sink() as (sink, port), sms_api() as (api, url):
        yield sink, port, api, url


def _worker(c: Container, servers: tuple[SmtpSink, int, SmsApi, str]) -> Worker:
    _, port, api, url = servers
    transports = Transports(
        email=SmtpTransport("127.0.0.1", port, timeout=5), sms=TwilioCompatibleSms(url, api.sid, api.token)
    )
    return Worker(c, {}, sender=Sender(c, "test", transports))


def _statuses(c: Container, person: int) -> list[str]:
    with c.db.read() as conn:
        return [
            r.status
            for r in conn.execute(
                select(outbox.c.status).where(outbox.c.person_id == person).order_by(outbox.c.id)
            )
        ]


def _consent_sms(c: Container, team: Team, person: int) -> None:
    consent.record_consent(
        c.db,
        actor=team.admin.actor,
        person_id=person,
        scope="sms_marketing",
        channel="web",
        text_shown="Text me about roles",
        proof="form #12",
    )


def test_an_email_step_goes_out_with_the_headers_and_the_next_step_is_scheduled(
    container: Container, team: Team, clock: MovableClock, servers: tuple[SmtpSink, int, SmsApi, str]
) -> None:
    ws = team.alice.actor.workspace_id
    ada = make_person(
        container,
        ws,
        "Ada Lovelace",
        contacts=[("email", "ada@gmail.com", "personal"), ("email", "ada@initech.example", "work")],
    )
    seq = three_step_sequence(container, team.alice.actor, make_sender(container, ws, team.alice.user.id))
    enrol.enrol(container.db, actor=team.alice.actor, sequence_id=seq, person_ids=[ada])
    assert _worker(container, servers).run_once() == 1
    [mail] = servers[0].received
    assert mail["To"] == "ada@gmail.com"
    assert mail["Subject"] == "A role for you, Ada"
    assert mail["Message-ID"].startswith("<ts-")
    assert mail["Date"]
    assert mail["List-Unsubscribe"].startswith("<https://talent.acme.example/u/")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail["Reply-To"].startswith("reply+")
    assert mail["X-Idempotency-Key"].startswith("ts-")
    parts = {
        p.get_content_type(): p.get_payload(decode=True).decode() for p in mail.walk() if not p.is_multipart()
    }
    assert set(parts) == {"text/plain", "text/html"}
    assert "Hi Ada" in parts["text/plain"]
    assert "<img" not in parts["text/html"]
    assert _statuses(container, ada) == ["sent", "pending"]
    with container.db.read() as conn:
        row = conn.execute(select(messages).where(messages.c.person_id == ada)).one()
    assert (row.status, row.message_id, row.idempotency_key) == (
        "sent",
        mail["Message-ID"],
        mail["X-Idempotency-Key"],
    )


def test_a_work_email_is_never_chosen_automatically_only_by_an_override_with_a_reason(
    container: Container, team: Team, clock: MovableClock, servers: tuple[SmtpSink, int, SmsApi, str]
) -> None:
    ws = team.alice.actor.workspace_id
    bob = make_person(container, ws, "Bob Work", contacts=[("email", "bob@initech.example", "work")])
    seq = three_step_sequence(container, team.alice.actor, make_sender(container, ws, team.alice.user.id))
    enrol.enrol(container.db, actor=team.alice.actor, sequence_id=seq, person_ids=[bob])
    worker = _worker(container, servers)
    worker.run_once()
    assert servers[0].received == []
    assert _statuses(container, bob)[0] == "skipped"
    engage_events_stop = enrol.stop_person(
        container.db, actor=team.alice.actor, person_id=bob, reason="retry with override"
    )
    assert engage_events_stop >= 0
    clock.advance(days=400)
    with pytest.raises(Exception, match="needs a reason"):
        enrol.enrol(
            container.db,
            actor=team.alice.actor,
            sequence_id=seq,
            person_ids=[bob],
            override_address="bob@initech.example",
        )
    enrol.enrol(
        container.db,
        actor=team.alice.actor,
        sequence_id=seq,
        person_ids=[bob],
        override_address="bob@initech.example",
        override_reason="he asked us to use this address",
    )
    worker.run_once()
    assert [m["To"] for m in servers[0].received] == ["bob@initech.example"]


def test_a_reply_on_sms_stops_the_pending_email_step_before_the_next_tick(
    container: Container, team: Team, clock: MovableClock, servers: tuple[SmtpSink, int, SmsApi, str]
) -> None:
    ws = team.alice.actor.workspace_id
    ada = make_person(
        container,
        ws,
        "Ada Lovelace",
        contacts=[("email", "ada@gmail.com", "personal"), ("phone", "+447700900123", "personal")],
    )
    _consent_sms(container, team, ada)
    seq = three_step_sequence(container, team.alice.actor, make_sender(container, ws, team.alice.user.id))
    enrol.enrol(container.db, actor=team.alice.actor, sequence_id=seq, person_ids=[ada])
    worker = _worker(container, servers)
    worker.run_once()
    clock.advance(days=2)  # Wednesday + 2 business days = Friday
    worker.run_once()  # the SMS step
    assert [m["To"] for m in servers[2].messages] == ["+447700900123"]
    assert servers[2].messages[0]["idempotency"].startswith("ts-")
    assert _statuses(container, ada) == ["sent", "sent", "pending"]
    with container.db.begin() as conn:
        engage_events.record_inbound(
            conn,
            workspace_id=ws,
            person_id=ada,
            channel="sms",
            kind="reply",
            now=clock.now(),
            body_text="yes!",
        )
    clock.advance(days=10)
    assert worker.run_once() == 0
    assert len(servers[0].received) == 1
    assert _statuses(container, ada) == ["sent", "sent", "cancelled"]


def test_an_sms_step_without_consent_is_not_sent(
    container: Container, team: Team, clock: MovableClock, servers: tuple[SmtpSink, int, SmsApi, str]
) -> None:
    ws = team.alice.actor.workspace_id
    ada = make_person(container, ws, "Ada Lovelace", contacts=[("phone", "+447700900123", "personal")])
    sid = seqs.create_sequence(
        container.db,
        actor=team.alice.actor,
        name="Text",
        sender_id=make_sender(container, ws, None),
        window_start_hour=0,
        window_end_hour=24,
    )
    seqs.add_step(
        container.db,
        actor=team.alice.actor,
        sequence_id=sid,
        step=seqs.StepInput("sms", 0, "", "Hi {{ person.first_name }}"),
    )
    enrol.enrol(container.db, actor=team.alice.actor, sequence_id=sid, person_ids=[ada])
    _worker(container, servers).run_once()
    assert servers[2].messages == []
    assert _statuses(container, ada) == ["skipped"]


def test_a_5xx_at_send_time_is_a_hard_bounce(
    container: Container, team: Team, clock: MovableClock, servers: tuple[SmtpSink, int, SmsApi, str]
) -> None:
    ws = team.alice.actor.workspace_id
    servers[0].refuse.add("gone@gmail.com")
    ada = make_person(container, ws, "Ada Gone", contacts=[("email", "gone@gmail.com", "personal")])
    seq = three_step_sequence(container, team.alice.actor, make_sender(container, ws, team.alice.user.id))
    enrol.enrol(container.db, actor=team.alice.actor, sequence_id=seq, person_ids=[ada])
    _worker(container, servers).run_once()
    assert servers[0].received == []
    with container.db.read() as conn:
        assert (
            conn.execute(select(contact_points.c.valid).where(contact_points.c.person_id == ada)).scalar()
            is False
        )
        assert (
            conn.execute(select(enrollments.c.status).where(enrollments.c.person_id == ada)).scalar()
            == "bounced"
        )
        assert (
            conn.execute(select(messages.c.status).where(messages.c.person_id == ada)).scalar() == "bounced"
        )


def test_nothing_is_sent_to_a_suppressed_person(
    container: Container, team: Team, clock: MovableClock, servers: tuple[SmtpSink, int, SmsApi, str]
) -> None:
    ws = team.alice.actor.workspace_id
    ada = make_person(container, ws, "Ada Lovelace", contacts=[("email", "ada@gmail.com", "personal")])
    seq = three_step_sequence(container, team.alice.actor, make_sender(container, ws, team.alice.user.id))
    enrol.enrol(container.db, actor=team.alice.actor, sequence_id=seq, person_ids=[ada])
    with container.db.begin() as conn:
        suppression.suppress(
            conn, workspace_id=ws, kind="email", value="a.d.a@gmail.com", reason="manual", now=clock.now()
        )
    _worker(container, servers).run_once()
    assert servers[0].received == []
    assert _statuses(container, ada) == ["cancelled"]


def test_a_relay_that_is_down_is_retried_with_backoff(
    container: Container, team: Team, clock: MovableClock
) -> None:
    ws = team.alice.actor.workspace_id
    ada = make_person(container, ws, "Ada Lovelace", contacts=[("email", "ada@gmail.com", "personal")])
    seq = three_step_sequence(container, team.alice.actor, make_sender(container, ws, team.alice.user.id))
    enrol.enrol(container.db, actor=team.alice.actor, sequence_id=seq, person_ids=[ada])
    down = Transports(email=SmtpTransport("127.0.0.1", 9, timeout=1))
    worker = Worker(container, {}, sender=Sender(container, "down", down))
    assert worker.run_once() == 1
    with container.db.read() as conn:
        row = conn.execute(select(outbox).where(outbox.c.person_id == ada)).one()
        assert conn.execute(select(messages.c.id).where(messages.c.person_id == ada)).first() is None
    assert row.status == "pending"
    assert "retrying" in row.reason
    assert row.due_at.replace(tzinfo=clock.now().tzinfo) > clock.now()
    with smtp_sink() as (sink, port):
        up = Worker(
            container, {}, sender=Sender(container, "up", Transports(email=SmtpTransport("127.0.0.1", port)))
        )
        clock.advance(minutes=5)
        up.run_once()
        assert [m["X-Idempotency-Key"] for m in sink.received] == [row.idempotency_key]


def test_the_senders_daily_cap_defers_the_rest_to_the_next_day(
    container: Container, team: Team, clock: MovableClock, servers: tuple[SmtpSink, int, SmsApi, str]
) -> None:
    ws = team.alice.actor.workspace_id
    sender = make_sender(container, ws, team.alice.user.id, daily_cap=1)
    people = [
        make_person(container, ws, f"Person {i}", contacts=[("email", f"p{i}@gmail.com", "personal")])
        for i in range(2)
    ]
    seq = three_step_sequence(container, team.alice.actor, sender)
    enrol.enrol(container.db, actor=team.alice.actor, sequence_id=seq, person_ids=people)
    worker = _worker(container, servers)
    worker.run_once()
    assert len(servers[0].received) == 1
    with container.db.read() as conn:
        waiting = conn.execute(
            select(outbox).where(outbox.c.status == "pending", outbox.c.reason.like("waiting%"))
        ).one()
        assert (
            conn.execute(select(messages.c.id).where(messages.c.person_id == waiting.person_id)).first()
            is None
        )
    assert waiting.due_at.replace(tzinfo=clock.now().tzinfo).date() > clock.now().date()
    clock.advance(days=1)
    worker.run_once()
    assert len(servers[0].received) == 2


class _Flaky:
    """Wraps a transport: raises an unexpected error for one address, or sets ``stop`` after a send."""

    def __init__(self, inner: SmtpTransport, *, bad: str = "", stop: threading.Event | None = None) -> None:
        self.inner, self.bad, self.stop, self.idempotent = inner, bad, stop, False

    def send(self, message: OutgoingEmail) -> str:
        if message.to_address == self.bad:
            raise RuntimeError("driver bug")
        result = self.inner.send(message)
        if self.stop is not None:
            self.stop.set()  # SIGTERM arrives while this message is being sent
        return result

    def close(self) -> None:
        self.inner.close()


def _enrol_people(c: Container, team: Team, n: int) -> list[int]:
    ws = team.alice.actor.workspace_id
    ids = [
        make_person(c, ws, f"Person {i}", contacts=[("email", f"p{i}@gmail.com", "personal")])
        for i in range(n)
    ]
    seq = three_step_sequence(c, team.alice.actor, make_sender(c, ws, team.alice.user.id))
    enrol.enrol(c.db, actor=team.alice.actor, sequence_id=seq, person_ids=ids)
    return ids


def test_a_stop_signal_finishes_the_current_message_and_leaves_the_rest_queued(
    container: Container, team: Team, clock: MovableClock, servers: tuple[SmtpSink, int, SmsApi, str]
) -> None:
    _enrol_people(container, team, 3)
    stop = threading.Event()
    transport = _Flaky(SmtpTransport("127.0.0.1", servers[1]), stop=stop)
    assert Sender(container, "t", Transports(email=transport)).run_once(stop) == 1
    assert len(servers[0].received) == 1
    with container.db.read() as conn:
        states = sorted(s for (s,) in conn.execute(select(outbox.c.status)))
    assert states == [
        "pending",
        "pending",
        "pending",
        "sent",
    ]  # two first steps back in the queue, one next step


def test_one_bad_message_never_stops_the_worker(
    container: Container, team: Team, clock: MovableClock, servers: tuple[SmtpSink, int, SmsApi, str]
) -> None:
    _enrol_people(container, team, 3)
    transport = _Flaky(SmtpTransport("127.0.0.1", servers[1]), bad="p1@gmail.com")
    assert Sender(container, "t", Transports(email=transport)).run_once() == 3
    assert sorted(m["To"] for m in servers[0].received) == ["p0@gmail.com", "p2@gmail.com"]
    with container.db.read() as conn:
        stuck = conn.execute(select(outbox).where(outbox.c.status == "sending")).one()
    # It may have reached the provider: never re-sent; after the lease it is reconciled as unconfirmed.
    clock.advance(seconds=container.settings.outbox_lease_seconds + 1)
    Sender(container, "t2", Transports(email=SmtpTransport("127.0.0.1", servers[1]))).run_once()
    with container.db.read() as conn:
        assert conn.execute(select(outbox.c.status).where(outbox.c.id == stuck.id)).scalar() == "unconfirmed"
    assert len(servers[0].received) == 2


def test_a_message_on_behalf_of_a_hiring_manager_carries_their_name_and_routes_replies_to_the_recruiter(
    container: Container, team: Team, clock: MovableClock, servers: tuple[SmtpSink, int, SmsApi, str]
) -> None:
    ws = team.alice.actor.workspace_id
    ada = make_person(container, ws, "Ada Lovelace", contacts=[("email", "ada@gmail.com", "personal")])
    sid = seqs.create_sequence(
        container.db,
        actor=team.alice.actor,
        name="From Hana",
        sender_id=make_sender(container, ws, team.alice.user.id),
        on_behalf_of_id=team.hana.user.id,
        on_behalf_signature="Hana, VP Engineering",
        window_start_hour=0,
        window_end_hour=24,
    )
    seqs.add_step(
        container.db,
        actor=team.alice.actor,
        sequence_id=sid,
        step=seqs.StepInput("email", 0, "Hello", "Hi Ada"),
    )
    enrol.enrol(container.db, actor=team.alice.actor, sequence_id=sid, person_ids=[ada])
    _worker(container, servers).run_once()
    [mail] = servers[0].received
    assert mail["From"] == "Hana <alice@acme.example>"
    assert "Hana, VP Engineering" in mail.get_payload(0).get_payload(decode=True).decode()
    token = engage_events.thread_token_of(mail["Reply-To"])
    with container.db.read() as conn:
        found = engage_events.find_thread(
            conn, workspace_id=ws, message_ids=[], thread_token=token, from_address=None
        )
        assert found is not None
        assert found[0] == ada


def _crash_after_sending_record(c: Container, servers: tuple[SmtpSink, int, SmsApi, str]) -> int:
    """Run step 1 (prepare) of a send and 'die' before the hand-over: the row is left ``sending``."""
    from talentscout.services import outbox as ob
    from talentscout.services.outbox_prepare import prepare
    from talentscout.services.outbox_send import SendContext

    transports = Transports(email=SmtpTransport("127.0.0.1", servers[1]))
    with c.db.begin() as conn:
        [row] = ob.claim(conn, worker="dead", now=c.db.clock.now(), limit=1)
    with c.db.begin() as conn:
        prepare(
            conn,
            outbox_id=row,
            worker="dead",
            now=c.db.clock.now(),
            ctx=SendContext("https://t.example"),
            transports=transports,
        )
    return row


def test_an_interrupted_send_is_resumed_with_the_same_key_when_the_relay_drops_repeats(
    container: Container, team: Team, clock: MovableClock, servers: tuple[SmtpSink, int, SmsApi, str]
) -> None:
    _enrol_people(container, team, 1)
    row = _crash_after_sending_record(container, servers)
    clock.advance(seconds=container.settings.outbox_lease_seconds + 1)
    relay = SmtpTransport("127.0.0.1", servers[1], idempotent=True)
    Sender(container, "alive", Transports(email=relay)).run_once()
    with container.db.read() as conn:
        key, status = conn.execute(
            select(outbox.c.idempotency_key, outbox.c.status).where(outbox.c.id == row)
        ).one()
    assert status == "sent"
    assert [m["X-Idempotency-Key"] for m in servers[0].received] == [key]


def test_an_interrupted_send_to_a_person_stopped_since_is_not_handed_over_again(
    container: Container, team: Team, clock: MovableClock, servers: tuple[SmtpSink, int, SmsApi, str]
) -> None:
    [person] = _enrol_people(container, team, 1)
    row = _crash_after_sending_record(container, servers)
    with container.db.begin() as conn:
        engage_events.record_inbound(
            conn,
            workspace_id=team.alice.actor.workspace_id,
            person_id=person,
            channel="email",
            kind="unsubscribe",
            now=clock.now(),
        )
    clock.advance(seconds=container.settings.outbox_lease_seconds + 1)
    Sender(
        container, "alive", Transports(email=SmtpTransport("127.0.0.1", servers[1], idempotent=True))
    ).run_once()
    assert servers[0].received == []
    with container.db.read() as conn:
        assert conn.execute(select(outbox.c.status).where(outbox.c.id == row)).scalar() == "unconfirmed"
