"""The loaded taxonomy: one object whose skill and title halves are read from the shipped files on
first use and kept after."""

from __future__ import annotations

import functools
from typing import Any

from talentscout.taxonomy import extract
from talentscout.taxonomy.data_files import (
    SYNONYMS_FILE,
    LazySkills,
    parse_ambiguity,
    parse_esco,
    parse_onet,
    parse_synonyms,
    read_json,
    read_text,
)
from talentscout.taxonomy.models import (
    EscoOccupation,
    OnetOccupation,
    Skill,
    SkillMatch,
    SkillMention,
    TitleMatch,
)
from talentscout.taxonomy.skills import SkillCatalogue
from talentscout.taxonomy.titles import TitleCatalogue


def _flat_index(raw: dict[str, list[Any]], order: list[str]) -> dict[str, tuple[str, int]]:
    """Undo ``build.flat_index``: ``targets`` hold position × 2 + how (0 exact, 1 alternative)."""
    pairs = zip(raw["keys"], raw["targets"], strict=True)
    return {key: (order[target >> 1], target & 1) for key, target in pairs}


def load_skills() -> SkillCatalogue:
    """Read ``skills.json.gz`` and ``synonyms.tsv``."""
    payload = read_json("skills.json.gz")
    records = payload["skills"]
    curated = parse_synonyms(read_text(SYNONYMS_FILE))
    return SkillCatalogue(
        LazySkills(records, curated.skills),
        _flat_index(payload["index"], [raw["id"] for raw in records]),
        parse_ambiguity(payload["ambiguous"]),
        curated.synonyms,
    )


def load_titles() -> TitleCatalogue:
    """Read ``occupations.json.gz``."""
    payload = read_json("occupations.json.gz")
    onet = [parse_onet(raw) for raw in payload["onet"]]
    esco = [parse_esco(raw) for raw in payload["esco"]]
    return TitleCatalogue(
        {occ.code: occ for occ in onet},
        {occ.uri: occ for occ in esco},
        _flat_index(payload["onet_titles"], [occ.code for occ in onet]),
        _flat_index(payload["esco_titles"], [occ.uri for occ in esco]),
    )


class Taxonomy:
    """Skills and job titles from O*NET 29.2 and ESCO 1.2.0 plus the curated synonyms.

    The skill half and the title half are each read on first use, so a caller that only needs
    skills never pays for the occupation lists.
    """

    @functools.cached_property
    def skill_catalogue(self) -> SkillCatalogue:
        return load_skills()

    @functools.cached_property
    def title_catalogue(self) -> TitleCatalogue:
        return load_titles()

    def skill(self, skill_id: str) -> Skill | None:
        return self.skill_catalogue.skills.get(skill_id)

    def onet_occupation(self, code: str) -> OnetOccupation | None:
        return self.title_catalogue.onet.get(code)

    def esco_occupation(self, uri: str) -> EscoOccupation | None:
        return self.title_catalogue.esco.get(uri)

    def canonical_skill(self, text: str) -> SkillMatch | None:
        return self.skill_catalogue.canonical(text)

    def skill_synonyms(self, label_or_id: str) -> frozenset[str]:
        return self.skill_catalogue.labels(label_or_id)

    def canonical_title(self, text: str) -> TitleMatch | None:
        return self.title_catalogue.canonical(text)

    def find_skills(self, text: str) -> list[SkillMention]:
        return extract.find_skills(self.skill_catalogue, text)

    def extract_skills(self, text: str) -> list[SkillMatch]:
        return extract.extract_skills(self.skill_catalogue, text)


@functools.cache
def load_taxonomy() -> Taxonomy:
    """The shared taxonomy. Cheap to call: each half is read on first use and kept after."""
    return Taxonomy()
