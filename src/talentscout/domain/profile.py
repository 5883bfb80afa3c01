"""From what a source says (``CandidateData``) to what we store (``Profile``): normalised, canonical.

Pure: the ingest service calls ``derive_profile`` for every imported row, and a later fix to these
rules can re-derive every person from the raw payloads we keep.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from talentscout import taxonomy
from talentscout.domain.contacts import ContactPoint, contact_points
from talentscout.domain.names import fold, parse_name
from talentscout.domain.places import resolve_place
from talentscout.domain.query.document import field_document
from talentscout.domain.records import (
    ApplicationData,
    CandidateData,
    EducationData,
    ExperienceData,
    Problem,
)

#: the person's scalar fields that carry provenance, in the order the person's page shows them
PERSON_FIELDS = (
    "display_name",
    "given_name",
    "family_name",
    "headline",
    "current_title",
    "current_title_canonical",
    "current_employer",
    "location_text",
    "city",
    "region",
    "country",
    "latitude",
    "longitude",
    "timezone",
    "summary",
    "silver_medalist",
)
UNNAMED = "(no name)"
MAX_TEXT = 2000


@dataclass(frozen=True, slots=True)
class SkillValue:
    name: str
    canonical_id: str | None
    canonical_label: str | None


@dataclass
class Profile:
    """A normalised person as one source describes them."""

    fields: dict[str, Any]
    name_normalised: str
    contacts: list[ContactPoint]
    experiences: list[ExperienceData]
    educations: list[EducationData]
    skills: list[SkillValue]
    languages: list[str]
    tags: list[str]
    notes: list[str]
    applications: list[ApplicationData]
    problems: list[Problem] = field(default_factory=list)

    @property
    def search_text(self) -> str:
        return build_search_text(self)

    @property
    def search_fields(self) -> str:
        return build_search_fields(self)


EMPTY_PROFILE = Profile({}, "", [], [], [], [], [], [], [], [])


def derive_profile(candidate: CandidateData, *, default_country: str | None) -> Profile:
    problems: list[Problem] = []
    name = parse_name(candidate.full_name, candidate.given_name, candidate.family_name)
    if name is not None:
        problems.extend(Problem("name", reason, None) for reason in name.problems)
    place = resolve_place(
        candidate.location, city=candidate.city, region=candidate.region, country=candidate.country
    )
    contacts = contact_points(candidate, default_country=(place and place.country) or default_country)
    problems.extend(Problem(c.kind.value, c.problem or "invalid", c.raw) for c in contacts if not c.valid)
    title, employer = _current_job(candidate)
    fields: dict[str, Any] = {
        "display_name": name.display if name else _fallback_name(candidate, contacts),
        "given_name": name.given if name else None,
        "family_name": name.family if name else None,
        "headline": _clip(candidate.headline),
        "current_title": _clip(title, 500),
        "current_title_canonical": _canonical_title(title) if title else None,
        "current_employer": _clip(employer, 500),
        "location_text": _clip(candidate.location, 500),
        "city": place.city if place else _clip(candidate.city, 200),
        "region": place.region if place else _clip(candidate.region, 200),
        "country": place.country if place else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "timezone": place.timezone if place else None,
        "summary": _clip(candidate.summary, 20_000),
        "silver_medalist": candidate.silver_medalist or None,
    }
    return Profile(
        fields={k: v for k, v in fields.items() if v not in (None, "")},
        name_normalised=name.normalised if name else "",
        contacts=contacts,
        experiences=_experiences(candidate),
        educations=list(candidate.educations),
        skills=_skills(candidate.skills),
        languages=_dedupe(candidate.languages),
        tags=_dedupe(t.strip().lower() for t in candidate.tags),
        notes=[n for n in (_clip(n, 20_000) for n in candidate.notes) if n],
        applications=list(candidate.applications),
        problems=problems,
    )


def warm_up() -> None:
    """Load the taxonomy and the gazetteer now (a worker process calls this once when it starts)."""
    derive_profile(
        CandidateData(
            full_name="Warm Up", city="Berlin", country="DE", skills=["Python"], current_title="Nurse"
        ),
        default_country="DE",
    )


def _current_job(c: CandidateData) -> tuple[str | None, str | None]:
    title, employer = c.current_title, c.current_employer
    current = next((e for e in c.experiences if e.is_current), None)
    if current is not None:
        title = title or current.title
        employer = employer or current.employer
    return title, employer


def _experiences(c: CandidateData) -> list[ExperienceData]:
    """The source's experience list; a bare current title/employer becomes one current entry."""
    found = list(c.experiences)
    if not found and (c.current_title or c.current_employer):
        found.append(ExperienceData(employer=c.current_employer, title=c.current_title, is_current=True))
    return found


def _skills(raw: list[str]) -> list[SkillValue]:
    out: dict[str, SkillValue] = {}
    for text in raw:
        name = text.strip()[:300]
        if name:
            key, value = _skill_entry(name)
            out.setdefault(key, value)
    return list(out.values())


@lru_cache(maxsize=65_536)
def _skill_entry(name: str) -> tuple[str, SkillValue]:
    """(dedupe key, value) of one skill as written; cached because the same skills recur on most rows."""
    match = taxonomy.canonical_skill(name)
    if match is None:
        return fold(name), SkillValue(name, None, None)
    return match.id, SkillValue(name, match.id, match.label)


@lru_cache(maxsize=65_536)
def _canonical_title(title: str) -> str | None:
    match = taxonomy.canonical_title(title)
    return (match.onet_title or match.esco_label) if match else None


def _fallback_name(c: CandidateData, contacts: list[ContactPoint]) -> str:
    """What the list shows for someone without a name: never an invented name, just a handle."""
    for contact in contacts:
        if contact.valid:
            return contact.value
    return UNNAMED


def _clip(text: str | None, limit: int = MAX_TEXT) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split()) if limit <= MAX_TEXT else text.strip()
    return text[:limit] or None


def _dedupe(values: Any) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        value = value.strip()
        if value:
            seen.setdefault(value.casefold(), value)
    return list(seen.values())


def build_search_text(p: Profile) -> str:
    """The search text of a freshly derived profile (see ``search_text_of``)."""
    return search_text_of(
        p.fields,
        jobs=[(e.title, e.employer) for e in p.experiences],
        skills=[(s.name, s.canonical_label) for s in p.skills],
        schools=[e.school for e in p.educations],
        tags=p.tags,
    )


def build_search_fields(p: Profile) -> str:
    """The field document of a freshly derived profile (``domain.query.document.field_document``)."""
    return field_document(
        p.fields,
        jobs=[(e.employer, e.is_current, e.start) for e in p.experiences],
        skills=[(s.name, s.canonical_id, s.canonical_label) for s in p.skills],
        schools=[e.school for e in p.educations],
        tags=p.tags,
    )


def search_text_of(
    fields: dict[str, Any],
    *,
    jobs: Iterable[tuple[str | None, str | None]],
    skills: Iterable[tuple[str | None, str | None]],
    schools: Iterable[str | None],
    tags: Iterable[str | None],
) -> str:
    """The one text the full-text index sees: names, titles, employers, skills, schools, places, tags.

    Used both when a profile is first stored and when a person is re-indexed from the database, so the
    two can never disagree.
    """
    parts: list[str | None] = [fields.get(k) for k in _SEARCH_FIELDS]
    for title, employer in jobs:
        parts += (title, employer)
    for name, label in skills:
        parts += (name, label)
    parts += schools
    parts += tags
    return " ".join(filter(None, parts))[:20_000]


_SEARCH_FIELDS = (
    "display_name",
    "headline",
    "current_title",
    "current_title_canonical",
    "current_employer",
    "city",
)
