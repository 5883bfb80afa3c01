"""Read the shipped data files (``talentscout/taxonomy/data/``) into plain typed structures.

Loading is the only I/O in the taxonomy package and happens on first use, never at import.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any, cast

from talentscout.taxonomy.models import SKILL_KINDS, EscoOccupation, OnetOccupation, Skill, SkillKind
from talentscout.taxonomy.normalise import normalise_label

ESCO_OCCUPATION_URI = "http://data.europa.eu/esco/occupation/"
SYNONYMS_FILE = "synonyms.tsv"
FREE_TEXT_MODES = frozenset({"case", "list"})


class TaxonomyDataError(RuntimeError):
    """A shipped data file is missing or inconsistent (a packaging or curation mistake)."""


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """How a one-word key may be matched in free text (see ``extract.py``)."""

    mode: str  # "case" or "list"
    forms: frozenset[str]


@dataclass(frozen=True, slots=True)
class Synonym:
    key: str
    written: str
    target: str
    mode: str | None


@dataclass(frozen=True, slots=True)
class CuratedSynonyms:
    """synonyms.tsv: skills neither source has, and synonyms pointing at any skill."""

    skills: tuple[Skill, ...]
    synonyms: tuple[Synonym, ...]


def read_json(name: str) -> dict[str, Any]:
    resource = resources.files("talentscout.taxonomy").joinpath("data", name)
    try:
        payload = json.loads(gzip.decompress(resource.read_bytes()))
    except FileNotFoundError as exc:
        raise TaxonomyDataError(
            f"taxonomy data file {name} is missing; run scripts/build_taxonomy.py"
        ) from exc
    return cast(dict[str, Any], payload)


def read_text(name: str) -> str:
    return resources.files("talentscout.taxonomy").joinpath("data", name).read_text(encoding="utf-8")


def _kind(value: object) -> SkillKind:
    for kind in SKILL_KINDS:
        if value == kind:
            return kind
    raise TaxonomyDataError(f"unknown skill kind {value!r}")


def parse_skill(raw: dict[str, Any]) -> Skill:
    return Skill(
        id=raw["id"],
        label=raw["label"],
        kind=_kind(raw["kind"]),
        alt_labels=tuple(raw.get("alt", ())),
        kinds=tuple(_kind(k) for k in raw.get("kinds", [raw["kind"]])),
        commodities=tuple(raw.get("commodities", ())),
        hot=bool(raw.get("hot", False)),
        in_demand=bool(raw.get("in_demand", False)),
        occupations=tuple(raw.get("occupations", ())),
        same_as=tuple(raw.get("same_as", ())),
        group=raw.get("group"),
    )


class LazySkills(Mapping[str, Skill]):
    """Skill records by id, turned into :class:`Skill` objects only when asked for.

    Most lookups touch a handful of the ~11,000 skills; parsing them all up front doubles load time.
    """

    def __init__(
        self, records: list[dict[str, Any]], extra: Iterator[Skill] | tuple[Skill, ...] = ()
    ) -> None:
        self._raw = {str(raw["id"]): raw for raw in records}
        self._parsed: dict[str, Skill] = {skill.id: skill for skill in extra}

    def __getitem__(self, skill_id: str) -> Skill:
        skill = self._parsed.get(skill_id)
        if skill is None:
            skill = self._parsed[skill_id] = parse_skill(self._raw[skill_id])
        return skill

    def __contains__(self, skill_id: object) -> bool:
        return skill_id in self._parsed or skill_id in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(self._raw), **dict.fromkeys(self._parsed)})

    def __len__(self) -> int:
        return len(self._raw.keys() | self._parsed.keys())


def parse_onet(raw: dict[str, Any]) -> OnetOccupation:
    return OnetOccupation(
        code=raw["code"],
        title=raw["title"],
        alt_titles=tuple(raw["alt"]),
        reported_titles=tuple(raw["reported"]),
        job_zone=raw["job_zone"],
        related=tuple(raw["related"]),
        esco_uris=tuple(ESCO_OCCUPATION_URI + uuid for uuid in raw["esco"]),
    )


def parse_esco(raw: dict[str, Any]) -> EscoOccupation:
    return EscoOccupation(
        uri=ESCO_OCCUPATION_URI + raw["uri"],
        label=raw["label"],
        alt_labels=tuple(raw["alt"]),
        hidden_labels=tuple(raw["hidden"]),
        isco_group=raw["isco"] or None,
        onet_code=raw["onet"],
    )


def parse_ambiguity(raw: dict[str, list[Any]]) -> dict[str, Ambiguity]:
    return {key: Ambiguity(str(mode), frozenset(forms)) for key, (mode, forms) in raw.items()}


def curated_skill_id(label: str) -> str:
    return "curated:" + normalise_label(label).replace(" ", "-")


def parse_synonyms(text: str) -> CuratedSynonyms:
    """``synonym<TAB>canonical label or id[<TAB>case|list]`` per line, or ``+<TAB>label<TAB>kind``
    for a new curated skill; ``#`` starts a comment line."""
    skills: list[Skill] = []
    synonyms: list[Synonym] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [field.strip() for field in line.split("\t")] + ["", ""]
        name, target, extra = fields[0], fields[1], fields[2] or None
        if not name or not target or (name != "+" and extra is not None and extra not in FREE_TEXT_MODES):
            raise TaxonomyDataError(
                f"{SYNONYMS_FILE} line {number}: expected 'synonym<TAB>target[<TAB>case|list]'"
            )
        if name == "+":
            skills.append(Skill(curated_skill_id(target), target, _kind(extra), kinds=(_kind(extra),)))
        else:
            synonyms.append(Synonym(normalise_label(name), name, target, extra))
    return CuratedSynonyms(tuple(skills), tuple(synonyms))
