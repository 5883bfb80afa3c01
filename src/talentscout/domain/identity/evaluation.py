"""How good a clustering is against the truth: pairwise and B-cubed precision/recall/F1.

Both take two mappings from record id to cluster label (any hashable: a person id, a number). Only
records present in both are scored. Pairwise counts pairs of records put together (a true positive
is a pair together in both); it is computed from cluster-overlap counts, never by listing pairs, so
it is linear in the number of records. B-cubed (Bagga & Baldwin 1998) averages, over records, how
much of a record's predicted cluster is truly its own (precision) and how much of its true cluster
it was put with (recall): a big wrong merge costs in proportion to the records it touches.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

__all__ = ["Scores", "b_cubed", "false_merge_rate", "from_counts", "pairwise"]


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float
    true_positives: float = 0.0
    predicted: float = 0.0
    actual: float = 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _common(
    predicted: Mapping[str, Hashable], truth: Mapping[str, Hashable]
) -> list[tuple[Hashable, Hashable]]:
    return [(predicted[r], truth[r]) for r in truth if r in predicted]


def from_counts(true_positives: float, predicted: float, actual: float) -> Scores:
    """Pairwise scores from pair counts summed over several runs (folds of a cross-validation)."""
    precision = true_positives / predicted if predicted else 1.0
    recall = true_positives / actual if actual else 1.0
    return Scores(precision, recall, _f1(precision, recall), true_positives, predicted, actual)


def pairwise(predicted: Mapping[str, Hashable], truth: Mapping[str, Hashable]) -> Scores:
    """Pairwise precision, recall and F1 (1.0 when there are no pairs to get right or wrong)."""
    labels = _common(predicted, truth)
    together = sum(_pairs(n) for n in Counter(labels).values())
    predicted_pairs = sum(_pairs(n) for n in Counter(p for p, _ in labels).values())
    actual_pairs = sum(_pairs(n) for n in Counter(t for _, t in labels).values())
    precision = together / predicted_pairs if predicted_pairs else 1.0
    recall = together / actual_pairs if actual_pairs else 1.0
    return Scores(precision, recall, _f1(precision, recall), together, predicted_pairs, actual_pairs)


def b_cubed(predicted: Mapping[str, Hashable], truth: Mapping[str, Hashable]) -> Scores:
    """B-cubed precision, recall and F1 averaged over records (0.0 for no records)."""
    labels = _common(predicted, truth)
    if not labels:
        return Scores(0.0, 0.0, 0.0)
    both = Counter(labels)
    by_predicted = Counter(p for p, _ in labels)
    by_truth = Counter(t for _, t in labels)
    precision = sum(n * n / by_predicted[p] for (p, _), n in both.items()) / len(labels)
    recall = sum(n * n / by_truth[t] for (_, t), n in both.items()) / len(labels)
    return Scores(precision, recall, _f1(precision, recall))


def false_merge_rate(
    predicted: Mapping[str, Hashable],
    truth: Mapping[str, Hashable],
    groups: Iterable[Iterable[str]],
) -> tuple[int, int]:
    """(pairs wrongly put together, pairs at risk) among records of different people in one group.

    ``groups`` are sets of record ids designed to be confused (namesakes, a household): every pair
    of records in a group that belong to different true people is at risk.
    """
    wrong = at_risk = 0
    for group in groups:
        ids = sorted(r for r in set(group) if r in truth and r in predicted)
        for n, x in enumerate(ids):
            for y in ids[n + 1 :]:
                if truth[x] != truth[y]:
                    at_risk += 1
                    wrong += predicted[x] == predicted[y]
    return wrong, at_risk
