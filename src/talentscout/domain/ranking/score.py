"""One person against one role: a 0–100 score and the breakdown a recruiter reads.

Each part of fit (occupation, must-haves, nice-to-haves, text relevance, years, location, recency,
semantic similarity) is a value in 0..1 times its weight; parts that the role does not ask about are
left out and the rest is scaled to 100. Recruiter feedback then moves the score, and says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from talentscout.domain.ranking import fit
from talentscout.domain.ranking.model import BreakdownItem, Candidate, Feedback, RoleSpec, Scored
from talentscout.domain.ranking.text import words

WEIGHTS = {
    "occupation": 35.0,
    "must": 25.0,
    "nice": 8.0,
    "text": 30.0,
    "years": 8.0,
    "location": 10.0,
    "recency": 5.0,
    "semantic": 15.0,
}
GOOD_FIT_BONUS = 15.0
NOT_A_FIT_PENALTY = 40.0
LIKE_FEEDBACK_POINTS = 5.0


@dataclass
class Context:
    """What scoring one person needs beyond the person: today, the text relevance of every candidate
    (0..1, best in the set = 1), semantic similarity when an embedder ran, and the role's feedback."""

    today: date
    relevance: dict[int, float] = field(default_factory=dict)
    semantic: dict[int, float] = field(default_factory=dict)
    words: dict[int, set[str]] = field(default_factory=dict)
    feedback: dict[int, Feedback] = field(default_factory=dict)
    liked: Sequence[Candidate] = ()
    disliked: Sequence[Candidate] = ()


def score_candidate(spec: RoleSpec, c: Candidate, ctx: Context) -> Scored:
    parts: list[tuple[str, float, float, list[BreakdownItem]]] = []
    text_words = ctx.words.get(c.person_id)
    if text_words is None:
        text_words = set(words(c.text)) | {w for j in c.jobs for w in words(j.title or "")}
    _add_occupation(parts, spec, c, ctx)
    _add_skills(parts, "must", spec, c, text_words)
    _add_skills(parts, "nice", spec, c, text_words)
    if c.person_id in ctx.relevance:
        value = ctx.relevance[c.person_id]
        parts.append(
            ("text", WEIGHTS["text"], value, [BreakdownItem("text relevance", 0, _percent(value), "text")])
        )
    for key, fn in (("years", fit.experience_fit), ("recency", fit.recency_fit)):
        part = fn(spec, c, ctx.today)
        if part is not None:
            parts.append(
                (key, WEIGHTS[key], part[0], [BreakdownItem(_LABELS[key], 0, d, key) for d in part[1]])
            )
    located = fit.location_fit(spec, c)
    if located is not None:
        parts.append(
            (
                "location",
                WEIGHTS["location"],
                located[0],
                [BreakdownItem("location", 0, d, "location") for d in located[1]],
            )
        )
    if c.person_id in ctx.semantic:
        value = ctx.semantic[c.person_id]
        parts.append(
            (
                "semantic",
                WEIGHTS["semantic"],
                value,
                [BreakdownItem("semantic similarity", 0, _percent(value), "semantic")],
            )
        )
    return _total(c, parts, ctx)


_LABELS = {"years": "years of experience", "recency": "recent relevant work"}


def _percent(value: float) -> str:
    return f"{value * 100:.0f}% of the best match in this pool"


def _add_occupation(
    parts: list[tuple[str, float, float, list[BreakdownItem]]], spec: RoleSpec, c: Candidate, ctx: Context
) -> None:
    part = fit.occupation_fit(spec, c, ctx.today)
    if part is not None:
        items = [BreakdownItem("title / occupation", 0, d, "occupation") for d in part[1]]
        parts.append(("occupation", WEIGHTS["occupation"], part[0], items))


def _add_skills(
    parts: list[tuple[str, float, float, list[BreakdownItem]]],
    key: str,
    spec: RoleSpec,
    c: Candidate,
    text_words: set[str],
) -> None:
    needs = spec.must if key == "must" else spec.nice
    if not needs:
        return
    hits = fit.skill_hits(needs, c, text_words)
    found = [(n, where) for n, where in hits if where]
    share = WEIGHTS[key] / len(needs)
    items = []
    for need, where in hits:
        if where:
            items.append(
                BreakdownItem(
                    f"{'must-have' if key == 'must' else 'nice-to-have'}: {need.label} ✓", share, where, key
                )
            )
        elif key == "must":
            items.append(BreakdownItem(f"missing: {need.label}", 0, "not on the profile", key))
    if key == "nice" and len(hits) > 6:  # long free-text skill lists: summarise the misses
        missing = len(hits) - len(found)
        items.append(
            BreakdownItem(f"nice-to-haves: {len(found)} of {len(hits)}", 0, f"{missing} not found", key)
        )
    parts.append((key, WEIGHTS[key], len(found) / len(needs), items))


def _total(c: Candidate, parts: list[tuple[str, float, float, list[BreakdownItem]]], ctx: Context) -> Scored:
    available = sum(weight for _, weight, _, _ in parts) or 1.0
    scale = 100.0 / available
    breakdown: list[BreakdownItem] = []
    total = 0.0
    for key, weight, value, items in parts:
        earned = weight * value * scale
        total += earned
        if key in ("must", "nice"):
            breakdown += [BreakdownItem(i.label, round(i.points * scale, 1), i.detail, i.kind) for i in items]
        else:
            head, *rest = items
            breakdown.append(BreakdownItem(head.label, round(earned, 1), head.detail, head.kind))
            breakdown += rest
    total, adjustments = _feedback(c, total, ctx)
    breakdown += adjustments
    return Scored(c.person_id, round(max(0.0, min(100.0, total)), 2), breakdown)


def _feedback(c: Candidate, total: float, ctx: Context) -> tuple[float, list[BreakdownItem]]:
    items: list[BreakdownItem] = []
    verdict = ctx.feedback.get(c.person_id)
    if verdict is not None:
        delta = GOOD_FIT_BONUS if verdict.verdict == "good_fit" else -NOT_A_FIT_PENALTY
        said = "good fit" if verdict.verdict == "good_fit" else "not a fit"
        who = f" by {verdict.author}" if verdict.author else ""
        items.append(
            BreakdownItem(
                f"feedback: {said}",
                delta,
                f"marked{who}" + (f": {verdict.reason}" if verdict.reason else ""),
                "feedback",
            )
        )
        total += delta
    elif ctx.liked or ctx.disliked:
        like = _similarity(c, ctx.liked) * LIKE_FEEDBACK_POINTS
        dislike = _similarity(c, ctx.disliked) * LIKE_FEEDBACK_POINTS
        if like - dislike:
            direction = "like people marked good fit" if like >= dislike else "like people marked not a fit"
            items.append(BreakdownItem("feedback on others", round(like - dislike, 1), direction, "feedback"))
            total += like - dislike
    return total, items


def _similarity(c: Candidate, others: Sequence[Candidate]) -> float:
    """Largest overlap (0..1) of occupations and canonical skills with any of ``others``."""
    mine = {j.occupation for j in c.jobs if j.occupation} | {s.skill_id for s in c.skills if s.skill_id}
    best = 0.0
    for other in others:
        theirs = {j.occupation for j in other.jobs if j.occupation} | {
            s.skill_id for s in other.skills if s.skill_id
        }
        if mine and theirs:
            best = max(best, len(mine & theirs) / len(mine | theirs))
    return best
