"""The worker: claims each job once, survives a bad job, stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from talentscout.bootstrap import Container
from talentscout.db.tables import jobs as jobs_table
from talentscout.services import jobs
from talentscout.worker.runner import Worker


def _enqueue(c: Container, kind: str, payload: dict[str, object] | None = None) -> int:
    with c.db.begin() as conn:
        return jobs.enqueue(conn, kind=kind, payload=payload or {}, now=c.db.clock.now())


def _status(c: Container, job_id: int) -> tuple[str, str | None]:
    with c.db.read() as conn:
        row = conn.execute(
            select(jobs_table.c.status, jobs_table.c.last_error).where(jobs_table.c.id == job_id)
        ).one()
    return row[0], row[1]


def test_a_job_that_raises_is_recorded_and_the_next_job_still_runs(container: Container) -> None:
    ran: list[int] = []

    def boom(c: Container, job: jobs.Job) -> None:
        raise ValueError("malformed payload")

    def ok(c: Container, job: jobs.Job) -> None:
        ran.append(job.id)

    bad = _enqueue(container, "boom")
    good = _enqueue(container, "ok")
    worker = Worker(container, {"boom": boom, "ok": ok})
    assert worker.run_once() == 2
    assert ran == [good]
    status, error = _status(container, bad)
    assert status == "queued"  # retried later with back-off
    assert error is not None
    assert "malformed payload" in error
    assert _status(container, good)[0] == "done"


def test_a_job_of_an_unknown_kind_fails_without_stopping_the_worker(container: Container) -> None:
    job_id = _enqueue(container, "no-such-kind")
    assert Worker(container, {}).run_once() == 1
    assert "no handler" in (_status(container, job_id)[1] or "")


def test_a_claimed_job_is_never_claimed_again_by_another_worker(container: Container) -> None:
    ids = {_enqueue(container, "ok") for _ in range(20)}
    claimed: list[int] = []
    with container.db.begin() as conn:
        while job := jobs.claim(conn, worker="a", now=container.db.clock.now()):
            claimed.append(job.id)
            other = jobs.claim(conn, worker="b", now=container.db.clock.now())
            if other:
                claimed.append(other.id)
    assert sorted(claimed) == sorted(ids)


def test_the_worker_command_stops_cleanly_on_sigterm(
    settings: object, database_url: str, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "TALENTSCOUT_DATABASE_URL": database_url,
        "TALENTSCOUT_DATA_DIR": str(tmp_path),
        "TALENTSCOUT_WORKER_POLL_SECONDS": "0.2",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "talentscout", "worker"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 20
    output = ""
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        output += line
        if "started" in line:
            break
    proc.send_signal(signal.SIGTERM)
    rest, _ = proc.communicate(timeout=20)
    assert proc.returncode == 0, output + rest
    assert "stopped" in output + rest
