"""Readers for the O*NET 29.2 and ESCO 1.2.0 CSV files. Only the columns the taxonomy ships are kept."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ONET_DIR = "onet_29.2"
ESCO_DIR = "esco_1.2.0"
ESCO_SKILL_FILES: tuple[tuple[str, str], ...] = (
    ("language", "languageSkillsCollection_en.csv"),
    ("digital", "digitalSkillsCollection_en.csv"),
    ("transversal", "transversalSkillsCollection_en.csv"),
    ("green", "greenSkillsCollection_en.csv"),
)


def read_csv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def split_labels(cell: str) -> list[str]:
    """ESCO packs several labels in one cell, separated by new lines or `` | ``."""
    parts = cell.replace(" | ", "\n").split("\n")
    return [part.strip() for part in parts if part.strip()]


@dataclass
class OnetTitleSources:
    code: str
    title: str
    alternate: list[tuple[str, str, int]] = field(default_factory=list)  # title, short title, sources
    reported: list[tuple[str, bool]] = field(default_factory=list)  # title, shown in My Next Move
    job_zone: int | None = None
    related: list[str] = field(default_factory=list)


@dataclass
class OnetTechnology:
    example: str
    commodities: set[str] = field(default_factory=set)
    occupations: set[str] = field(default_factory=set)
    hot: bool = False
    in_demand: bool = False


@dataclass
class EscoSkillSource:
    uuid: str
    label: str
    alt_labels: list[str]
    kinds: list[str]
    skill_type: str
    group: str | None


@dataclass
class EscoOccupationSource:
    uuid: str
    label: str
    alt_labels: list[str]
    hidden_labels: list[str]
    isco_group: str


def _uuid(uri: str) -> str:
    return uri.rstrip("/").rsplit("/", 1)[-1]


def read_onet_occupations(root: Path) -> dict[str, OnetTitleSources]:
    base = root / ONET_DIR
    occupations = {
        row["O*NET-SOC Code"]: OnetTitleSources(row["O*NET-SOC Code"], row["Title"])
        for row in read_csv(base / "Occupation_Data.csv")
    }
    for row in read_csv(base / "Alternate_Titles.csv"):
        sources = len([s for s in row["Source(s)"].split(",") if s.strip()])
        entry = (row["Alternate Title"], row["Short Title"], max(sources, 1))
        occupations[row["O*NET-SOC Code"]].alternate.append(entry)
    for row in read_csv(base / "Sample_of_Reported_Titles.csv"):
        shown = row["Shown in My Next Move"] == "Y"
        occupations[row["O*NET-SOC Code"]].reported.append((row["Reported Job Title"], shown))
    for row in read_csv(base / "Job_Zones.csv"):
        occupations[row["O*NET-SOC Code"]].job_zone = int(row["Job Zone"])
    related = sorted(read_csv(base / "Related_Occupations.csv"), key=lambda r: int(r["Index"]))
    for row in related:
        occupations[row["O*NET-SOC Code"]].related.append(row["Related O*NET-SOC Code"])
    return occupations


def read_onet_technologies(root: Path) -> dict[str, OnetTechnology]:
    technologies: dict[str, OnetTechnology] = {}
    for row in read_csv(root / ONET_DIR / "Technology_Skills.csv"):
        tech = technologies.setdefault(row["Example"], OnetTechnology(row["Example"]))
        tech.commodities.add(row["Commodity Title"])
        tech.occupations.add(row["O*NET-SOC Code"])
        tech.hot = tech.hot or row["Hot Technology"] == "Y"
        tech.in_demand = tech.in_demand or row.get("In Demand") == "Y"
    return technologies


def read_esco_skills(root: Path) -> dict[str, EscoSkillSource]:
    skills: dict[str, EscoSkillSource] = {}
    for kind, filename in ESCO_SKILL_FILES:
        for row in read_csv(root / ESCO_DIR / filename):
            uuid = _uuid(row["conceptUri"])
            if uuid in skills:
                skills[uuid].kinds.append(kind)
                continue
            groups = split_labels(row.get("broaderConceptPT") or "")
            alt = split_labels(row["altLabels"])
            skills[uuid] = EscoSkillSource(
                uuid,
                row["preferredLabel"].strip(),
                alt,
                [kind],
                row["skillType"],
                groups[0] if groups else None,
            )
    return skills


def read_esco_occupations(root: Path) -> dict[str, EscoOccupationSource]:
    occupations: dict[str, EscoOccupationSource] = {}
    for row in read_csv(root / ESCO_DIR / "occupations_en.csv"):
        uuid = _uuid(row["conceptUri"])
        occupations[uuid] = EscoOccupationSource(
            uuid,
            row["preferredLabel"].strip(),
            split_labels(row["altLabels"]),
            split_labels(row["hiddenLabels"]),
            row["iscoGroup"].strip(),
        )
    return occupations


def prose(root: Path) -> Iterator[str]:
    """Ordinary English sentences from both sources, to learn which words are everyday words."""
    for row in read_csv(root / ONET_DIR / "Task_Statements.csv"):
        yield row["Task"]
    for row in read_csv(root / ONET_DIR / "Occupation_Data.csv"):
        yield row["Description"]
    for name in ("occupations_en.csv", "ISCOGroups_en.csv", "skillGroups_en.csv"):
        for row in read_csv(root / ESCO_DIR / name):
            yield row["description"]
    for _kind, filename in ESCO_SKILL_FILES:
        for row in read_csv(root / ESCO_DIR / filename):
            yield row["description"]
