"""Pairwise and B-cubed scores, checked against values worked out by hand."""

from __future__ import annotations

import pytest

from talentscout.domain.identity.evaluation import b_cubed, false_merge_rate, pairwise

# truth: {a, b, c} is one person, {d, e} another, f alone
TRUTH = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "f": 3}
# predicted: {a, b}, {c, d, e}, {f}
PREDICTED = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y", "f": "z"}


def test_pairwise_scores_count_pairs_put_together() -> None:
    # true pairs: ab ac bc de = 4; predicted pairs: ab cd ce de = 4; both: ab de = 2
    scores = pairwise(PREDICTED, TRUTH)

    assert (scores.true_positives, scores.predicted, scores.actual) == (2, 4, 4)
    assert scores.precision == pytest.approx(0.5)
    assert scores.recall == pytest.approx(0.5)
    assert scores.f1 == pytest.approx(0.5)


def test_b_cubed_averages_over_records() -> None:
    # precision per record: a 2/2, b 2/2, c 1/3, d 2/3, e 2/3, f 1/1 -> 14/3 / 6 = 7/9
    # recall per record:    a 2/3, b 2/3, c 1/3, d 2/2, e 2/2, f 1/1 -> 14/3 / 6 = 7/9
    scores = b_cubed(PREDICTED, TRUTH)

    assert scores.precision == pytest.approx(7 / 9)
    assert scores.recall == pytest.approx(7 / 9)
    assert scores.f1 == pytest.approx(7 / 9)


def test_a_perfect_clustering_scores_one_and_singletons_have_no_pairs() -> None:
    assert pairwise(TRUTH, TRUTH).f1 == 1.0
    assert b_cubed(TRUTH, TRUTH).f1 == 1.0
    singletons = {"a": 1, "b": 2}
    assert pairwise(singletons, singletons).precision == 1.0


def test_everyone_in_one_cluster_has_full_recall_and_low_precision() -> None:
    everyone = dict.fromkeys(TRUTH, 0)

    scores = pairwise(everyone, TRUTH)

    assert scores.recall == 1.0
    assert scores.precision == pytest.approx(4 / 15)


def test_records_missing_from_the_prediction_are_not_scored() -> None:
    assert pairwise({"a": 1, "b": 1}, TRUTH).precision == 1.0


def test_false_merge_rate_counts_pairs_of_different_people_in_a_group() -> None:
    groups = [["a", "d", "f"]]  # a-d (1 vs 2), a-f, d-f: three pairs at risk
    predicted = {"a": 0, "d": 0, "f": 1}

    assert false_merge_rate(predicted, TRUTH, groups) == (1, 3)
