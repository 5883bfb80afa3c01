"""Value objects of the skill and job-title taxonomy. Pure data: no I/O, no lookups."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SkillKind = Literal["technology", "digital", "language", "transversal", "green"]
SkillMatchedBy = Literal["exact", "alt_label", "synonym"]
TitleMatchedBy = Literal["exact", "alt_label"]
TitleSource = Literal["onet", "esco"]

SKILL_KINDS: tuple[SkillKind, ...] = ("technology", "digital", "language", "transversal", "green")


@dataclass(frozen=True, slots=True)
class Skill:
    """A canonical skill: an O*NET technology example (``onet:tech:<slug>``) or an ESCO skill
    (``esco:<uuid>``) from the digital, language, transversal or green collections."""

    id: str
    label: str
    kind: SkillKind
    alt_labels: tuple[str, ...] = ()
    kinds: tuple[SkillKind, ...] = ()
    commodities: tuple[str, ...] = ()
    hot: bool = False
    in_demand: bool = False
    occupations: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()
    group: str | None = None


@dataclass(frozen=True, slots=True)
class SkillMatch:
    """The canonical skill a label resolved to, and how it was recognised."""

    id: str
    label: str
    kind: SkillKind
    matched_by: SkillMatchedBy


@dataclass(frozen=True, slots=True)
class SkillMention:
    """A skill found in free text: the match plus where it was written (``text[start:end]``)."""

    skill: SkillMatch
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class OnetOccupation:
    """An O*NET-SOC occupation with its title lists, job zone (1–5) and related occupations."""

    code: str
    title: str
    alt_titles: tuple[str, ...] = ()
    reported_titles: tuple[str, ...] = ()
    job_zone: int | None = None
    related: tuple[str, ...] = ()
    esco_uris: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EscoOccupation:
    """An ESCO occupation with its ISCO-08 unit group and, where its labels agree, an O*NET code."""

    uri: str
    label: str
    alt_labels: tuple[str, ...] = ()
    hidden_labels: tuple[str, ...] = ()
    isco_group: str | None = None
    onet_code: str | None = None


@dataclass(frozen=True, slots=True)
class TitleMatch:
    """A job title resolved to O*NET and/or ESCO.

    ``cleaned`` is the title that was looked up (seniority words, brackets and noise removed);
    ``source`` says which taxonomy matched it directly (O*NET when both did). The ESCO fields are set
    only when the title is an ESCO label; the O*NET fields also when only ESCO matched and the
    shared-title crosswalk maps that ESCO occupation to O*NET. ``matched_by`` refers to ``source``.
    """

    cleaned: str
    seniority: str | None
    source: TitleSource
    matched_by: TitleMatchedBy
    onet_code: str | None = None
    onet_title: str | None = None
    esco_uri: str | None = None
    esco_label: str | None = None
    isco_group: str | None = None
