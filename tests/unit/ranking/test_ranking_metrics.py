"""NDCG, precision and MAP as the evaluation data's README defines them."""

from __future__ import annotations

import math

import pytest

from talentscout.domain.ranking.metrics import (
    average_precision,
    bootstrap_interval,
    evaluate,
    judged_only,
    ndcg,
    precision,
    read_qrels,
)


def test_ndcg_uses_exponential_gain_and_is_one_for_the_ideal_order() -> None:
    grades = {"a": 2, "b": 1}
    assert ndcg(["a", "b", "x"], grades) == pytest.approx(1.0)
    expected = (1 / math.log2(2) + 3 / math.log2(3)) / (3 / math.log2(2) + 1 / math.log2(3))
    assert ndcg(["b", "a"], grades) == pytest.approx(expected)


def test_precision_and_average_precision() -> None:
    grades = {"a": 1, "c": 1}
    assert precision(["a", "b", "c"], grades, k=10) == pytest.approx(0.2)
    assert average_precision(["a", "b", "c"], grades) == pytest.approx((1 + 2 / 3) / 2)


def test_judged_only_drops_unjudged_documents_before_scoring() -> None:
    qrels = {"q": {"a": 0, "b": 2}}
    run = judged_only({"q": ["x", "a", "y", "b"]}, qrels)
    assert run == {"q": ["a", "b"]}
    assert evaluate(run, qrels).queries == 1


def test_bootstrap_interval_brackets_the_mean() -> None:
    low, high = bootstrap_interval([0.2, 0.4, 0.6, 0.8])
    assert low <= 0.5 <= high


def test_a_malformed_qrels_line_names_its_number() -> None:
    with pytest.raises(ValueError, match="line 2"):
        read_qrels(["q 0 a 1", "q a 1"])
