"""``compare(a, b)``: are two records one person? A score, an outcome and the evidence, field by field.

The model is Fellegi–Sunter style: every field comparison adds a weight in bits (``settings``), the
sum plus a prior is the log-odds, the score is its probability. Thresholds turn the score into
MERGE / REVIEW / SEPARATE. Two rules then cap a MERGE at REVIEW, because a sum of weights cannot see
them:

* **given names clearly differ** (not a nickname, variant, initial or typo): a shared phone or
  email is what relatives in one household, or a couple, have in common; only a personal profile
  link (LinkedIn, GitHub) or an id number may still merge them;
* **no name on one side**: a phone or email alone (no name to check it against) goes to review,
  unless a fact a household does not share agrees too (birth date, employer, title); a profile link
  or id number still merges;
* **given names only loosely alike** (Jayaned ~ Jayden, James ~ Jane) while that level weighs
  −3 bits or less (the default): as for names that differ.
"""

from __future__ import annotations

import math
from collections.abc import Collection

from talentscout.domain.identity.evidence import Evidence, EvidenceKind, MatchDecision, Outcome
from talentscout.domain.identity.fields import (
    compare_extras,
    compare_identifiers,
    compare_place,
    compare_work,
)
from talentscout.domain.identity.namematch import compare_names
from talentscout.domain.identity.record import MatchRecord
from talentscout.domain.identity.settings import DEFAULT_SETTINGS, MatchSettings

__all__ = ["CLEARLY_AGAINST", "compare", "probability"]

_PERSONAL_IDS = frozenset({"profile", "id number"})
#: what can stand in for a missing name beside a shared phone or email: facts a household does not
#: share (a city, a street or a surname it does)
_CORROBORATING = frozenset({"birth date", "employer", "title"})
_AGREES = (EvidenceKind.SAME, EvidenceKind.SIMILAR)
#: a level weighted at −3 bits or less (8:1 against) means "mostly two different people"
CLEARLY_AGAINST = -3.0


def probability(log_odds: float) -> float:
    """Bits of log-odds to a probability."""
    if log_odds < -60:
        return 0.0
    return 1.0 / (1.0 + math.pow(2.0, -log_odds))


def compare(
    a: MatchRecord,
    b: MatchRecord,
    *,
    settings: MatchSettings = DEFAULT_SETTINGS,
    ignored: Collection[str] = frozenset(),
) -> MatchDecision:
    """Compare two records; ``ignored`` holds kind-prefixed identifiers that are not evidence."""
    evidence = [
        *compare_identifiers(a, b, settings, ignored),
        *compare_names(a, b, settings),
        *compare_work(a, b, settings),
        *compare_place(a, b, settings),
        *compare_extras(a, b, settings),
    ]
    weight = settings.prior + sum(e.weight for e in evidence)
    score = probability(weight)
    outcome = _outcome(score, settings)
    if outcome is Outcome.MERGE:
        cap = _merge_cap(a, b, evidence)
        if cap is not None:
            evidence.append(Evidence("rule", EvidenceKind.RULE, cap))
            outcome = Outcome.REVIEW
    return MatchDecision(score, weight, outcome, tuple(evidence))


def _outcome(score: float, s: MatchSettings) -> Outcome:
    if score >= s.merge_at:
        return Outcome.MERGE
    return Outcome.REVIEW if score >= s.review_at else Outcome.SEPARATE


def _merge_cap(a: MatchRecord, b: MatchRecord, evidence: list[Evidence]) -> str | None:
    """Why a MERGE by score must go to review instead (see module doc), or None."""
    personal = any(e.kind is EvidenceKind.SAME and e.field in _PERSONAL_IDS for e in evidence)
    if personal:
        return None
    if any(e.field == "given name" and e.kind is EvidenceKind.DIFFERS for e in evidence):
        return "given names differ: a shared phone or email alone is not enough to merge (at most review)"
    if any(e.level == "given_similar" and e.weight <= CLEARLY_AGAINST for e in evidence):
        return "given names only loosely alike: not enough to merge (at most review)"
    if (not a.has_name or not b.has_name) and not any(
        e.field in _CORROBORATING and e.kind in _AGREES for e in evidence
    ):
        return "no name to check the shared identifiers against (at most review)"
    return None
