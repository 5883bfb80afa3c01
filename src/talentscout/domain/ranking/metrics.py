"""Ranking quality: NDCG@k (gain 2^rel − 1), P@k, MAP@k over TREC-style runs and qrels, with a
bootstrap confidence interval over queries. Pure functions; ``talentscout eval ranking`` and
``bench/bench_ranking.py`` use them."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

Qrels = Mapping[str, Mapping[str, int]]  # qid -> doc id -> grade
Run = Mapping[str, Sequence[str]]  # qid -> doc ids, best first


def ndcg(ranked: Sequence[str], grades: Mapping[str, int], k: int = 10) -> float:
    gain = sum((2 ** grades.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return gain / best if best > 0 else 0.0


def precision(ranked: Sequence[str], grades: Mapping[str, int], k: int = 10) -> float:
    return sum(1 for d in ranked[:k] if grades.get(d, 0) > 0) / k


def average_precision(ranked: Sequence[str], grades: Mapping[str, int], k: int = 100) -> float:
    relevant = sum(1 for g in grades.values() if g > 0)
    hits, total = 0, 0.0
    for i, d in enumerate(ranked[:k]):
        if grades.get(d, 0) > 0:
            hits += 1
            total += hits / (i + 1)
    return total / min(relevant, k) if relevant else 0.0


def judged_only(run: Run, qrels: Qrels) -> dict[str, list[str]]:
    """Each query's ranking with unjudged documents dropped (for qrels that judge a subset)."""
    return {q: [d for d in docs if d in qrels.get(q, {})] for q, docs in run.items()}


@dataclass(frozen=True)
class Summary:
    ndcg10: float
    p10: float
    map100: float
    per_query: dict[str, float]
    queries: int


def evaluate(run: Run, qrels: Qrels) -> Summary:
    """Macro averages over the queries that have qrels (a query missing from the run scores 0)."""
    qids = [q for q in qrels if any(g > 0 for g in qrels[q].values())]
    per = {q: ndcg(run.get(q, []), qrels[q]) for q in qids}
    n = len(qids) or 1
    return Summary(
        sum(per.values()) / n,
        sum(precision(run.get(q, []), qrels[q]) for q in qids) / n,
        sum(average_precision(run.get(q, []), qrels[q]) for q in qids) / n,
        per,
        len(qids),
    )


def bootstrap_interval(
    values: Sequence[float],
    *,
    samples: int = 2000,
    seed: int = 7,
    level: float = 0.95,
    stat: Callable[[Sequence[float]], float] | None = None,
) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean over queries."""
    if not values:
        return 0.0, 0.0
    mean = stat or (lambda xs: sum(xs) / len(xs))
    rng = random.Random(seed)  # noqa: S311 (resampling, not secrets)
    stats = sorted(mean([rng.choice(values) for _ in values]) for _ in range(samples))
    tail = (1 - level) / 2
    return stats[int(tail * samples)], stats[min(samples - 1, int((1 - tail) * samples))]


def read_qrels(lines: Sequence[str]) -> dict[str, dict[str, int]]:
    """TREC qrels: ``qid 0 docid grade`` (tabs or spaces)."""
    out: dict[str, dict[str, int]] = {}
    for number, line in enumerate(lines, start=1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 4 or not parts[3].lstrip("-").isdigit():
            raise ValueError(f"qrels line {number}: expected 'qid 0 docid grade', got {line.strip()[:80]!r}")
        out.setdefault(parts[0], {})[parts[2]] = int(parts[3])
    return out
