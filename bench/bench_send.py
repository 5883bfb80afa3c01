"""Send throughput: scheduled emails through the worker's full send path to a local aiosmtpd sink.

Full path per message: claim (SKIP LOCKED / conditional update), the checks (enrolment, suppression of
the person and the address, window, route, cap), render (sandboxed Jinja2 with merge fields, signature,
first-contact privacy notice, signed unsubscribe link), record ``sending``, SMTP hand-over, record
``sent``, timeline activity, audit entry, next step. Raw ``smtplib`` to the same sink in the same run is
the ceiling. Also measured: how long recording a reply takes to stop a person's remaining steps.

    python bench/bench_send.py --db sqlite --emails 2000 --workers 1
    python bench/bench_send.py --db postgres --emails 5000 --workers 4
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_send_common import (
    DEFAULT_PG,
    WEDNESDAY,
    Sink,
    fresh_database,
    load,
    machine,
    outbox_counts,
    raw_smtplib,
    schedule_emails,
    start_workers,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--pg-url", default=DEFAULT_PG, help="an existing PostgreSQL database to create a scratch one next to"
    )
    parser.add_argument("--emails", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--batch", type=int, default=20, help="rows a worker claims at once")
    args = parser.parse_args()

    print(machine())
    print(
        f"{load()} before the run; database {args.db}, {args.workers} worker process(es), "
        f"{args.emails:,} emails"
    )
    url, drop = fresh_database(args.db, args.pg_url)
    try:
        t = time.perf_counter()
        schedule_emails(url, args.emails)
        print(f"scheduled {args.emails:,} emails in {time.perf_counter() - t:.1f} s")

        sink = Sink()
        ceiling = raw_smtplib(sink.port, min(args.emails, 5000), args.workers)
        sink.stop()
        print(f"raw smtplib ceiling ({args.workers} connection(s)): {ceiling:,.0f} emails/s")

        sink = Sink()
        t0 = time.time()
        t = time.perf_counter()
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_out: Any = mp.Queue()
        procs = start_workers(args.workers, url, sink.port, t0, batch=args.batch, cpu_out=cpu_out)
        steady = [cpu_out.get() for _ in procs]  # before join: a process with queued data waits for it
        for p in procs:
            p.join()
        elapsed = time.perf_counter() - t
        cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
        result = sink.stop()
        counts = outbox_counts(url)
        delivered = sum(result["recipients"].values())
        print(
            f"full send path: {counts['sent']:,} sent, {delivered:,} delivered to the sink "
            f"in {elapsed:.1f} s "
            f"= {counts['sent'] / elapsed:,.0f} emails/s (worker start-up included)"
        )
        print(f"outbox states: {dict(counts)}")
        print(
            f"worker CPU per email: {cpu / max(counts['sent'], 1) * 1000:.1f} ms "
            "(start-up included; database server not counted)"
        )
        sending_cpu = sum(c for c, _ in steady) / max(sum(n for _, n in steady), 1)
        print(f"worker CPU per email after start-up: {sending_cpu * 1000:.1f} ms")
        print(f"ratio full path / ceiling: {counts['sent'] / elapsed / ceiling:.2f}")
        print(
            f"reply stops remaining steps: {reply_stop_ms(url):.1f} ms (commit included), "
            "before any next tick"
        )
        print(f"{load()} after the run")
    finally:
        drop()


def reply_stop_ms(url: str) -> float:
    """Enrol one more person with a pending step, record a reply, check nothing is left to claim."""
    from sqlalchemy import select

    from talentscout.db.engine import make_engine
    from talentscout.db.tables_engage import outbox
    from talentscout.services import engage_events
    from talentscout.services import outbox as ob

    engine = make_engine(url)
    with engine.begin() as conn:
        row = conn.execute(
            select(outbox.c.workspace_id, outbox.c.person_id, outbox.c.idempotency_key).limit(1)
        ).one()
        conn.execute(
            outbox.update()
            .where(outbox.c.idempotency_key == row.idempotency_key)
            .values(status="pending", due_at=WEDNESDAY)
        )
    t = time.perf_counter()
    with engine.begin() as conn:
        engage_events.record_inbound(
            conn,
            workspace_id=row.workspace_id,
            person_id=row.person_id,
            channel="sms",
            kind="reply",
            now=WEDNESDAY,
        )
    elapsed = (time.perf_counter() - t) * 1000
    with engine.begin() as conn:
        assert (
            ob.claim(conn, worker="probe", now=WEDNESDAY + __import__("datetime").timedelta(days=1), limit=10)
            == []
        )
    engine.dispose()
    return elapsed


if __name__ == "__main__":
    main()
