"""Property: over any sequence of imports, merges, enrolments, unsubscribes, erasures and worker ticks,
no message is ever sent to an identifier that was on the suppression list when the worker ran."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, select, text

from talentscout.bootstrap import Container, bootstrap
from talentscout.db.tables import contact_points, metadata
from talentscout.domain.permissions import Role
from talentscout.services import accounts, engage_events, erasure, suppression
from talentscout.services import sequences_enrol as enrol
from talentscout.services.identity_merge import merge_people
from talentscout.services.outbox_send import Transports
from talentscout.settings import Settings
from talentscout.transports.smtp import SmtpTransport
from talentscout.worker.runner import Worker
from talentscout.worker.sending import Sender
from tests.conftest import BACKEND
from tests.engage_factory import MovableClock, make_sender, three_step_sequence
from tests.property.support import import_csv, write_csv
from tests.send_servers import SmtpSink, smtp_sink

PEOPLE = 4
EMAILS = [f"person{i}.propertytest@example.org" for i in range(PEOPLE)]
who = st.integers(0, PEOPLE - 1)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("import"), who, st.integers(0, 2)),
        st.tuples(st.just("merge"), who, who),
        st.tuples(st.just("enrol"), who),
        st.tuples(st.just("enrol"), who),
        st.tuples(st.just("unsubscribe"), who),
        st.tuples(st.just("erase"), who),
        st.tuples(st.just("tick")),
    ),
    min_size=3,
    max_size=14,
)


def _in_hypothesis() -> bool:
    from hypothesis import currently_in_test_context

    return currently_in_test_context()


@pytest.fixture(scope="module")
def sink() -> Iterator[tuple[SmtpSink, int]]:
    with smtp_sink() as running:
        yield running


class World:
    """A fresh database with a team, a sender and a sequence, plus the worker that sends."""

    def __init__(self, template: str, folder: Path, port: int) -> None:
        if BACKEND == "sqlite":
            target = folder / f"{uuid.uuid4().hex}.sqlite3"
            shutil.copyfile(template, target)
            url = f"sqlite:///{target}"
        else:
            url = template
            engine = create_engine(url)
            with engine.begin() as conn:
                names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            engine.dispose()
        settings_ = Settings(environment="test", database_url=url, data_dir=folder, secret_key="s" * 40)  # type: ignore[arg-type]
        self.c: Container = bootstrap(settings_)
        self.clock = MovableClock()
        self.c.db.clock = self.clock
        ws = accounts.create_workspace(self.c.db, name="Acme")
        user = accounts.create_user(
            self.c.db,
            workspace_id=ws,
            email="a@acme.example",
            name="Alice",
            role=Role.ADMIN,
            password="x" * 12,
        )
        self.actor = user.actor()
        self.sequence = three_step_sequence(self.c, self.actor, make_sender(self.c, ws, user.id))
        transports = Transports(email=SmtpTransport("127.0.0.1", port, timeout=5))
        self.worker = Worker(self.c, sender=Sender(self.c, "property", transports))
        self.folder = folder

    def holders(self, i: int) -> list[int]:
        with self.c.db.read() as conn:
            rows = conn.execute(
                select(contact_points.c.person_id).where(contact_points.c.value == EMAILS[i]).distinct()
            )
            return sorted(int(r) for r in rows.scalars())

    def suppressed(self) -> set[str]:
        with self.c.db.read() as conn:
            ws = self.actor.workspace_id
            return {
                e for e in EMAILS if suppression.is_suppressed(conn, workspace_id=ws, kind="email", value=e)
            }

    def apply(self, op: tuple[object, ...]) -> None:
        kind, now, ws = op[0], self.clock.now(), self.actor.workspace_id
        if kind == "import":
            i, source = int(op[1]), int(op[2])  # type: ignore[call-overload]
            row = (
                f"s{source}-{i}",
                f"Person{i} Proptest",
                EMAILS[i],
                "",
                "Engineer",
                "London",
                "United Kingdom",
                "",
            )
            import_csv(
                self.c,
                self.actor,
                write_csv(self.folder / f"{uuid.uuid4().hex}.csv", [row]),
                source=f"S{source}",
            )
        elif kind == "merge":
            a, b = self.holders(int(op[1])), self.holders(int(op[2]))  # type: ignore[call-overload]
            if a and b and a[0] != b[0]:
                with self.c.db.begin() as conn:
                    merge_people(
                        conn,
                        workspace_id=ws,
                        survivor=a[0],
                        absorbed=b[0],
                        evidence={},
                        score=None,
                        kind="manual",
                        actor=self.actor,
                        now=now,
                    )
        elif kind == "enrol":
            if people := self.holders(int(op[1])):  # type: ignore[call-overload]
                enrol.enrol(
                    self.c.db,
                    actor=self.actor,
                    sequence_id=self.sequence,
                    person_ids=people,
                    cooling_off_months=0,
                )
        elif kind == "unsubscribe":
            for pid in self.holders(int(op[1]))[:1]:  # type: ignore[call-overload]
                with self.c.db.begin() as conn:
                    engage_events.record_inbound(
                        conn, workspace_id=ws, person_id=pid, channel="email", kind="unsubscribe", now=now
                    )
        elif kind == "erase":
            for pid in self.holders(int(op[1])):  # type: ignore[call-overload]
                erasure.erase_person(self.c.db, actor=self.actor, person_id=pid)

    def tick(self, sink: SmtpSink) -> None:
        """Run the worker for a day; every message it sends must go to an address not on the list."""
        self.clock.advance(days=1)
        blocked, before = self.suppressed(), len(sink.received)
        self.worker.run_once()
        sent = {m["To"] for m in sink.received[before:]}
        assert not sent & blocked, f"sent to suppressed {sent & blocked}"
        if _in_hypothesis():
            event("a tick sent mail" if sent else "a tick sent nothing")
            event("a tick ran with addresses suppressed" if blocked else "a tick ran with nothing suppressed")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_no_message_is_ever_sent_to_a_suppressed_identifier(
    ops: list[tuple[object, ...]], database_template: str, tmp_path: Path, sink: tuple[SmtpSink, int]
) -> None:
    folder = tmp_path / uuid.uuid4().hex
    folder.mkdir()
    world = World(database_template, folder, sink[1])
    sink[0].received.clear()
    try:
        preamble = [("import", i, 0) for i in range(PEOPLE)]
        for op in [*preamble, *ops, ("tick",), ("tick",), ("tick",)]:
            if op[0] == "tick":
                world.tick(sink[0])
            else:
                world.apply(op)
    finally:
        world.c.db.engine.dispose()


def test_the_worked_example_sends_only_to_those_still_reachable(
    database_template: str, tmp_path: Path, sink: tuple[SmtpSink, int]
) -> None:
    """The scenario the property generalises, spelled out: it must send, and never to 0 or 1."""
    world = World(database_template, tmp_path, sink[1])
    sink[0].received.clear()
    try:
        for op in [("import", i, 0) for i in range(PEOPLE)]:
            world.apply(op)
        for op in [
            ("enrol", 0),
            ("enrol", 1),
            ("enrol", 2),
            ("merge", 2, 3),
            ("unsubscribe", 0),
            ("erase", 1),
        ]:
            world.apply(op)
        world.tick(sink[0])
    finally:
        world.c.db.engine.dispose()
    sent = [m["To"] for m in sink[0].received]
    assert len(sent) == 1  # the merged person 2+3 gets one message, at one of their two addresses
    assert sent[0] in {EMAILS[2], EMAILS[3]}
