"""Search facet latency: ``services.facets.search_facets`` over the search benchmark's query mix.

Uses the same generated pool as ``bench/bench_search.py`` (``bench/bench_search_pool.py``, built once
and cached) and the same queries, plus the empty query (facets of the whole pool). Each call parses and
compiles the query, counts every match and groups the (at most 10,000) most recently updated matches by
source, city, current company, skill and years of experience — one statement. Prints p50/p95/p99.

    python bench/bench_facets.py --rows 100000
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench_search_pool as pool
from bench_search import QUERIES


def _load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/talentscout-bench-facets"))
    parser.add_argument("--repeat", type=int, default=3, help="rounds over the query mix")
    args = parser.parse_args()
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, ")
    print(f"SQLite {sqlite3.sqlite_version}, {_load()}")
    args.cache.mkdir(parents=True, exist_ok=True)
    db_path = args.cache / f"pool-{args.rows}.sqlite3"
    if not db_path.exists():
        start = time.perf_counter()
        pool.build(db_path, args.rows)
        print(f"built the pool of {args.rows:,} in {time.perf_counter() - start:.0f} s")

    from talentscout.bootstrap import bootstrap
    from talentscout.domain.permissions import Actor, Role
    from talentscout.services import facets
    from talentscout.settings import Settings

    c = bootstrap(Settings(data_dir=args.cache, database_url=f"sqlite:///{db_path}"))
    actor = Actor(user_id=None, workspace_id=1, role=Role.ADMIN)
    queries = [q for _, q in QUERIES] + [""]
    times: list[float] = []
    totals: dict[str, int] = {}
    for _ in range(args.repeat):
        for q in queries:
            start = time.perf_counter()
            found = facets.search_facets(c.db, actor=actor, query=q)
            times.append((time.perf_counter() - start) * 1000)
            totals[q] = found.total
    p = {q: _pct(times, q) for q in (50, 95, 99)}
    print(f"facets over {args.rows:,} people, {len(queries)} queries x {args.repeat}: ")
    print(f"  p50 {p[50]:.0f} ms, p95 {p[95]:.0f} ms, p99 {p[99]:.0f} ms")
    median = sorted(totals.values())[len(totals) // 2]
    print(f"  matches per query: median {median:,}, max {max(totals.values()):,}")
    print(f"after: {_load()}")
    c.db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
