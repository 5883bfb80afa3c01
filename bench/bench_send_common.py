"""Shared parts of the send benchmarks: a fresh database with N scheduled emails, an SMTP sink process
counting deliveries by ``X-Idempotency-Key``, worker processes, and the machine line.

The workers' clock is a Wednesday at 10:00 UTC plus the wall time elapsed since the run started, so the
send window (working days) is open whatever day the benchmark runs on.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import platform
import signal
import socket
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

WEDNESDAY = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
BODY = "Hi {{ person.first_name }},\n\nYour work at {{ person.employer }} caught my eye.\n\nWould you talk?"
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


class BenchClock:
    def __init__(self, t0: float) -> None:
        self.t0 = t0

    def now(self) -> datetime:
        return WEDNESDAY + timedelta(seconds=time.time() - self.t0)


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"machine: {platform.platform()}, {cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- the database ------------------------------------------------------------------------------------


def fresh_database(backend: str, pg_url: str) -> tuple[str, Any]:
    """A migrated, empty database URL and a cleanup function."""
    from talentscout.db.engine import migrate

    if backend == "sqlite":
        folder = tempfile.mkdtemp(prefix="bench-send-")
        url = f"sqlite:///{folder}/bench.sqlite3"
        migrate(url)
        return url, lambda: None
    base = make_url(pg_url)
    name = f"bench_send_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    migrate(url)

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


def schedule_emails(url: str, n: int, *, suppressed: int = 0) -> dict[str, Any]:
    """A workspace, a sender, a one-email sequence with merge fields, ``n`` people enrolled (their step
    due now). ``suppressed`` of them are then put on the suppression list. Returns their keys."""
    from talentscout.db.engine import make_engine
    from talentscout.db.tables import contact_points, people, users, workspaces
    from talentscout.db.tables_engage import enrollments, outbox, senders, sequence_steps, sequences
    from talentscout.services import suppression

    engine = make_engine(url)
    now = WEDNESDAY
    keys: list[str] = []
    with engine.begin() as conn:
        ws = conn.execute(
            workspaces.insert().values(name="Bench", slug="bench", created_at=now).returning(workspaces.c.id)
        ).scalar_one()
        user = conn.execute(
            users.insert()
            .values(
                workspace_id=ws,
                email="rec@bench.example",
                name="Rita Recruiter",
                role="recruiter",
                password_hash="!",  # noqa: S106 - no one signs in
                is_active=True,
                created_at=now,
            )
            .returning(users.c.id)
        ).scalar_one()
        sender = conn.execute(
            senders.insert()
            .values(
                workspace_id=ws,
                user_id=user,
                name="Rita Recruiter",
                email="rita@bench.example",
                signature="Rita, Bench Talent",
                daily_cap=1_000_000,
                min_spacing_seconds=0,
                created_at=now,
            )
            .returning(senders.c.id)
        ).scalar_one()
        seq = conn.execute(
            sequences.insert()
            .values(
                workspace_id=ws,
                name="Bench",
                sender_id=sender,
                window_start_hour=0,
                window_end_hour=24,
                status="active",
                created_by=user,
                created_at=now,
                updated_at=now,
            )
            .returning(sequences.c.id)
        ).scalar_one()
        step = conn.execute(
            sequence_steps.insert()
            .values(
                workspace_id=ws,
                sequence_id=seq,
                position=1,
                channel="email",
                delay_days=0,
                follow_preference=True,
                subject_template="{{ person.first_name }}, a staff role at Bench?",
                body_template=BODY,
                created_at=now,
            )
            .returning(sequence_steps.c.id)
        ).scalar_one()
        for start in range(0, n, 2000):
            batch = range(start, min(n, start + 2000))
            ids = [
                conn.execute(
                    people.insert()
                    .values(
                        workspace_id=ws,
                        display_name=f"Person {i}",
                        given_name=f"P{i}",
                        family_name="Bench",
                        name_normalised=f"person {i}",
                        current_employer="Initech",
                        timezone="UTC",
                        search_text="",
                        created_at=now,
                        updated_at=now,
                    )
                    .returning(people.c.id)
                ).scalar_one()
                for i in batch
            ]
            conn.execute(
                contact_points.insert(),
                [
                    {
                        "workspace_id": ws,
                        "person_id": pid,
                        "kind": "email",
                        "value": f"person{i}@gmail.com",
                        "raw": f"person{i}@gmail.com",
                        "label": "personal",
                        "valid": True,
                        "created_at": now,
                    }
                    for i, pid in zip(batch, ids, strict=True)
                ],
            )
            eids = [
                conn.execute(
                    enrollments.insert()
                    .values(workspace_id=ws, sequence_id=seq, person_id=pid, status="active", created_at=now)
                    .returning(enrollments.c.id)
                ).scalar_one()
                for pid in ids
            ]
            rows = []
            for pid, eid in zip(ids, eids, strict=True):
                key = f"ts-{uuid.uuid4().hex}"
                keys.append(key)
                rows.append(
                    {
                        "workspace_id": ws,
                        "enrollment_id": eid,
                        "step_id": step,
                        "person_id": pid,
                        "channel": "email",
                        "status": "pending",
                        "due_at": now,
                        "idempotency_key": key,
                        "attempts": 0,
                        "created_at": now,
                    }
                )
            conn.execute(outbox.insert(), rows)
        blocked = []
        for i in range(suppressed):
            suppression.suppress(
                conn,
                workspace_id=ws,
                kind="email",
                value=f"person{i}@gmail.com",
                reason="unsubscribe",
                now=now,
            )
            blocked.append(keys[i])
    engine.dispose()
    return {
        "keys": keys,
        "suppressed_keys": blocked,
        "suppressed_addresses": {f"person{i}@gmail.com" for i in range(suppressed)},
    }


def outbox_counts(url: str) -> Counter[str]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT status, count(*) FROM outbox GROUP BY status")).all()
    engine.dispose()
    return Counter({str(s): int(c) for s, c in rows})


# --- the SMTP sink -----------------------------------------------------------------------------------


def _sink_main(port: int, out: str, dedupe: bool, ready: Any) -> None:
    from aiosmtpd.controller import Controller

    submissions: Counter[str] = Counter()
    recipients: Counter[str] = Counter()

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            key = message_from_bytes(envelope.content).get("X-Idempotency-Key", "")
            submissions[key] += 1
            if not (dedupe and submissions[key] > 1):
                for rcpt in envelope.rcpt_tos:
                    recipients[rcpt] += 1
            return "250 2.0.0 queued"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop = mp.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    while not stop.is_set():
        time.sleep(0.05)
    controller.stop()
    Path(out).write_text(json.dumps({"submissions": submissions, "recipients": recipients, "dedupe": dedupe}))


class Sink:
    """An aiosmtpd server in its own process. ``dedupe``: it drops a repeated X-Idempotency-Key, as a
    provider with idempotency keys does (it still counts every submission)."""

    def __init__(self, *, dedupe: bool = False) -> None:
        self.port = free_port()
        self.out = tempfile.mktemp(suffix=".json")  # noqa: S306 - a private result file
        ready = mp.Event()
        self.process = mp.Process(target=_sink_main, args=(self.port, self.out, dedupe, ready), daemon=True)
        self.process.start()
        ready.wait(10)

    def stop(self) -> dict[str, Any]:
        os.kill(self.process.pid or 0, signal.SIGTERM)
        self.process.join(10)
        data: dict[str, Any] = json.loads(Path(self.out).read_text())
        return data


# --- workers -----------------------------------------------------------------------------------------


def worker_main(
    url: str, port: int, t0: float, lease: int, idempotent: bool, batch: int, cpu_out: Any = None
) -> None:
    """Send until nothing is left to send (two empty passes in a row). ``cpu_out`` (a queue) receives
    the CPU seconds spent after start-up (imports, settings, engine) and the rows processed."""
    from talentscout.bootstrap import bootstrap
    from talentscout.settings import Settings
    from talentscout.worker.runner import Worker

    settings = Settings(
        environment="test",  # type: ignore[arg-type]
        database_url=url,
        email_transport="smtp",
        smtp_port=port,
        smtp_timeout_seconds=5,
        smtp_relay_idempotent=idempotent,
        outbox_lease_seconds=lease,
        send_batch_size=batch,
        public_url="https://talent.bench.example",
        secret_key="bench-" + "x" * 40,
    )
    worker = Worker(bootstrap(settings, clock=BenchClock(t0)), {})
    started, processed = time.process_time(), 0
    empty = 0
    while empty < 2:
        done = worker.sender.run_once()
        processed += done
        empty = empty + 1 if done == 0 else 0
        if done == 0:
            time.sleep(0.2)
    worker.sender.close()
    if cpu_out is not None:
        cpu_out.put((time.process_time() - started, processed))


def start_workers(
    n: int,
    url: str,
    port: int,
    t0: float,
    *,
    lease: int = 300,
    idempotent: bool = False,
    batch: int = 20,
    cpu_out: Any = None,
) -> list[mp.Process]:
    procs = [
        mp.Process(target=worker_main, args=(url, port, t0, lease, idempotent, batch, cpu_out))
        for _ in range(n)
    ]
    for p in procs:
        p.start()
    return procs


def raw_smtplib(port: int, n: int, connections: int) -> float:
    """The ceiling: prebuilt messages through smtplib to the same sink; messages per second."""
    t = time.perf_counter()
    procs = [mp.Process(target=_raw_main, args=(port, n // connections)) for _ in range(connections)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    return (n // connections * connections) / (time.perf_counter() - t)


def _raw_main(port: int, n: int) -> None:
    import smtplib
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "rita@bench.example", "someone@gmail.com", "Hello"
    msg["X-Idempotency-Key"] = "raw"
    msg.set_content("Hi,\n\nA plain message of about the same size.\n")
    raw = msg.as_bytes()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for _ in range(n):
            smtp.sendmail("rita@bench.example", ["someone@gmail.com"], raw)
