"""Identity resolution at scale, through the product's own path: N stored source records resolved by
the matching job a large import queues (``identity_ingest.match_pending``: index every record, then
match them in batches of 5,000, scored in worker processes), then an incremental batch of new
records matched inline against that pool (``identity_store.save`` + ``identity_match.match``, what an
import batch does).

Records are synthetic people (given and family names drawn across the demo's name pools, 5,000
employers, 40 cities) with 1–3 records each from six sources, and noise: nicknames, dropped
diacritics, Gmail dots, missing fields, a moved city. They are written as an import leaves them
(people, source records, field provenance, contact points; not timed) into a fresh SQLite file.

"Resolved" means what the product leaves after the job: people merged (``merge_many`` per batch),
review pairs queued, every record under its person. The quality line reads each record's person back
from the store. ``--decisions-only`` times the job with ``apply=False`` instead (every pair decided,
nothing written but flags; clusters then a union-find of MERGE pairs).

    python bench/bench_dedupe_scale.py --records 100000 [--workers 2] [--decisions-only]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from bench_send_common import fresh_database
from sqlalchemy import insert, make_url, select, text
from sqlalchemy.engine import Connection, Engine

from talentscout.db.bulk import bind_value, insert_tuples
from talentscout.db.engine import make_engine, migrate
from talentscout.db.tables import (
    contact_points,
    field_provenance,
    people,
    source_records,
    sources,
    workspaces,
)
from talentscout.demo.names import POOLS
from talentscout.domain.identity import MatchRecord, Outcome
from talentscout.domain.identity.evaluation import pairwise
from talentscout.services import identity_ingest
from talentscout.services import identity_store as store
from talentscout.services.identity_match import match
from talentscout.services.unit_of_work import Database

SOURCES = ("linkedin", "badges", "referrals", "applicants", "cv database", "agency")
CITIES = (
    "Berlin", "Hamburg", "Munich", "Cologne", "Frankfurt", "Stuttgart", "Düsseldorf", "Leipzig",
    "Dresden", "Hanover", "Nuremberg", "Bremen", "Vienna", "Zurich", "Basel", "Geneva", "Paris", "Lyon",
    "Marseille", "Toulouse", "Lille", "Bordeaux", "Madrid", "Barcelona", "Valencia", "Seville", "Bilbao",
    "Lisbon", "Porto", "London", "Manchester", "Edinburgh", "Dublin", "Amsterdam", "Rotterdam",
    "Brussels", "Warsaw", "Kraków", "Prague", "Copenhagen",
)  # fmt: skip
EMPLOYERS = tuple(f"Company {i}" for i in range(5000))
GIVEN = tuple(sorted({n for p in POOLS.values() for n in (*p.male, *p.female)}))
FAMILY = tuple(sorted({n for p in POOLS.values() for n in p.family}))
STRIP = str.maketrans("äöüéèàíóúñçłšžå", "aouaeaiouncszla")
NICK = {
    "Maximilian": "Max",
    "Alexander": "Alex",
    "Katharina": "Kathi",
    "Nicolas": "Nico",
    "Sebastian": "Basti",
}
Person = tuple[str, str, str, str, str]


def rss_mb(pid: int | str = "self") -> float:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children_rss_mb() -> float:
    """RSS of this process's children (the scoring workers)."""
    total = 0.0
    for task in Path("/proc/self/task").iterdir():
        try:
            kids = (task / "children").read_text().split()
        except OSError:
            continue
        total += sum(rss_mb(k) for k in kids)
    return total


def people_of(rng: random.Random) -> Person:
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    return given, family, rng.choice(CITIES), rng.choice(EMPLOYERS), f"{rng.randrange(10**9):09d}"


def record(rid: int, source: int, person: Person, rng: random.Random) -> MatchRecord:
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
            folks.append(people_of(rng))
        for _ in range(1 if reuse else rng.choice((1, 1, 2, 3))):
            if len(out) >= n:
                break
            out.append(record(rid, rng.randrange(len(SOURCES)) + 1, folks[index], rng))
            truth[str(rid)] = index
            rid += 1
    return out, truth, folks


def store_as_imported(conn: Connection, ws: int, recs: list[MatchRecord], now: datetime) -> None:
    """The rows an import leaves for each record: its person, source record, field provenance and
    contact points (what ``identity_store.records_from_store`` reads)."""
    at = bind_value(conn.dialect, people.c.created_at, now)
    person_rows, record_rows, field_rows, contact_rows = [], [], [], []
    for r in recs:
        rid = int(r.record_id)
        name = f"{r.given_name} {r.family_name}"
        person_rows.append(
            (rid, ws, name, r.given_name, r.family_name, name.lower(), r.city, False, "", at, at)
        )
        record_rows.append((rid, ws, int(r.source), r.record_id, rid, "cv_database", "{}", "", at, at))
        fields = {
            "display_name": name,
            "given_name": r.given_name,
            "family_name": r.family_name,
            "city": r.city,
        }
        if r.current_employer:
            fields["current_employer"] = r.current_employer
        field_rows.append((ws, rid, rid, json.dumps(fields), at))
        for kind, values in (("email", r.emails), ("phone", r.phones)):
            contact_rows += [(ws, rid, rid, kind, v, v, "", True, at) for v in values]
    insert_tuples(
        conn,
        people,
        ("id", "workspace_id", "display_name", "given_name", "family_name", "name_normalised", "city",
         "silver_medalist", "search_text", "created_at", "updated_at"),
        person_rows,
    )  # fmt: skip
    insert_tuples(
        conn,
        source_records,
        ("id", "workspace_id", "source_id", "external_id", "person_id", "channel", "payload",
         "payload_hash", "created_at", "updated_at"),
        record_rows,
    )  # fmt: skip
    insert_tuples(
        conn,
        field_provenance,
        ("workspace_id", "person_id", "source_record_id", "fields", "recorded_at"),
        field_rows,
    )
    insert_tuples(
        conn,
        contact_points,
        ("workspace_id", "person_id", "source_record_id", "kind", "value", "raw", "label", "valid",
         "created_at"),
        contact_rows,
    )  # fmt: skip


class Sampler:
    """RSS (this process + the scoring workers) every half second, with how far matching got."""

    def __init__(self) -> None:
        self.samples: list[tuple[float, float, float]] = []  # (time, own MB, workers MB)
        self.done: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            self.samples.append((time.perf_counter(), rss_mb(), children_rss_mb()))

    def progress(self, done: int) -> None:
        self.done.append((time.perf_counter(), done))

    def at_quarters(self, total: int) -> str:
        out = []
        for q in (0.25, 0.5, 0.75, 1.0):
            when = next((t for t, d in self.done if d >= total * q), None)
            near = [s for s in self.samples if when is not None and s[0] <= when] or self.samples[:1]
            own, kids = (near[-1][1], near[-1][2]) if near else (rss_mb(), 0.0)
            out.append(f"{own:.0f}+{kids:.0f}")
        return " / ".join(out)

    def peak(self) -> str:
        own = max((s[1] for s in self.samples), default=rss_mb())
        kids = max((s[2] for s in self.samples), default=0.0)
        return f"{own:.0f} MB (this process), {kids:.0f} MB (workers, together)"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--incremental", type=int, default=1_000)
    parser.add_argument("--chunk", type=int, default=5_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="1: in-process")
    parser.add_argument("--decisions-only", action="store_true", help="decide every pair, merge nothing")
    parser.add_argument("--keep", help="keep the SQLite database at this path")
    parser.add_argument(
        "--postgres", metavar="URL", help="run on a new database of this PostgreSQL server instead of SQLite"
    )
    args = parser.parse_args()
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    records, truth, folks = generate(args.records, seed=7)
    print(f"generated {len(records):,} records of {len(folks):,} people")
    with tempfile.TemporaryDirectory() as tmp:
        drop: Callable[[], None] = lambda: None  # noqa: E731
        if args.postgres:
            url, drop = fresh_database("postgres", args.postgres)
        else:
            url = f"sqlite:///{Path(args.keep) if args.keep else Path(tmp) / 'scale.sqlite3'}"
            migrate(url)
        print(f"database: {make_url(url).get_backend_name()}")
        engine = make_engine(url)
        db = Database(engine)
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
        started = time.perf_counter()
        for i in range(0, len(records), args.chunk):
            with engine.begin() as conn:
                store_as_imported(conn, ws, records[i : i + args.chunk], now)
        if args.postgres:  # ids were given: move the sequences past them
            with engine.begin() as conn:
                for table in ("people", "source_records"):
                    conn.execute(
                        text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {len(records) * 2})")
                    )
        print(
            f"stored {len(records):,} records as an import leaves them "
            f"in {time.perf_counter() - started:.1f} s"
        )

        apply = not args.decisions_only
        what = "merged" if apply else "decisions only"
        load = os.getloadavg()[0]
        cpu, children = time.process_time(), os.times()
        started = time.perf_counter()
        with Sampler() as sampler:
            s = identity_ingest.match_pending(
                db, workspace_id=ws, chunk=args.chunk, workers=args.workers, apply=apply,
                on_progress=sampler.progress,
            )  # fmt: skip
        total = time.perf_counter() - started
        after = os.times()
        cpu_own = time.process_time() - cpu
        cpu_workers = (after.children_user + after.children_system) - (
            children.children_user + children.children_system
        )
        print(
            f"resolved {len(records):,} records (match_pending, {what}, {args.workers} workers) in "
            f"{total:.1f} s = {len(records) / total:,.0f} records/s: index {s.seconds['index']:.1f} s, "
            f"match {s.seconds['match']:.1f} s; {s.compared:,} pairs compared, {s.merged:,} merges, "
            f"{s.reviews:,} review pairs"
        )
        print(
            f"CPU: {cpu_own:.1f} s this process + {cpu_workers:.1f} s workers; load average before "
            f"{load:.2f}, after {os.getloadavg()[0]:.2f}"
        )
        quarters = sampler.at_quarters(len(records))
        print(
            f"RSS at 25/50/75/100 % of matching (this process + workers): {quarters} MB; "
            f"peak {sampler.peak()}"
        )
        if apply:
            clusters = stored_people(engine)
            reviews = s.reviews
        else:
            clusters = union(s.decisions, [r.record_id for r in records])
            reviews = Counter(o for _, _, o in s.decisions)[Outcome.REVIEW]
        pw = pairwise(clusters, {k: str(v) for k, v in truth.items()})
        print(
            f"quality: pairwise P {pw.precision:.4f} R {pw.recall:.4f} F1 {pw.f1:.4f}; "
            f"{reviews:,} pairs to review; {len(set(clusters.values())):,} people for {len(folks):,} true"
        )
        new, _, _ = generate(args.incremental, seed=8, start=len(records) + 1, known=folks)
        with engine.begin() as conn:
            store_as_imported(conn, ws, new, now)
        started = time.perf_counter()
        with engine.begin() as conn:
            store.save(conn, ws, new, new=True)
            inc = match(conn, workspace_id=ws, records=new, now=now, apply=apply)
        print(
            f"incremental: {len(new):,} new records into a pool of {len(records):,} in "
            f"{time.perf_counter() - started:.2f} s ({inc.compared:,} pairs, {inc.merged:,} merges, "
            f"{inc.reviews:,} reviews; {what})"
        )
        engine.dispose()
    drop()
    print(f"after: load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


def stored_people(engine: Engine) -> dict[str, str]:
    """Each source record's person, as the store holds it after the job."""
    with engine.connect() as conn:
        rows = conn.execute(select(source_records.c.id, source_records.c.person_id))
        return {str(r[0]): str(r[1]) for r in rows}


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
