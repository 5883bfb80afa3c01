"""Ranking latency: a role against a large pool, top 100, on SQLite — p50 and p95 per role.

Uses a pool built by ``bench/bench_search_pool.py`` (generated JSON Resume profiles imported through the
real import path; pass its SQLite file with ``--db``). The pool is only read. Each role runs the whole
service path: database pre-filter (tiered FTS5 queries on must-have skills and title words, see
``services/ranking_prefilter.py``), loading the candidates' profiles, scoring and sorting.

    python bench/bench_ranking_latency.py --db /path/to/pool-1000000.sqlite3 [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path

from sqlalchemy import func, select

from talentscout.bootstrap import bootstrap
from talentscout.db.tables import people, workspaces
from talentscout.domain.permissions import Actor, Role
from talentscout.domain.ranking import RoleSpec, spec_from_role, spec_from_text
from talentscout.services import ranking
from talentscout.services.ranking_data import candidate_ids
from talentscout.settings import Settings

ROLES: list[tuple[str, list[str], list[str], list[str]]] = [
    ("Senior Software Engineer", ["Python", "Kubernetes"], ["Go"], ["Berlin"]),
    ("Data Scientist", ["Python", "Machine learning"], ["SQL"], []),
    ("Registered Nurse", [], [], ["London"]),
    ("DevOps Engineer", ["Terraform", "AWS"], ["Docker"], []),
    ("Product Manager", ["Jira"], [], ["New York"]),
    ("Sales Manager", ["Salesforce"], [], []),
    ("Financial Analyst", ["Microsoft Excel"], [], []),
    ("Frontend Developer", ["React", "TypeScript"], ["CSS"], ["Amsterdam"]),
]
TEXT_ROLE = "Backend engineer with 5+ years of Java and PostgreSQL, based in Munich"


def specs() -> list[tuple[str, RoleSpec]]:
    out = [
        (
            title,
            spec_from_role(
                title=title,
                must_skills=must,
                nice_skills=nice,
                locations=[{"place": p, "radius_km": 50} for p in places],
            ),
        )
        for title, must, nice, places in ROLES
    ]
    return [*out, ("(free text) " + TEXT_ROLE[:30], spec_from_text(TEXT_ROLE))]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="SQLite pool from bench_search_pool.py")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not args.db.is_file():  # never create an empty database in its place
        raise SystemExit(f"{args.db}: no such pool; build one with bench/bench_search_pool.py")
    url = f"sqlite:///{args.db.resolve()}"  # only read: nothing here writes
    c = bootstrap(Settings(database_url=url), run_migrations=False)  # type: ignore[call-arg]
    with c.db.read() as conn:
        ws = conn.execute(select(workspaces.c.id)).scalar_one()
        size = conn.execute(select(func.count()).select_from(people)).scalar_one()
    actor = Actor(user_id=None, workspace_id=ws, role=Role.ADMIN, name="bench")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f};"
        f" pool {size:,} people"
    )
    every: list[float] = []
    for name, spec in specs():
        with c.db.read() as conn:
            scored = len(candidate_ids(conn, spec, workspace_id=ws))
        ranking.rank_spec(c.db, actor=actor, spec=spec, limit=100)  # warm: taxonomy, caches
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            top = ranking.rank_spec(c.db, actor=actor, spec=spec, limit=100)
            times.append((time.perf_counter() - start) * 1000)
        every += times
        print(
            f"  {name:<34} scored {scored:>5}  top {len(top):>3}"
            f"  p50 {statistics.median(times):6.0f} ms  p95 {pct(times, 0.95):6.0f} ms"
        )
    print(
        f"all roles: p50 {statistics.median(every):.0f} ms, p95 {pct(every, 0.95):.0f} ms;"
        f" load {os.getloadavg()[0]:.2f}"
    )


if __name__ == "__main__":
    main()
