"""Ranking quality on the shared dev split: NDCG@10, P@10, MAP@100 with bootstrap intervals.

Imports ``corpus_dev.csv`` through the real import path (a small bench-side importer: each row's
``text`` is read by the résumé structurer, its ``ID`` is the source id), then ranks the pool for each
T1 and T2 query exactly as ``talentscout eval ranking`` does. Plain BM25 (and, when the embeddings
extra is installed, a plain MiniLM embedding ranking) run in the same process as baselines.

    python bench/bench_ranking_quality.py [--data ../shared/data/ranking] [--db /tmp/rank.db]
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import func, select

from talentscout.bootstrap import bootstrap
from talentscout.db.tables import people
from talentscout.domain.permissions import Actor, Role
from talentscout.domain.ranking.metrics import bootstrap_interval, evaluate, judged_only, read_qrels
from talentscout.domain.ranking.text import Bm25
from talentscout.domain.records import ParsedRow, SourceChannel
from talentscout.importers.base import ImportOptions
from talentscout.importers.registry import IMPORTERS
from talentscout.importers.resume.structure import parse_resume_text
from talentscout.services import accounts, ingest, ranking
from talentscout.settings import Settings

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "ranking"


class CorpusImporter:
    """``ID`` → source id, ``text`` → the résumé structurer; the whole text is kept as the summary."""

    format: ClassVar[str] = "ranking-corpus"
    default_channel: ClassVar[SourceChannel] = SourceChannel.CV_DATABASE

    def parse(self, path: Path, *, options: ImportOptions) -> Iterator[ParsedRow]:
        csv.field_size_limit(sys.maxsize)
        with path.open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                candidate, problems = parse_resume_text(row["text"])
                if candidate is not None:
                    candidate.summary = row["text"]
                yield ParsedRow(
                    row["ID"], number, {"ID": row["ID"], "text": row["text"]}, candidate, problems
                )


def load(db_path: Path, data: Path) -> tuple[Any, Actor]:
    c = bootstrap(Settings(database_url=f"sqlite:///{db_path}"), run_migrations=True)  # type: ignore[call-arg]
    ws = accounts.workspace_id_by_slug(c.db, "ranking-bench")
    if ws is None:
        ws = accounts.create_workspace(c.db, name="Ranking bench", slug="ranking-bench")
    actor = Actor(user_id=None, workspace_id=ws, role=Role.ADMIN, name="bench")
    IMPORTERS[CorpusImporter.format] = CorpusImporter()  # type: ignore[assignment]
    with c.db.read() as conn:
        loaded = conn.execute(select(func.count()).select_from(people).where(people.c.workspace_id == ws))
        if loaded.scalar_one() > 0:
            print("import: skipped, the pool is already loaded")
            return c, actor
    started = time.perf_counter()
    report = ingest.run_import(
        c.db,
        actor=actor,
        path=data / "corpus_dev.csv",
        format=CorpusImporter.format,
        source_name="ranking corpus",
    )
    print(
        f"import: {report.created} new, {report.unchanged} unchanged, {report.rejected} rejected"
        f" in {time.perf_counter() - started:.1f} s"
    )
    return c, actor


def queries(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["qid"]: row["query"] for row in csv.DictReader(handle)}


def ours(c: Any, actor: Actor, qs: dict[str, str], depth: int) -> dict[str, list[str]]:
    run: dict[str, list[str]] = {}
    for qid, text in qs.items():
        ranked = ranking.rank_text(c.db, actor=actor, text=text, limit=depth)
        run[qid] = [p.source_ids[0] for p in ranked if p.source_ids]
    return run


_TOKEN = re.compile(r"[^\W_]+")


def bm25_baseline(corpus: dict[str, str], qs: dict[str, str], depth: int) -> dict[str, list[str]]:
    ids = list(corpus)
    docs = [Counter(_TOKEN.findall(corpus[i].lower())) for i in ids]
    stats = Bm25.over(docs)
    run = {}
    for qid, text in qs.items():
        query = [(t, 1.0) for t in set(_TOKEN.findall(text.lower()))]
        scores = sorted(((stats.score(query, d), i) for i, d in zip(ids, docs, strict=True)), reverse=True)
        run[qid] = [i for _, i in scores[:depth]]
    return run


def embedding_baseline(corpus: dict[str, str], qs: dict[str, str], depth: int) -> dict[str, list[str]] | None:
    from talentscout.services.embeddings import cosine, default_embedder

    model = default_embedder()
    if model is None:
        return None
    ids = list(corpus)
    vectors = model.embed([corpus[i][:2000] for i in ids])
    run = {}
    for qid, text in qs.items():
        q = model.embed([text])[0]
        scores = sorted(((cosine(q, v), i) for i, v in zip(ids, vectors, strict=True)), reverse=True)
        run[qid] = [i for _, i in scores[:depth]]
    return run


def report(name: str, run: dict[str, list[str]], qrels: dict[str, dict[str, int]], judged: bool) -> None:
    if judged:
        run = judged_only(run, qrels)
    s = evaluate(run, qrels)
    low, high = bootstrap_interval(list(s.per_query.values()))
    print(
        f"  {name:<22} NDCG@10 {s.ndcg10:.3f} [{low:.2f}, {high:.2f}]  P@10 {s.p10:.3f}"
        f"  MAP@100 {s.map100:.3f}  ({s.queries} queries)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--db", type=Path, default=None, help="SQLite file (kept; re-runs skip the import)")
    parser.add_argument("--baselines", action="store_true", help="also run plain BM25")
    parser.add_argument(
        "--embeddings",
        action="store_true",
        help="also a plain MiniLM ranking (embeddings extra; slow on CPU)",
    )
    parser.add_argument("--tiers", default="T1,T2", help="which query sets (T1, T2)")
    args = parser.parse_args()
    if not (args.data / "corpus_dev.csv").is_file():
        print(f"skipped: {args.data} not found (the shared evaluation data sits beside the project)")
        return
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores,"
        f" load {os.getloadavg()[0]:.2f}"
    )
    db_path = args.db or Path(tempfile.mkdtemp()) / "ranking.db"
    c, actor = load(db_path, args.data)
    csv.field_size_limit(sys.maxsize)
    with (args.data / "corpus_dev.csv").open(encoding="utf-8", newline="") as handle:
        corpus = {row["ID"]: row["text"] for row in csv.DictReader(handle)}
    for tier, qfile, rfile, judged in (
        ("T1", "queries_t1_category.csv", "qrels_t1_dev.tsv", False),
        ("T2", "queries_t2_onet.csv", "qrels_t2_dev.tsv", True),
    ):
        if tier not in args.tiers.split(","):
            continue
        qs, qrels = queries(args.data / qfile), read_qrels((args.data / rfile).read_text().splitlines())
        depth = ranking.MAX_LIMIT if judged else 100  # judged-only: drop unjudged from the top 500
        started = time.perf_counter()
        run = ours(c, actor, qs, depth)
        print(
            f"{tier}: {len(qs)} queries, {(time.perf_counter() - started) / len(qs) * 1000:.0f} ms per query"
        )
        report("talentscout", run, qrels, judged)
        if args.baselines:
            report("BM25 (plain)", bm25_baseline(corpus, qs, depth), qrels, judged)
        if args.embeddings:
            emb = embedding_baseline(corpus, qs, depth)
            if emb is not None:
                report("MiniLM (plain)", emb, qrels, judged)
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
