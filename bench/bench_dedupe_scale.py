"""Identity resolution at scale, in the store: N source records indexed and matched in batch, then an
incremental batch of new records matched against that pool.

Records are synthetic people (the demo's name pools: German, French, Spanish … names with realistic
repetition) with 1–3 records each from six sources, and noise: nicknames, dropped diacritics, Gmail
dots, a second mailbox, missing fields, a moved city. The store is a fresh SQLite file; the path
timed is the product's own: ``identity_store.save`` (match records and blocking keys) and
``identity_match.match`` over chunks (indexed key lookups, scoring, decisions). Decisions are
applied as a union-find of MERGE pairs here (``apply=False``: no people rows are rewritten), so the
timing is blocking + scoring + deciding, not the merge writes. Also reports pairwise F1 of the result.

    python bench/bench_dedupe_scale.py --records 100000
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from talentscout.db.engine import make_engine, migrate
from talentscout.db.tables import source_records, sources, workspaces
from talentscout.demo.names import POOLS
from talentscout.domain.identity import MatchRecord, Outcome
from talentscout.domain.identity.evaluation import pairwise
from talentscout.services import identity_store as store
from talentscout.services.identity_match import match

SOURCES = ("linkedin", "badges", "referrals", "applicants", "cv database", "agency")
CITIES = ("Berlin", "Hamburg", "Munich", "Paris", "Lyon", "Madrid", "Barcelona", "London", "Warsaw", "Lisbon")
EMPLOYERS = tuple(f"Company {i}" for i in range(400))
STRIP = str.maketrans("äöüéèàíóúñçłšžå", "aouaeaiouncszla")
NICK = {
    "Maximilian": "Max",
    "Alexander": "Alex",
    "Katharina": "Kathi",
    "Nicolas": "Nico",
    "Sebastian": "Basti",
}


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def people(rng: random.Random) -> tuple[str, str, str, str, str]:
    pool = POOLS[rng.choice(sorted(POOLS))]
    given = rng.choice(pool.male + pool.female)
    family = rng.choice(pool.family)
    return given, family, rng.choice(CITIES), rng.choice(EMPLOYERS), f"{rng.randrange(10**9):09d}"


def record(rid: int, source: int, person: tuple[str, str, str, str, str], rng: random.Random) -> MatchRecord:
    given, family, city, employer, tag = person
    ascii_family = family.lower().translate(STRIP).replace(" ", "")
    email = f"{given.lower().translate(STRIP)}.{ascii_family}{tag[:3]}@gmail.com"
    if rng.random() < 0.3:
        given = NICK.get(given, given)
    if rng.random() < 0.3:
        family = family.translate(STRIP)
    if rng.random() < 0.2:
        email = email.replace(".", "", 1)  # Gmail ignores dots
    emails = frozenset({email}) if rng.random() < 0.8 else frozenset()
    phones = frozenset({f"+4915{tag}"}) if rng.random() < 0.4 else frozenset()
    return MatchRecord(
        str(rid),
        source=str(source),
        given_name=given,
        family_name=family,
        emails=emails,
        phones=phones,
        current_employer=employer if rng.random() < 0.7 else "",
        city=city if rng.random() < 0.85 else rng.choice(CITIES),
    )


Person = tuple[str, str, str, str, str]


def generate(
    n: int, seed: int, start: int = 1, known: list[Person] | None = None
) -> tuple[list[MatchRecord], dict[str, int], list[Person]]:
    rng = random.Random(seed)
    folks = known if known is not None else []
    rid = start
    out: list[MatchRecord] = []
    truth: dict[str, int] = {}
    while len(out) < n:
        reuse = known is not None and rng.random() < 0.3
        index = rng.randrange(len(folks)) if reuse else len(folks)
        if not reuse:
            folks.append(people(rng))
        for _ in range(1 if reuse else rng.choice((1, 1, 2, 3))):
            if len(out) >= n:
                break
            out.append(record(rid, rng.randrange(len(SOURCES)) + 1, folks[index], rng))
            truth[str(rid)] = index
            rid += 1
    return out, truth, folks


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--incremental", type=int, default=1_000)
    parser.add_argument("--chunk", type=int, default=5_000)
    args = parser.parse_args()
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    records, truth, folks = generate(args.records, seed=7)
    print(f"generated {len(records):,} records of {len(folks):,} people")
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'scale.sqlite3'}"
        migrate(url)
        engine = make_engine(url)
        now = datetime.now(UTC)
        with engine.begin() as conn:
            ws = conn.execute(
                insert(workspaces)
                .values(name="bench", slug="bench", created_at=now)
                .returning(workspaces.c.id)
            ).scalar_one()
            for name in SOURCES:
                conn.execute(
                    insert(sources).values(
                        workspace_id=ws,
                        name=name,
                        format="csv",
                        channel="cv_database",
                        mapping={},
                        created_at=now,
                    )
                )

        def rows(recs: list[MatchRecord]) -> list[dict[str, Any]]:
            return [
                {
                    "id": int(r.record_id),
                    "workspace_id": ws,
                    "source_id": int(r.source),
                    "external_id": r.record_id,
                    "channel": "cv_database",
                    "payload": {},
                    "payload_hash": "",
                    "created_at": now,
                    "updated_at": now,
                }
                for r in recs
            ]

        cpu = time.process_time()
        started = time.perf_counter()
        for i in range(0, len(records), args.chunk):
            with engine.begin() as conn:
                part = records[i : i + args.chunk]
                conn.execute(insert(source_records), rows(part))
                store.save(conn, ws, part)
        indexed = time.perf_counter() - started
        print(
            f"indexed {len(records):,} records in {indexed:.1f} s ({len(records) / indexed:,.0f}/s), "
            f"RSS {rss_mb():.0f} MB"
        )
        decisions: list[tuple[int, int, Outcome]] = []
        rss = []
        compared = 0
        started = time.perf_counter()
        for i in range(0, len(records), args.chunk):
            with engine.begin() as conn:
                ids = [int(r.record_id) for r in records[i : i + args.chunk]]
                loaded = store.load(conn, ids)
                s = match(
                    conn,
                    workspace_id=ws,
                    records=[loaded[x].record for x in ids],
                    now=now,
                    only_older=True,
                    apply=False,
                )
                decisions += s.decisions
                compared += s.compared
            rss.append(rss_mb())
        matched = time.perf_counter() - started
        total = indexed + matched
        print(f"matched in {matched:.1f} s: {compared:,} pairs compared ({compared / matched:,.0f}/s)")
        print(
            f"resolved {len(records):,} records (index + match) in {total:.1f} s = "
            f"{len(records) / total:,.0f} records/s"
            f" (CPU of this process: {time.process_time() - cpu:.1f} s)"
        )
        quarter = [rss[int(len(rss) * q) - 1] for q in (0.25, 0.5, 0.75, 1.0)]
        print(f"RSS at 25/50/75/100 % of matching: {' / '.join(f'{x:.0f}' for x in quarter)} MB")
        clusters = union(decisions, [r.record_id for r in records])
        pw = pairwise(clusters, {k: str(v) for k, v in truth.items()})
        reviews = Counter(o for _, _, o in decisions)[Outcome.REVIEW]
        print(
            f"quality: pairwise P {pw.precision:.4f} R {pw.recall:.4f} F1 {pw.f1:.4f}; "
            f"{reviews:,} pairs to review"
        )

        new, _, _ = generate(args.incremental, seed=8, start=len(records) + 1, known=folks)
        started = time.perf_counter()
        with engine.begin() as conn:
            conn.execute(insert(source_records), rows(new))
            store.save(conn, ws, new)
            s = match(conn, workspace_id=ws, records=new, now=now, apply=False)
        inc = time.perf_counter() - started
        print(
            f"incremental: {len(new):,} new records into a pool of {len(records):,} in {inc:.2f} s "
            f"({s.compared:,} pairs, {s.merged:,} merges, {s.reviews:,} reviews)"
        )
    print(f"after: load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


def union(decisions: list[tuple[int, int, Outcome]], ids: list[str]) -> dict[str, str]:
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x, y, outcome in decisions:
        if outcome is Outcome.MERGE:
            parent[find(str(x))] = find(str(y))
    return {i: find(i) for i in ids}


if __name__ == "__main__":
    sys.exit(main())
