"""Learning the matcher's weights from labelled records: ``fit_settings(examples)``.

The matcher scores a pair as ``prior + Σ weight(level)`` bits, one weight per comparison level that
fired ("given_typo", "email_same" …, see ``MatchSettings``). That is a logistic regression on level
indicators, so the weights can be fitted to a team's own labelled records (``talentscout dedupe
train --truth truth.csv``) instead of the hand-set defaults: sources keyed by hand have more typos,
some share household addresses more often.

The fit is regularised towards the default weights, not towards zero (a Gaussian prior centred on
them): a level the labels barely show keeps its hand-set weight, a level they show often moves as far
as the labels say. The result is still a ``MatchSettings`` — every merge keeps its readable evidence,
with the learned weight beside each finding. ``review_at`` is kept; ``merge_at`` becomes
``TRAINED_MERGE_AT`` (see there).
Pure NumPy; Newton's method on a few dozen levels converges in a handful of steps.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any

import numpy as np

from talentscout.domain.identity.blocking import DEFAULT_MAX_BLOCK, candidate_pairs
from talentscout.domain.identity.clustering import frequent_identifiers, resolve
from talentscout.domain.identity.evaluation import from_counts, pairwise
from talentscout.domain.identity.evidence import Evidence
from talentscout.domain.identity.record import MatchRecord
from talentscout.domain.identity.scoring import compare
from talentscout.domain.identity.settings import DEFAULT_SETTINGS, MatchSettings

__all__ = [
    "MERGE_AT_GRID",
    "TRAINED_MERGE_AT",
    "Example",
    "FitReport",
    "fit_records",
    "fit_settings",
    "labelled_examples",
    "person_folds",
    "weight_levels",
]

_NOT_WEIGHTS = frozenset({"merge_at", "review_at", "link_at", "prior", "max_identifier_records"})
_LN2 = math.log(2.0)
#: fitted weights give calibrated probabilities (a pair scored 0.9 is one person nine times in ten on
#: the labels), so a trained matcher merges from 0.9; the hand-set defaults are not calibrated and
#: keep their conservative 0.98. Average linkage (``link_at``) still guards every join.
TRAINED_MERGE_AT = 0.9
#: the thresholds ``fit_records`` tries
MERGE_AT_GRID = (0.7, 0.8, 0.9, 0.95, 0.98)


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled candidate pair: the levels that fired and whether it is one person."""

    levels: tuple[str, ...]
    same: bool


@dataclass(frozen=True, slots=True)
class FitReport:
    settings: MatchSettings
    examples: int
    positives: int
    #: level → (default weight, learned weight, how many examples showed it)
    changes: dict[str, tuple[float, float, int]]
    #: ``merge_at`` candidate → pairwise F1 it reached in cross-validation (``fit_records``)
    merge_scores: dict[float, float] = field(default_factory=dict)


def weight_levels() -> tuple[str, ...]:
    """Every comparison level that carries a weight (the float fields of ``MatchSettings`` that are
    not thresholds or the prior)."""
    return tuple(f.name for f in fields(MatchSettings) if f.name not in _NOT_WEIGHTS)


def _levels(evidence: Sequence[Evidence]) -> tuple[str, ...]:
    return tuple(e.level for e in evidence if e.level)


def labelled_examples(
    records: Sequence[MatchRecord],
    truth: Mapping[str, str],
    *,
    settings: MatchSettings = DEFAULT_SETTINGS,
    max_block: int = DEFAULT_MAX_BLOCK,
) -> list[Example]:
    """Every candidate pair blocking proposes among ``records`` whose ids are both in ``truth``
    (record id → person label), with the levels ``compare`` found: what the matcher will see."""
    flagged = frequent_identifiers(records, settings.max_identifier_records)
    ignored: Collection[str] = frozenset(f.identifier for f in flagged)
    pairs, _ = candidate_pairs(records, ignored=ignored, max_block=max_block)
    out = []
    for i, j in sorted(pairs):
        a, b = records[i], records[j]
        if a.record_id not in truth or b.record_id not in truth:
            continue
        decision = compare(a, b, settings=settings, ignored=ignored)
        out.append(Example(_levels(decision.evidence), truth[a.record_id] == truth[b.record_id]))
    return out


def fit_settings(
    examples: Sequence[Example],
    *,
    base: MatchSettings = DEFAULT_SETTINGS,
    strength: float = 1.0,
    merge_at: float = TRAINED_MERGE_AT,
    iterations: int = 50,
) -> FitReport:
    """Weights (and prior) fitted to ``examples`` by penalised maximum likelihood, ``strength`` the
    pull towards ``base`` (in nats², per level), merging automatically from ``merge_at``. Raises
    ``ValueError`` without both kinds of pair."""
    positives = sum(1 for e in examples if e.same)
    if positives == 0 or positives == len(examples):
        raise ValueError("training needs pairs of one person and pairs of different people")
    known = set(weight_levels())
    used = sorted({lv for e in examples for lv in e.levels if lv in known})
    column = {lv: k + 1 for k, lv in enumerate(used)}
    x = np.zeros((len(examples), len(used) + 1))
    x[:, 0] = 1.0
    for row, example in enumerate(examples):
        for lv in example.levels:
            if lv in column:
                x[row, column[lv]] += 1.0
    y = np.array([1.0 if e.same else 0.0 for e in examples])
    centre = np.array([base.prior] + [float(getattr(base, lv)) for lv in used]) * _LN2
    penalty = np.full(len(used) + 1, strength)
    penalty[0] = 0.0  # the prior is the base rate of the candidate pairs: not pulled
    w = centre.copy()

    def loss(v: Any) -> float:
        z = x @ v
        # log(1 + e^z) - y z, computed without overflow
        nll = np.logaddexp(0.0, z) - y * z
        return float(nll.sum() + 0.5 * np.sum(penalty * (v - centre) ** 2))

    current = loss(w)
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -40, 40)))
        gradient = x.T @ (p - y) + penalty * (w - centre)
        hessian = (x.T * (p * (1 - p))) @ x + np.diag(penalty) + 1e-6 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        scale = 1.0
        while scale > 1e-4:  # damped Newton: halve the step until the loss falls
            trial = w - scale * step
            value = loss(trial)
            if value <= current:
                break
            scale /= 2
        else:
            break
        w, improvement, current = trial, current - value, value
        if improvement < 1e-9 * max(1.0, current):
            break
    bits = w / _LN2
    counts = x[:, 1:].sum(axis=0)
    learned: dict[str, Any] = {lv: round(float(bits[column[lv]]), 3) for lv in used}
    settings = replace(base, prior=round(float(bits[0]), 3), merge_at=merge_at, **learned)
    changes = {lv: (float(getattr(base, lv)), learned[lv], int(counts[column[lv] - 1])) for lv in used}
    return FitReport(settings, len(examples), positives, changes)


def person_folds(truth: Mapping[str, str], salt: str = "") -> dict[str, int]:
    """Person label → fold 0 or 1: the people sorted by a digest of ``salt`` and their label, the first
    half in fold 0. Every record of one person lands in one fold, the halves differ by one person at
    most, and the same labels split the same way every run. (A cryptographic digest, not CRC-32: CRC
    is linear, so two salts would split alike.)"""

    def digest(label: str) -> bytes:
        return hashlib.blake2b(f"{salt}:{label}".encode(), digest_size=8).digest()

    people = sorted(set(truth.values()), key=digest)
    half = len(people) // 2
    return {label: 0 if n < half else 1 for n, label in enumerate(people)}


def fit_records(
    records: Sequence[MatchRecord],
    truth: Mapping[str, str],
    *,
    base: MatchSettings = DEFAULT_SETTINGS,
    strength: float = 1.0,
    grid: Sequence[float] = MERGE_AT_GRID,
    extra: Sequence[Example] = (),
) -> FitReport:
    """Weights fitted to every labelled record, merging from the ``grid`` threshold that reached the
    best pairwise F1 (ties: the higher, more careful one) in 2-fold cross-validation split by person
    among these records: the labels choose how sure a trained matcher must be. When a fold lacks
    pairs of one kind the threshold stays ``TRAINED_MERGE_AT``. ``extra`` examples (pairs reviewers
    decided) join every fit."""
    labelled = [r for r in records if r.record_id in truth]
    fold = person_folds(truth, salt="merge_at")  # not the split a caller may evaluate this fit on
    counts = {m: [0.0, 0.0, 0.0] for m in grid}
    try:
        for k in (0, 1):
            train = [r for r in labelled if fold[truth[r.record_id]] != k]
            test = [r for r in labelled if fold[truth[r.record_id]] == k]
            fitted = fit_settings(
                labelled_examples(train, truth, settings=base), base=base, strength=strength
            )
            labels = {r.record_id: truth[r.record_id] for r in test}
            for m in grid:
                found = pairwise(
                    resolve(test, settings=replace(fitted.settings, merge_at=m)).cluster_of, labels
                )
                for n, value in enumerate((found.true_positives, found.predicted, found.actual)):
                    counts[m][n] += value
    except ValueError:
        counts = {}
    scores = {m: from_counts(*c).f1 for m, c in counts.items()}
    merge_at = max(scores, key=lambda m: (scores[m], m)) if scores else TRAINED_MERGE_AT
    examples = [*labelled_examples(labelled, truth, settings=base), *extra]
    report = fit_settings(examples, base=base, strength=strength, merge_at=merge_at)
    return replace(report, merge_scores=scores)
