"""Skill and job-title taxonomy shipped with TalentScout (O*NET 29.2, ESCO 1.2.0, curated synonyms).

    >>> from talentscout import taxonomy
    >>> taxonomy.canonical_skill("k8s").label
    'Kubernetes'
    >>> taxonomy.canonical_title("Senior Software Engineer").onet_code
    '15-1252.00'

Importing this package reads nothing; the data is loaded on the first lookup and cached
(:func:`load_taxonomy`). Lookups are exact on a normalised label (:func:`normalise_label`), never fuzzy.
See ``docs/decisions/003-taxonomy.md`` and ``data/NOTICE.md`` (attribution).
"""

from __future__ import annotations

from talentscout.taxonomy.catalogue import Taxonomy, load_taxonomy
from talentscout.taxonomy.data_files import TaxonomyDataError
from talentscout.taxonomy.models import (
    EscoOccupation,
    OnetOccupation,
    Skill,
    SkillKind,
    SkillMatch,
    SkillMatchedBy,
    SkillMention,
    TitleMatch,
    TitleMatchedBy,
)
from talentscout.taxonomy.normalise import normalise_label
from talentscout.taxonomy.titles import split_seniority

__all__ = [
    "EscoOccupation",
    "OnetOccupation",
    "Skill",
    "SkillKind",
    "SkillMatch",
    "SkillMatchedBy",
    "SkillMention",
    "Taxonomy",
    "TaxonomyDataError",
    "TitleMatch",
    "TitleMatchedBy",
    "canonical_skill",
    "canonical_title",
    "extract_skills",
    "find_skills",
    "load_taxonomy",
    "normalise_label",
    "skill_synonyms",
    "split_seniority",
]


def canonical_skill(text: str) -> SkillMatch | None:
    """The canonical skill for a skill name ("k8s", "ReactJS", "Python 3"), or ``None``.

    Tries the normalised text as a curated synonym, a preferred label and an alternative label, then
    trivial variants (a version number, a ``js`` suffix, "programming"/"language", "MS " prefix).
    """
    return load_taxonomy().canonical_skill(text)


def skill_synonyms(label_or_id: str) -> frozenset[str]:
    """Every label of a skill (preferred, alternative, curated synonyms); empty when unknown."""
    return load_taxonomy().skill_synonyms(label_or_id)


def canonical_title(text: str) -> TitleMatch | None:
    """O*NET occupation and ESCO occupation for a job title, with its seniority split off."""
    return load_taxonomy().canonical_title(text)


def extract_skills(text: str) -> list[SkillMatch]:
    """The distinct known skills mentioned in free text, in order of first mention.

    Ambiguous short or everyday names ("Go", "R", "C", "Excel") count only when written exactly so
    inside a sentence, or as an item of a list; see :mod:`talentscout.taxonomy.extract`.
    """
    return load_taxonomy().extract_skills(text)


def find_skills(text: str) -> list[SkillMention]:
    """Like :func:`extract_skills` but every mention, with its character span in ``text``."""
    return load_taxonomy().find_skills(text)
