"""Value objects of ranking: what a role asks for, what we know of a person, and the scored result.

Pure data. Nothing here knows about the database; the service builds these from rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class SkillNeed:
    """A skill the role names: its canonical id (when the taxonomy knows it) and every label it goes by."""

    label: str
    skill_id: str | None
    labels: frozenset[str]


@dataclass(frozen=True, slots=True)
class PlaceNeed:
    """A place the role is based in, with the radius a candidate may live within."""

    name: str
    latitude: float | None
    longitude: float | None
    radius_km: float
    country: str | None = None
    timezone: str | None = None


@dataclass(frozen=True)
class RoleSpec:
    """A role as the scorer reads it. ``occupations``: O*NET codes of the role's title;
    ``related``: O*NET related occupations; ``terms``: the words text relevance looks for."""

    title: str
    description: str = ""
    occupations: frozenset[str] = frozenset()
    occupation_titles: tuple[str, ...] = ()
    related: frozenset[str] = frozenset()
    must: tuple[SkillNeed, ...] = ()
    nice: tuple[SkillNeed, ...] = ()
    seniority: str | None = None
    min_years: float | None = None
    max_years: float | None = None
    places: tuple[PlaceNeed, ...] = ()
    remote_policy: str | None = None
    title_terms: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Job:
    """One position a person held. ``occupation``: the O*NET code of its title, when known."""

    title: str | None
    employer: str | None
    start: date | None
    end: date | None
    is_current: bool
    occupation: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class HeldSkill:
    """A skill on a profile: canonical id (or None), the label, and the sources that listed it."""

    skill_id: str | None
    label: str
    sources: tuple[str, ...] = ()


@dataclass
class Candidate:
    """What the scorer may read about one person. Protected or proxy attributes (name, gender, age,
    birth or graduation dates) are deliberately absent: ``display_name`` is carried for display only."""

    person_id: int
    display_name: str
    headline: str | None = None
    current_title: str | None = None
    current_employer: str | None = None
    jobs: list[Job] = field(default_factory=list)
    skills: list[HeldSkill] = field(default_factory=list)
    text: str = ""
    latitude: float | None = None
    longitude: float | None = None
    country: str | None = None
    timezone: str | None = None
    city: str | None = None
    source_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BreakdownItem:
    """One line of the "why": ``points`` it added (negative: took away), a ``label`` and a ``detail``."""

    label: str
    points: float
    detail: str = ""
    kind: str = "fit"


@dataclass(frozen=True, slots=True)
class Signal:
    """A likely-to-move / likely-to-respond signal with the sentence that explains it."""

    key: str
    label: str
    explanation: str
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Feedback:
    """A recruiter's latest verdict on a person for a role: ``good_fit`` or ``not_a_fit``."""

    verdict: str
    reason: str = ""
    author: str = ""


@dataclass
class Scored:
    person_id: int
    score: float
    breakdown: list[BreakdownItem]
