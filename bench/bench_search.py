"""Recruiter search latency at scale: SQLite, PostgreSQL and a raw tantivy index over the same rows.

Builds (once, then cached) a pool of N generated profiles through the real import path
(``bench/bench_search_pool.py``), copies the same rows into PostgreSQL when ``--postgres`` is given
(``bench/bench_search_pg.py``) and into a tantivy index (``bench/bench_search_tantivy.py``, the in-process
ceiling), then runs a mix of recruiter queries through ``services.search.search_people`` — parse,
compile, one page of 50 people with their summaries, and the total (counted up to 1,000) — and the same
queries on tantivy (top 50 ids and the exact count). Prints p50/p95/p99 per backend and per query class.

    python bench/bench_search.py --rows 1000000 [--postgres postgresql+psycopg://postgres@127.0.0.1/bench]
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import bench_search_pool as pool

#: (class, query): common and rare words, phrases, prefixes, booleans, fields, synonyms, ranges, radius
QUERIES = [
    ("word", "python"),
    ("word", "engineer"),
    ("word", "erlang"),
    ("word", "cobol fortran"),
    ("phrase", '"machine learning"'),
    ("phrase", '"site reliability engineer"'),
    ("prefix", "engineer*"),
    ("prefix", "kube*"),
    ("prefix", 'title:"data sci"*'),
    ("boolean", "(python OR golang) AND kubernetes"),
    ("boolean", "java -javascript"),
    ("boolean", "(react OR angular OR vue.js) typescript -php"),
    ("boolean", "rust OR haskell OR ocaml OR elixir"),
    ("field", 'title:"backend engineer" skill:python'),
    ("field", "company:google"),
    ("field", "pastcompany:zalando skill:go"),
    ("field", 'school:"technical university of munich"'),
    ("field", "location:germany title:engineer*"),
    ("field", "skill:k8s -company:amazon"),
    ("field", 'source:"bench pool" skill:haskell'),
    ("synonym", "k8s"),
    ("synonym", "JS"),
    ("synonym", "skill:C++ skill:cuda"),
    ("years", "years:5..10 skill:python"),
    ("years", 'years:..2 title:"data scientist"'),
    ("years", "years:20.. title:cto"),
    ("radius", "near:Berlin within:50km skill:python"),
    ("radius", 'near:"San Francisco" within:30mi title:engineer*'),
    ("radius", "near:Tallinn within:25km"),
    (
        "recruiter",
        '(python OR golang) AND title:"backend engineer" -company:acme near:"Berlin" within:50km years:5..10',
    ),
    ("recruiter", "skill:(kafka OR spark) years:3..8 location:UK -title:manager"),
]


def _load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def report(name: str, samples: dict[str, list[float]]) -> dict[str, float]:
    """Print and return p50/p95/p99 (ms) over all queries and per class."""
    everything = [t for ts in samples.values() for t in ts]
    line = {q: _pct(everything, q) for q in (50, 95, 99)}
    print(f"{name:<11} all      p50 {line[50]:7.1f}  p95 {line[95]:7.1f}  p99 {line[99]:7.1f} ms")
    classes: dict[str, list[float]] = {}
    for (cls, _), ts in zip(QUERIES, samples.values(), strict=True):
        classes.setdefault(cls, []).extend(ts)
    for cls, ts in classes.items():
        print(f"{'':<11} {cls:<8} p50 {_pct(ts, 50):7.1f}  p95 {_pct(ts, 95):7.1f}  max {max(ts):7.1f} ms")
    return line


def measure(run: Callable[[str], int], repeat: int) -> tuple[dict[str, list[float]], dict[str, int]]:
    """Each query once to warm up, then ``repeat`` rounds over the whole mix (interleaved)."""
    totals = {q: run(q) for _, q in QUERIES}
    samples: dict[str, list[float]] = {q: [] for _, q in QUERIES}
    for _ in range(repeat):
        for _, q in QUERIES:
            start = time.perf_counter()
            run(q)
            samples[q].append((time.perf_counter() - start) * 1000)
    return samples, totals


def _container(url: str, data_dir: Path) -> tuple[Any, Any]:
    from talentscout.bootstrap import bootstrap
    from talentscout.domain.permissions import Actor, Role
    from talentscout.settings import Settings

    c = bootstrap(Settings(data_dir=data_dir, database_url=url), run_migrations=False)
    with c.db.read() as conn:
        ws = conn.exec_driver_sql("SELECT min(id) FROM workspaces").scalar_one()
    return c, Actor(user_id=None, workspace_id=ws, role=Role.ADMIN)


def service_runner(url: str, data_dir: Path) -> Callable[[str], int]:
    from talentscout.services.search import search_people

    c, actor = _container(url, data_dir)

    def run(query: str) -> int:
        return search_people(c.db, actor=actor, query=query, limit=50).total

    return run


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/talentscout-bench-search"))
    parser.add_argument("--postgres", help="a PostgreSQL URL whose database the benchmark may overwrite")
    parser.add_argument("--repeat", type=int, default=5, help="rounds over the query mix per backend")
    parser.add_argument("--backends", default="sqlite,postgres,tantivy", help="which to measure")
    args = parser.parse_args()
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, ")
    print(f"SQLite {sqlite3.sqlite_version}, {_load()}")
    args.cache.mkdir(parents=True, exist_ok=True)
    db_path = args.cache / f"pool-{args.rows}.sqlite3"
    if not db_path.exists():
        start = time.perf_counter()
        pool.build(db_path, args.rows)
        print(f"built the pool of {args.rows:,} in {time.perf_counter() - start:.0f} s")
        pool.optimize(db_path)
    print(f"pool: {db_path} ({db_path.stat().st_size / 1e9:.2f} GB); {len(QUERIES)} queries x {args.repeat}")
    lines: dict[str, dict[str, float]] = {}
    totals: dict[str, int] = {}
    backends = args.backends.split(",")
    if "sqlite" in backends:
        samples, totals = measure(service_runner(f"sqlite:///{db_path}", args.cache), args.repeat)
        lines["SQLite"] = report("SQLite", samples)
    if args.postgres and "postgres" in backends:
        import bench_search_pg

        bench_search_pg.copy(db_path, args.postgres)
        samples, pg_totals = measure(service_runner(args.postgres, args.cache), args.repeat)
        lines["PostgreSQL"] = report("PostgreSQL", samples)
        differ = [q for q in totals if totals[q] != pg_totals[q]]
        print(f"same totals on SQLite and PostgreSQL: {not differ} {differ or ''}")
        totals = totals or pg_totals
    if "tantivy" in backends:
        import bench_search_tantivy

        index = bench_search_tantivy.build(db_path, args.cache / f"tantivy-{args.rows}")
        ceiling = bench_search_tantivy.Ceiling(index, date.today())
        samples, exact = measure(lambda q: ceiling.search(q)[1], args.repeat)
        lines["tantivy"] = report("tantivy", samples)
        print("tantivy matches (exact count):", ", ".join(f"{n:,}" for n in exact.values()))
        for name in ("SQLite", "PostgreSQL"):
            if name in lines:
                ratio = {q: lines[name][q] / max(lines["tantivy"][q], 1e-3) for q in (50, 95)}
                print(f"ratio {name} / tantivy: p50 {ratio[50]:.1f}x, p95 {ratio[95]:.1f}x")
    from talentscout.services.search import TOTAL_CAP

    print(f"matches per query (counted up to {TOTAL_CAP:,}):")
    for (cls, q), n in zip(QUERIES, totals.values(), strict=False):
        print(f"  {cls:<9} {n:>6,}{'+' if n >= TOTAL_CAP else ' '}  {q}")
    print(f"after: {_load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
