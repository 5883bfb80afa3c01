"""Explainable ranking of people against a role: pure scoring with a breakdown, no database.

``spec_from_role`` / ``spec_from_text`` turn a role into a ``RoleSpec``; ``rank`` scores a candidate
set (text relevance by BM25 over that set) and returns them best first, each with the lines that
explain the score. See docs/decisions/011-ranking.md.
"""

from __future__ import annotations

from talentscout.domain.ranking.model import (
    BreakdownItem,
    Candidate,
    Feedback,
    HeldSkill,
    Job,
    PlaceNeed,
    RoleSpec,
    Scored,
    Signal,
    SkillNeed,
)
from talentscout.domain.ranking.rank import rank, relevance
from talentscout.domain.ranking.score import Context, score_candidate
from talentscout.domain.ranking.spec import spec_from_role, spec_from_text

__all__ = [
    "BreakdownItem",
    "Candidate",
    "Context",
    "Feedback",
    "HeldSkill",
    "Job",
    "PlaceNeed",
    "RoleSpec",
    "Scored",
    "Signal",
    "SkillNeed",
    "rank",
    "relevance",
    "score_candidate",
    "spec_from_role",
    "spec_from_text",
]
