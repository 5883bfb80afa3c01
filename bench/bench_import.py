"""Import throughput: a CSV of N profiles into a fresh SQLite database, end to end.

End to end = read + normalise (names, emails, phones, URLs, places, skills) + store (people, source
records with raw payload, provenance, contact points, experience, skills, tags) + full-text index.
The same rows' raw ``executemany`` insert into one plain table is measured in the same run as the ceiling.

    python bench/bench_import.py --rows 1000000
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

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
    """Samples this process's resident memory every 0.2 s (VmRSS), so a flat profile shows as flat."""

    def __init__(self) -> None:
        self.samples: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self.samples.append(_rss_kb())

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


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


def end_to_end(csv_path: Path, workdir: Path, workers: int = 1) -> tuple[float, int, int, int, float]:
    from talentscout.bootstrap import bootstrap
    from talentscout.domain.permissions import Actor, Role
    from talentscout.importers.base import ImportOptions
    from talentscout.services import accounts, ingest, people
    from talentscout.settings import Settings

    c = bootstrap(
        Settings(data_dir=workdir, database_url=f"sqlite:///{workdir / 'bench.sqlite3'}"), run_migrations=True
    )
    ws = accounts.create_workspace(c.db, name="Bench")
    actor = Actor(user_id=None, workspace_id=ws, role=Role.ADMIN)
    with PeakRss() as rss:
        start = time.perf_counter()
        report = ingest.run_import(
            c.db,
            actor=actor,
            path=csv_path,
            format="csv",
            source_name="bench",
            options=ImportOptions(id_column="id"),
            batch_size=1000,
            workers=workers,
        )
        elapsed = time.perf_counter() - start
    t0 = time.perf_counter()
    hits = people.list_people(
        c.db, actor=actor, filters=people.PoolFilter(q="kubernetes berlin", per_page=10)
    )
    search_ms = (time.perf_counter() - t0) * 1000
    assert report.status == "done", report.error
    return report.created / elapsed, max(rss.samples or [0]), report.created, hits.total, search_ms


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="processes deriving profiles"
    )
    args = parser.parse_args()
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        csv_path = work / "profiles.csv"
        t = time.perf_counter()
        write_csv(csv_path, args.rows)
        size_mb = csv_path.stat().st_size / 1e6
        print(f"generated {args.rows:,} rows ({size_mb:.0f} MB) in {time.perf_counter() - t:.1f} s")
        ceiling = raw_ceiling(csv_path, work / "raw.sqlite3")
        print(f"raw executemany ceiling: {ceiling:,.0f} rows/s")
        rate, peak_kb, created, hits, search_ms = end_to_end(csv_path, work, args.workers)
        print(f"end to end ({args.workers} workers): {created:,} people at {rate:,.0f} rows/s")
        print(f"peak RSS during the import: {peak_kb / 1024:.0f} MB")
        print(f"ratio end-to-end / ceiling: {rate / ceiling:.3f}")
        print(f"search 'kubernetes berlin' after import: {hits:,} matches in {search_ms:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
