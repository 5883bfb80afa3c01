"""The parts of fit, each a value in 0..1 with the lines that explain it. ``score.py`` weighs them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from talentscout.domain.places import distance_km
from talentscout.domain.ranking.model import Candidate, Job, RoleSpec, SkillNeed
from talentscout.domain.ranking.text import words

Part = tuple[float, list[str]]
_SENIORITY_YEARS = {"junior": (0, 3), "mid": (2, 6), "senior": (5, 40), "lead": (7, 40), "principal": (9, 40),
                    "staff": (8, 40), "head": (8, 40), "chief": (10, 40)}  # fmt: skip


def years_of_experience(jobs: Iterable[Job], today: date) -> float:
    """Years covered by dated positions, overlaps counted once."""
    spans = sorted((j.start, j.end or today) for j in jobs if j.start and (j.end or today) >= j.start)
    total, cursor = 0.0, date.min
    for start, end in spans:
        start = max(start, cursor)
        if end > start:
            total += (end - start).days / 365.25
            cursor = end
    return total


def occupation_fit(spec: RoleSpec, c: Candidate, today: date) -> Part | None:
    """Whether the person has done this occupation (O*NET code), a related one, or a similar title."""
    if not spec.occupations and not spec.title_terms:
        return None
    best, why = 0.0, ""
    wanted = set(spec.title_terms)
    # the latest position is what the person does now, even on a résumé written years ago
    latest = max((j for j in c.jobs if j.start), key=lambda j: j.start or date.min, default=None)
    for job in c.jobs:
        age = _years_since(job, today)
        fresh = 1.0 if job.is_current or job is latest or age <= 1 else max(0.7, 1.0 - 0.05 * age)
        value, label = _job_value(spec, job, wanted)
        if value * fresh > best:
            best, why = value * fresh, f"{label}: {job.title}" + (" (current)" if job.is_current else "")
    if best == 0.0 and c.headline:
        overlap = _overlap(wanted, c.headline)
        if overlap:
            best, why = 0.5 * overlap, f"headline mentions the title: {c.headline[:80]}"
    return best, [why] if why else [
        f"no {spec.occupation_titles[0] if spec.occupation_titles else spec.title} experience"
    ]


def _job_value(spec: RoleSpec, job: Job, wanted: set[str]) -> tuple[float, str]:
    if job.occupation and job.occupation in spec.occupations:
        return 1.0, "same occupation"
    if job.occupation and job.occupation in spec.related:
        return 0.6, "related occupation"
    overlap = _overlap(wanted, job.title or "")
    return (0.6 * overlap, "similar title") if overlap else (0.0, "")


def _overlap(wanted: set[str], title: str) -> float:
    have = set(words(title))
    return len(wanted & have) / len(wanted) if wanted and have else 0.0


def _years_since(job: Job, today: date) -> float:
    if job.is_current or job.end is None:
        return 0.0 if job.is_current or job.start else 5.0
    return max(0.0, (today - job.end).days / 365.25)


def skill_hits(
    needs: Iterable[SkillNeed], c: Candidate, text_words: set[str]
) -> list[tuple[SkillNeed, str | None]]:
    """For each needed skill, where it was found (a readable place) or None."""
    held = {s.skill_id: s for s in c.skills if s.skill_id}
    held_labels = {s.label.casefold(): s for s in c.skills}
    out: list[tuple[SkillNeed, str | None]] = []
    for need in needs:
        skill = held.get(need.skill_id) if need.skill_id else None
        skill = skill or next((held_labels[x] for x in need.labels if x in held_labels), None)
        if skill is not None:
            origin = ", ".join(skill.sources[:2])
            out.append((need, "skills" + (f", from {origin}" if origin else "")))
        elif any(_in_text(label, text_words, c.text) for label in need.labels):
            out.append((need, "mentioned in the profile text"))
        else:
            out.append((need, None))
    return out


def _in_text(label: str, text_words: set[str], text: str) -> bool:
    parts = _label_words(label)
    if not parts:
        return False
    if len(parts) == 1:
        return parts[0] in text_words and (len(label) > 2 or f" {label} " in f" {text.casefold()} ")
    return all(p in text_words for p in parts) and label in text.casefold()


@lru_cache(maxsize=50_000)
def _label_words(label: str) -> tuple[str, ...]:
    return tuple(words(label))


def experience_fit(spec: RoleSpec, c: Candidate, today: date) -> Part | None:
    low, high = spec.min_years, spec.max_years
    if low is None and high is None and spec.seniority in _SENIORITY_YEARS:
        low, high = _SENIORITY_YEARS[spec.seniority or ""]
    if low is None and high is None:
        return None
    years = years_of_experience(c.jobs, today)
    if not any(j.start for j in c.jobs):
        return 0.4, ["years of experience unknown (no dated positions)"]
    text = f"{years:.0f} years of experience"
    if low is not None and years < low:
        return max(0.0, years / low) * 0.8, [f"{text}, role asks for {low:g}+"]
    if high is not None and years > high + 3:
        return 0.6, [f"{text}, more than the {high:g} the role is sized for"]
    return 1.0, [f"{text} (within the role's range)"]


def location_fit(spec: RoleSpec, c: Candidate) -> Part | None:
    if not spec.places and spec.remote_policy != "remote":
        return None
    if c.latitude is None or c.longitude is None:
        if spec.remote_policy == "remote" and c.timezone:
            return _timezone_fit(spec, c)
        return 0.3, ["location unknown"]
    for place in spec.places:
        if place.latitude is None or place.longitude is None:
            continue
        km = distance_km((c.latitude, c.longitude), (place.latitude, place.longitude))
        if km <= place.radius_km:
            return 1.0, [
                f"{c.city or 'lives'} is {km:.0f} km from {place.name} (within {place.radius_km:g} km)"
            ]
    if spec.remote_policy == "remote":
        return _timezone_fit(spec, c)
    same = any(p.country and p.country == c.country for p in spec.places)
    if same:
        return 0.4, [f"{c.city or c.country} is outside the radius, same country"]
    return 0.0, [f"{c.city or c.country or 'elsewhere'}: outside every location of the role"]


def _timezone_fit(spec: RoleSpec, c: Candidate) -> Part:
    zones = [p.timezone for p in spec.places if p.timezone]
    if not zones:
        return 1.0, ["remote role, anywhere"]
    if not c.timezone:
        return 0.5, ["remote role; time zone unknown"]
    gap = min(abs(_offset(c.timezone) - _offset(z)) for z in zones)
    value = 1.0 if gap <= 3 else max(0.0, 1.0 - (gap - 3) / 6)
    return value, [f"remote: {gap:g} h from the team's time zone ({c.timezone})"]


def _offset(zone: str) -> float:
    try:
        delta = datetime(2026, 1, 15, 12, tzinfo=ZoneInfo(zone)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return 0.0
    return delta.total_seconds() / 3600 if delta else 0.0


def recency_fit(spec: RoleSpec, c: Candidate, today: date) -> Part | None:
    """How recently the person did relevant work (same or related occupation, or a must-have skill)."""
    if not spec.occupations:
        return None
    relevant = [
        j
        for j in c.jobs
        if j.occupation and (j.occupation in spec.occupations or j.occupation in spec.related)
    ]
    if not relevant:
        return 0.0, ["no dated relevant experience"]
    age = min(_years_since(j, today) for j in relevant)
    value = 1.0 if age <= 1 else max(0.0, 1.0 - (age - 1) / 8)
    return value, ["relevant work now" if age == 0 else f"relevant work {age:.0f} years ago"]
