"""What a comparison found, in words a recruiter can read, and what it decided."""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["Evidence", "EvidenceKind", "MatchDecision", "Outcome"]


class Outcome(enum.StrEnum):
    MERGE = "merge"
    REVIEW = "review"
    SEPARATE = "separate"


class EvidenceKind(enum.StrEnum):
    #: the field agrees exactly (after normalisation)
    SAME = "same"
    #: the field agrees through a nickname, spelling variant, typo, part or nearby place
    SIMILAR = "similar"
    #: the field disagrees
    DIFFERS = "differs"
    #: a value that was not used (a shared inbox, an identifier over the frequency cap)
    IGNORED = "ignored"
    #: a rule that capped the outcome ("given names differ: at most review")
    RULE = "rule"


@dataclass(frozen=True, slots=True)
class Evidence:
    """One finding: ``field`` ("email", "given name" …), its ``kind``, a readable ``detail`` and its
    ``weight`` in bits (log-odds; positive is for "same person"). ``level`` names the comparison
    level (the ``MatchSettings`` weight it carries, ``"given_typo"``): training learns one weight per
    level (``training.fit_settings``)."""

    field: str
    kind: EvidenceKind
    detail: str
    weight: float = 0.0
    level: str = ""

    def __str__(self) -> str:
        return f"{self.field}: {self.detail} ({self.weight:+.1f})"


@dataclass(frozen=True, slots=True)
class MatchDecision:
    """The verdict on one pair: ``score`` is the probability (0–1) that both records are one person."""

    score: float
    weight: float
    outcome: Outcome
    evidence: tuple[Evidence, ...]

    @property
    def explanation(self) -> str:
        """All evidence, strongest first, one finding per line."""
        ordered = sorted(self.evidence, key=lambda e: -abs(e.weight))
        lines = [f"{self.outcome.value} (score {self.score:.3f})"] + [f"  {e}" for e in ordered]
        return "\n".join(lines)

    def has_conflict(self, *fields: str) -> bool:
        """True when one of ``fields`` (all fields when none given) differs."""
        return any(
            e.kind is EvidenceKind.DIFFERS and (not fields or e.field in fields) for e in self.evidence
        )
