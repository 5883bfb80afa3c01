"""Import throughput: a CSV of N profiles into a fresh SQLite database, end to end.

End to end = read + normalise (names, emails, phones, URLs, places, skills) + store (people, source
records with raw payload, provenance, contact points, experience, skills, tags) + full-text index.
The same rows' raw ``executemany`` insert into one plain table is measured in the same run as the ceiling.

    python bench/bench_import.py --rows 1000000
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import pickle
import platform
import random
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FIRST = [
    "Ada",
    "José",
    "Zoë",
    "Łukasz",
    "Priya",
    "Chen",
    "Amara",
    "Lucas",
    "Fatima",
    "Sven",
    "Maria",
    "Ken",
    "Olga",
    "Kwame",
    "Ana",
    "Jonas",
    "Mei",
    "Rahul",
    "Sofia",
    "Tom",
]
LAST = [
    "Müller",
    "García",
    "Nowak",
    "Sharma",
    "Wang",
    "Okafor",
    "Silva",
    "Dubois",
    "Smith",
    "Rossi",
    "Kim",
    "Novak",
    "Jensen",
    "Haddad",
    "Kowalski",
    "Tanaka",
    "Brown",
    "Fischer",
    "Ivanova",
    "Lopez",
]
TITLES = [
    "Software Engineer",
    "Senior Data Scientist",
    "Product Manager",
    "Registered Nurse",
    "Account Executive",
    "DevOps Engineer",
    "UX Designer",
    "Financial Analyst",
    "Backend Developer",
]
COMPANIES = [
    "Acme GmbH",
    "Globex Inc",
    "Initech Ltd",
    "Umbrella SA",
    "Hooli LLC",
    "Stark Industries",
    "Wayne Enterprises",
    "Cyberdyne Systems",
    "Soylent Corp",
    "Vandelay Industries",
]
CITIES = [
    ("Berlin", "Germany"),
    ("London", "United Kingdom"),
    ("Paris", "France"),
    ("Madrid", "Spain"),
    ("New York", "United States"),
    ("Austin", "United States"),
    ("Warsaw", "Poland"),
    ("Bangalore", "India"),
    ("São Paulo", "Brazil"),
    ("Lagos", "Nigeria"),
]
SKILLS = [
    "Python",
    "Java",
    "SQL",
    "Kubernetes",
    "AWS",
    "React",
    "Excel",
    "Salesforce",
    "Machine learning",
    "Docker",
    "Go",
    "TypeScript",
    "Figma",
    "Tableau",
    "Nursing",
    "Negotiation",
]
#: rows per transaction (see docs/decisions/004-import-throughput.md)
BATCH_SIZE = 5000
HEADER = ["id", "name", "email", "phone", "title", "company", "city", "country", "skills", "linkedin", "tags"]


def write_csv(path: Path, rows: int, seed: int = 1) -> None:
    rnd = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for i in range(rows):
            first, last = rnd.choice(FIRST), rnd.choice(LAST)
            city, country = rnd.choice(CITIES)
            slug = f"{first}-{last}-{i}".lower()
            w.writerow(
                [
                    f"p{i}",
                    f"{first} {last}",
                    f"{slug}@example{i % 97}.com",
                    f"+49 30 {rnd.randint(1000000, 9999999)}",
                    rnd.choice(TITLES),
                    rnd.choice(COMPANIES),
                    city,
                    country,
                    ", ".join(rnd.sample(SKILLS, 4)),
                    f"https://linkedin.com/in/{slug}",
                    rnd.choice(["backend", "data", "sales", "nursing"]),
                ]
            )


class PeakRss:
    """Samples resident memory every 0.2 s — this process and, separately, with every descendant (the
    worker pool) — and the CPU time of the descendants, so a flat profile shows as flat."""

    def __init__(self) -> None:
        self.samples: list[int] = []
        self.tree_samples: list[int] = []
        self.child_cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            own = _rss_kb(os.getpid())
            self.samples.append(own)
            tree = own
            for pid in _descendants(os.getpid()):
                tree += _rss_kb(pid)
                self.child_cpu[pid] = max(self.child_cpu.get(pid, 0.0), _cpu_seconds(pid))
            self.tree_samples.append(tree)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def quartiles(self) -> str:
        n = len(self.samples)
        picks = [self.samples[min(n - 1, n * q // 4)] for q in (1, 2, 3, 4)] if n else [0]
        return " / ".join(f"{kb / 1024:.0f}" for kb in picks)


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _stat(pid: int) -> list[str]:
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2 :].split()  # fields from "state" on


def _descendants(root: int) -> list[int]:
    """Child processes, recursively (the forkserver and its workers), from ``/proc/*/task/*/children``."""
    found, frontier = [], [root]
    while frontier:
        kids = []
        for pid in frontier:
            for children in Path(f"/proc/{pid}/task").glob("*/children"):
                try:
                    kids += [int(k) for k in children.read_text().split()]
                except OSError:
                    continue
        found += kids
        frontier = kids
    return found


def _cpu_seconds(pid: int) -> float:
    try:
        fields = _stat(pid)
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def raw_ceiling(csv_path: Path, db_path: Path) -> float:
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(f"CREATE TABLE raw ({', '.join(h + ' TEXT' for h in HEADER)})")
    start = time.perf_counter()
    n = 0
    with csv_path.open(encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        batch: list[list[str]] = []
        for row in reader:
            batch.append(row)
            if len(batch) == 1000:
                conn.executemany(f"INSERT INTO raw VALUES ({', '.join('?' * len(HEADER))})", batch)
                conn.commit()
                n += len(batch)
                batch = []
        if batch:
            conn.executemany(f"INSERT INTO raw VALUES ({', '.join('?' * len(HEADER))})", batch)
            conn.commit()
            n += len(batch)
    elapsed = time.perf_counter() - start
    conn.close()
    return n / elapsed


@dataclass
class Result:
    rate: float
    created: int
    rss: PeakRss
    main_cpu: float
    hits: int
    search_ms: float


def _container(workdir: Path) -> tuple[Any, Any]:
    from talentscout.bootstrap import bootstrap
    from talentscout.domain.permissions import Actor, Role
    from talentscout.services import accounts
    from talentscout.settings import Settings

    c = bootstrap(
        Settings(data_dir=workdir, database_url=f"sqlite:///{workdir / 'bench.sqlite3'}"), run_migrations=True
    )
    ws = accounts.create_workspace(c.db, name="Bench")
    return c, Actor(user_id=None, workspace_id=ws, role=Role.ADMIN)


def end_to_end(csv_path: Path, workdir: Path, workers: int, batch_size: int) -> Result:
    from talentscout.importers.base import ImportOptions
    from talentscout.services import ingest, people

    c, actor = _container(workdir)
    with PeakRss() as rss:
        start, cpu = time.perf_counter(), time.process_time()
        report = ingest.run_import(
            c.db,
            actor=actor,
            path=csv_path,
            format="csv",
            source_name="bench",
            options=ImportOptions(id_column="id"),
            batch_size=batch_size,
            workers=workers,
        )
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    t0 = time.perf_counter()
    hits = people.list_people(
        c.db, actor=actor, filters=people.PoolFilter(q="kubernetes berlin", per_page=10)
    )
    search_ms = (time.perf_counter() - t0) * 1000
    assert report.status == "done", report.error
    return Result(report.created / elapsed, report.created, rss, cpu, hits.total, search_ms)


def stages(csv_path: Path, workdir: Path, rows: int, batch_size: int) -> dict[str, float]:
    """CPU µs per row of each stage of a sequential import, measured one stage at a time.

    Uses the import's internals (``_store_batch``, ``_start``): a measuring tool, not an API.
    """
    from talentscout.db.people_writer import derived_rows
    from talentscout.domain.profile import derive_profile
    from talentscout.importers.base import ImportOptions
    from talentscout.importers.registry import IMPORTERS
    from talentscout.services import ingest
    from talentscout.services.ingest_prepare import Prepared, from_wire, payload_hash, prepare, to_wire

    c, actor = _container(workdir)
    out: dict[str, float] = {}

    def timed(name: str, work: Callable[[], Any]) -> Any:
        start = time.process_time()
        result = work()
        out[name] = (time.process_time() - start) / rows * 1e6
        return result

    with IMPORTERS["csv"].open_records(csv_path, options=ImportOptions(id_column="id")) as records:  # type: ignore[attr-defined]
        table_rows = timed("read (csv → table rows)", lambda: list(records))
        parser = records.parser
    parsed = timed("parse (table row → ParsedRow)", lambda: [parser(r) for r in table_rows])
    timed("payload json + hash", lambda: [(json.dumps(p.payload), payload_hash(p.payload)) for p in parsed])
    profiles = timed(
        "derive_profile", lambda: [derive_profile(p.candidate, default_country=None) for p in parsed]
    )
    timed("derived_rows (profile → tuples)", lambda: [derived_rows(p) for p in profiles])
    prepared: list[Prepared] = [prepare(p, None, True) for p in parsed]
    chunks = [prepared[i : i + batch_size] for i in range(0, len(prepared), batch_size)]
    sent = [table_rows[i : i + batch_size] for i in range(0, len(table_rows), batch_size)]
    timed("pickle to worker (dump + load)", lambda: [_round_trip(b) for b in sent])
    timed("pickle from worker (dump + load)", lambda: [from_wire(_round_trip(to_wire(b))) for b in chunks])
    source = ingest.ensure_source(
        c.db, actor=actor, name="stages", format="csv", channel=ingest.SourceChannel.MANUAL
    )
    report = ingest._start(c.db, actor, source, csv_path.name, "csv")
    ctx = ingest.writer.WriteContext(actor.workspace_id, source.id, report.import_id, source.channel)

    def write() -> None:
        for chunk in chunks:
            with c.db.begin() as conn:
                ingest._store_batch(conn, c.db, ctx, chunk, report, None)

    timed("write (lock, ids, executemany, FTS, commit)", write)
    return out


def _round_trip(batch: list[Any]) -> Any:
    """What sending ``batch`` to another process costs (our own data: no untrusted pickle)."""
    return pickle.loads(pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL))  # noqa: S301


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="processes deriving profiles"
    )
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="rows per transaction")
    parser.add_argument(
        "--stages", action="store_true", help="instead: CPU µs/row of each stage, one stage at a time"
    )
    args = parser.parse_args()
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {_load()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        csv_path = work / "profiles.csv"
        t = time.perf_counter()
        write_csv(csv_path, args.rows)
        size_mb = csv_path.stat().st_size / 1e6
        print(f"generated {args.rows:,} rows ({size_mb:.0f} MB) in {time.perf_counter() - t:.1f} s")
        if args.stages:
            return _print_stages(csv_path, work, args)
        ceiling = raw_ceiling(csv_path, work / "raw.sqlite3")
        print(f"raw executemany ceiling: {ceiling:,.0f} rows/s")
        r = end_to_end(csv_path, work, args.workers, args.batch_size)
        workers_cpu = sum(r.rss.child_cpu.values())
        print(
            f"end to end ({args.workers} workers, batches of {args.batch_size:,}): "
            f"{r.created:,} people at {r.rate:,.0f} rows/s"
        )
        print(
            f"CPU per row: this process {r.main_cpu / r.created * 1e6:.0f} µs, "
            f"worker processes {workers_cpu / r.created * 1e6:.0f} µs"
        )
        print(f"peak RSS during the import: {max(r.rss.samples or [0]) / 1024:.0f} MB")
        print(f"peak RSS including worker processes: {max(r.rss.tree_samples or [0]) / 1024:.0f} MB")
        print(f"RSS of this process at 25/50/75/100 % of the import: {r.rss.quartiles()} MB")
        print(f"ratio end-to-end / ceiling: {r.rate / ceiling:.3f}")
        print(f"search 'kubernetes berlin' after import: {r.hits:,} matches in {r.search_ms:.0f} ms")
        print(f"after: {_load()}")
    return 0


def _print_stages(csv_path: Path, work: Path, args: argparse.Namespace) -> int:
    """One run per process: the caches of a second run in the same process would flatter it."""
    from talentscout.domain.profile import warm_up
    from talentscout.services.ingest_prepare import bulk_gc

    warm_up()
    with bulk_gc():  # as during an import
        timings = stages(csv_path, work, args.rows, args.batch_size)
    for name, us in timings.items():
        print(f"{name:<45} {us:7.1f} µs/row")
    print(f"{'total':<45} {sum(timings.values()):7.1f} µs/row; after: {_load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
