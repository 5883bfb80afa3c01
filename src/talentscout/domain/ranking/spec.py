"""From a role (structured fields, or free text) to the ``RoleSpec`` the scorer reads.

Titles resolve to O*NET occupations through the taxonomy (and their O*NET related occupations);
skills resolve to canonical skills with all their synonyms; places resolve to coordinates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from talentscout import taxonomy
from talentscout.domain.places import resolve_place
from talentscout.domain.ranking.model import PlaceNeed, RoleSpec, SkillNeed
from talentscout.domain.ranking.text import words

DEFAULT_RADIUS_KM = 50.0
MAX_TITLE_WORDS = 4
_YEARS = re.compile(r"(\d{1,2})\s*(?:\+|plus)?\s*(?:(?:-|–|to)\s*(\d{1,2})\s*)?years?", re.IGNORECASE)
_PLACE = re.compile(r"\b(?:in|near|based in|located in)\s+((?:[A-Z][\w\-]+)(?:[ ,]+[A-Z][\w\-]+){0,2})")
_SENIORITY = re.compile(r"\b(junior|mid|senior|lead|principal|staff|head|chief)\b", re.IGNORECASE)


def skill_need(label: str) -> SkillNeed:
    """A skill the role names, resolved to the taxonomy when possible."""
    match = taxonomy.canonical_skill(label)
    if match is None:
        return SkillNeed(label, None, frozenset({label.casefold()}))
    labels = {s.casefold() for s in taxonomy.skill_synonyms(match.id)} | {label.casefold()}
    return SkillNeed(match.label, match.id, frozenset(labels))


def occupations_of(title: str) -> tuple[frozenset[str], tuple[str, ...], frozenset[str]]:
    """(O*NET codes, their titles, related codes) for a job title; empty when unknown."""
    match = taxonomy.canonical_title(title) if title.strip() else None
    if match is None or match.onet_code is None:
        return frozenset(), (), frozenset()
    occupation = taxonomy.load_taxonomy().onet_occupation(match.onet_code)
    related = frozenset(occupation.related) if occupation else frozenset()
    return frozenset({match.onet_code}), (match.onet_title or match.cleaned,), related - {match.onet_code}


@lru_cache(maxsize=100_000)
def occupation_code(title: str) -> str | None:
    """The O*NET code of a job title as written, or None."""
    match = taxonomy.canonical_title(title) if title.strip() else None
    return match.onet_code if match else None


def place_need(raw: Mapping[str, Any] | str) -> PlaceNeed | None:
    name = str(raw.get("place") or "") if isinstance(raw, Mapping) else raw
    radius = (
        float(raw.get("radius_km") or DEFAULT_RADIUS_KM) if isinstance(raw, Mapping) else DEFAULT_RADIUS_KM
    )
    place = resolve_place(name) if name.strip() else None
    if place is None:
        return None
    return PlaceNeed(name, place.latitude, place.longitude, radius, place.country, place.timezone)


def spec_from_role(
    *,
    title: str,
    description: str = "",
    must_skills: Iterable[str] = (),
    nice_skills: Iterable[str] = (),
    seniority: str | None = None,
    min_years: float | None = None,
    max_years: float | None = None,
    locations: Iterable[Mapping[str, Any] | str] = (),
    remote_policy: str | None = None,
) -> RoleSpec:
    """A role's structured fields as a spec."""
    codes, code_titles, related = occupations_of(title)
    places = tuple(p for p in (place_need(raw) for raw in locations) if p is not None)
    return RoleSpec(
        title=title,
        description=description,
        occupations=codes,
        occupation_titles=code_titles,
        related=related,
        must=tuple(skill_need(s) for s in dict.fromkeys(must_skills) if s.strip()),
        nice=tuple(skill_need(s) for s in dict.fromkeys(nice_skills) if s.strip()),
        seniority=seniority or _seniority_of(title),
        min_years=min_years,
        max_years=max_years,
        places=places,
        remote_policy=remote_policy,
        title_terms=tuple(words(" ".join((title, *code_titles)))),
        terms=tuple(words(f"{title}\n{description}")),
    )


def spec_from_text(text: str) -> RoleSpec:
    """A spec derived from free text ("Senior accountant in Berlin, 5+ years, QuickBooks …"): the title
    is the first phrase the taxonomy knows, skills are the ones it mentions (nice-to-have: free text
    does not say which are required), years and places as written."""
    title = _title_of(text)
    years = _YEARS.search(text)
    low = float(years.group(1)) if years else None
    high = float(years.group(2)) if years and years.group(2) else None
    places = [m.group(1) for m in _PLACE.finditer(text)]
    skills = [m.label for m in taxonomy.extract_skills(text)]
    spec = spec_from_role(
        title=title,
        description=text,
        nice_skills=skills,
        min_years=low,
        max_years=high,
        locations=[p for p in places if resolve_place(p) is not None][:3],
    )
    return spec


def _title_of(text: str) -> str:
    """The first sentence when it is a known title, else the first known title among its first words."""
    head = re.split(r"[.\n;:]", text.strip(), maxsplit=1)[0].strip()
    if head and taxonomy.canonical_title(head) is not None:
        return head
    tokens = head.split()[:12]
    for size in range(MAX_TITLE_WORDS, 0, -1):
        for start in range(0, len(tokens) - size + 1):
            candidate = " ".join(tokens[start : start + size])
            if taxonomy.canonical_title(candidate) is not None:
                return candidate
    return head[:200]


def _seniority_of(title: str) -> str | None:
    match = _SENIORITY.search(title)
    return match.group(1).lower() if match else None
