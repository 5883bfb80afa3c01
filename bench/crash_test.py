"""Crash test: N scheduled emails, worker processes killed with SIGKILL at random K times during the run.

Every kill is followed by a fresh worker process. When the outbox has settled, the sink's counts by
``X-Idempotency-Key`` are checked against the database:

* no key is delivered twice, and nothing reaches a suppressed person;
* every key recorded ``sent`` was delivered exactly once;
* ``unconfirmed`` keys (a worker died between recording ``sending`` and recording the outcome) were
  never handed over twice; with ``--relay idempotent`` (a relay that drops a repeated key, like a provider
  with idempotency keys, and ``TALENTSCOUT_SMTP_RELAY_IDEMPOTENT``) they are resumed instead, so every
  message is delivered exactly once. See docs/decisions/013-sending-exactly-once.md.

    python bench/crash_test.py --db postgres --emails 10000 --kills 20 --relay idempotent
    python bench/crash_test.py --db postgres --emails 10000 --kills 20 --relay plain
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_send_common import (
    DEFAULT_PG,
    Sink,
    fresh_database,
    load,
    machine,
    outbox_counts,
    schedule_emails,
    start_workers,
)

SETTLED = {"sent", "unconfirmed", "cancelled", "failed", "skipped"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="postgres")
    parser.add_argument("--pg-url", default=DEFAULT_PG)
    parser.add_argument("--emails", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--suppressed", type=int, default=100, help="people on the suppression list")
    parser.add_argument("--relay", choices=("plain", "idempotent"), default="idempotent")
    parser.add_argument(
        "--lease", type=int, default=15, help="seconds before a dead worker's rows are reconciled"
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    idempotent = args.relay == "idempotent"

    print(machine())
    print(
        f"{load()} before; {args.db}, {args.emails:,} emails, {args.workers} workers, "
        f"{args.kills} SIGKILLs, relay {args.relay}"
    )
    url, drop = fresh_database(args.db, args.pg_url)
    try:
        plan = schedule_emails(url, args.emails, suppressed=args.suppressed)
        sink = Sink(dedupe=idempotent)
        t0 = time.time()
        started = time.perf_counter()
        procs = start_workers(
            args.workers, url, sink.port, t0, lease=args.lease, idempotent=idempotent, batch=10
        )
        kills = 0
        while True:
            counts = outbox_counts(url)
            open_rows = sum(n for s, n in counts.items() if s not in SETTLED)
            if open_rows == 0:
                break
            if kills < args.kills and counts["sent"] > 0:
                time.sleep(rng.uniform(0.5, 4.0))
                victim = rng.randrange(len(procs))
                if procs[victim].is_alive():
                    procs[victim].kill()  # SIGKILL: no cleanup, no chance to record anything
                    procs[victim].join()
                    kills += 1
                    print(
                        f"  kill {kills:2d} at {time.perf_counter() - started:6.1f} s, outbox {dict(counts)}"
                    )
                procs[victim] = start_workers(
                    1, url, sink.port, t0, lease=args.lease, idempotent=idempotent, batch=10
                )[0]
                continue
            for i, p in enumerate(procs):
                if not p.is_alive():  # finished its pass; keep workers around until all is settled
                    procs[i] = start_workers(
                        1, url, sink.port, t0, lease=args.lease, idempotent=idempotent, batch=10
                    )[0]
            time.sleep(1.0)
        for p in procs:
            p.join()
        elapsed = time.perf_counter() - started
        result = sink.stop()
        return report(url, plan, result, outbox_counts(url), kills, elapsed)
    finally:
        drop()
        print(f"{load()} after")


def report(url: str, plan: dict, result: dict, counts: Counter[str], kills: int, elapsed: float) -> int:  # type: ignore[type-arg]
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        states = {str(k): str(s) for k, s in conn.execute(text("SELECT idempotency_key, status FROM outbox"))}
    engine.dispose()
    submissions: Counter[str] = Counter(result["submissions"])
    recipients: Counter[str] = Counter(result["recipients"])
    deliveries = submissions if not result["dedupe"] else Counter(dict.fromkeys(submissions, 1))
    sent = [k for k, s in states.items() if s == "sent"]
    unconfirmed = [k for k, s in states.items() if s == "unconfirmed"]
    twice = [k for k, n in deliveries.items() if n > 1]
    sent_not_once = [k for k in sent if deliveries[k] != 1]
    to_suppressed = sum(recipients[a] for a in plan["suppressed_addresses"])
    expected = len(plan["keys"]) - len(plan["suppressed_keys"])
    delivered_once = sum(1 for k in plan["keys"] if deliveries[k] == 1)
    print(f"done in {elapsed:.1f} s after {kills} SIGKILLs; outbox {dict(counts)}")
    print(
        f"keys delivered exactly once: {delivered_once:,} of {expected:,} sendable "
        f"({len(plan['suppressed_keys'])} suppressed)"
    )
    print(
        f"keys delivered more than once: {len(twice)}; "
        f"sent rows not delivered exactly once: {len(sent_not_once)}"
    )
    print(f"deliveries to suppressed people: {to_suppressed}")
    lost = [k for k in unconfirmed if deliveries[k] == 0]
    print(
        f"unconfirmed rows: {len(unconfirmed)} "
        f"(delivered {len(unconfirmed) - len(lost)}, not delivered {len(lost)})"
    )
    print(
        "hand-overs repeated after a crash and dropped by the relay:",
        sum(n - 1 for n in submissions.values() if n > 1),
    )
    ok = not twice and not sent_not_once and to_suppressed == 0
    print("RESULT:", "PASS" if ok and delivered_once == expected else ("PASS at most once" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
