"""Generate the demo's source files: one ground-truth population, written down by many sources.

``generate_demo_files(out_dir)`` draws ``people`` fictional people, puts each in 1–3 sources (LinkedIn,
JSON Resume, meetup badges, referrals, two ATS exports, a CV database, two agencies) with the noise
real sources have, and writes ``ground_truth.csv`` mapping every record back to its person. The same
seed gives byte-identical files; every date is relative to ``ANCHOR`` (2026-11-01), never to today.

``ground_truth.csv`` has one line per record: ``source_name``, ``format``, ``file`` (relative to the
output folder), ``row`` (1-based, data rows only), ``source_id`` (the external id the importer derives:
profile URL, vCard UID, ATS id, id column, JSON Resume email, SHA-256 of a résumé file),
``true_person_key``, ``true_full_name``, ``hard_negative_group`` (e.g. ``same-name:maria-garcia``,
``household:becker-hamburg``) and ``defect`` for the few deliberately bad rows (an empty key means
the row is nobody).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from random import Random

from talentscout.demo.assign import assign
from talentscout.demo.model import Person
from talentscout.demo.population import build_population
from talentscout.demo.sources import greenhouse, jsonresume, lever, linkedin, resumes, sheets, vcard
from talentscout.demo.sources.truth import TruthRow

MIN_PEOPLE = 20
GROUND_TRUTH = "ground_truth.csv"
GROUND_TRUTH_HEADER = (
    "source_name",
    "format",
    "file",
    "row",
    "source_id",
    "true_person_key",
    "true_full_name",
    "hard_negative_group",
    "defect",
)

Writer = Callable[[Path, list[Person], Random], list[TruthRow]]


@dataclass(frozen=True)
class DemoFile:
    """One source to import: ``path`` (a file, or a folder of résumés for ``format="resume"``) and how."""

    path: Path
    #: importer format name: csv, linkedin, jsonresume, vcard, greenhouse, lever, resume
    format: str
    #: a ``SourceChannel`` value
    channel: str
    source_name: str
    #: column -> CandidateData field, for "csv" files; empty otherwise
    mapping: dict[str, str] = field(default_factory=dict)
    id_column: str | None = None


@dataclass(frozen=True)
class _Spec:
    key: str
    filename: str
    format: str
    channel: str
    source_name: str
    mapping: dict[str, str] = field(default_factory=dict)
    id_column: str | None = None


SOURCES = (
    _Spec("linkedin", "Connections.csv", "linkedin", "social", "LinkedIn connections (Alice)"),
    _Spec("jsonresume", "json_resume_profiles.json", "jsonresume", "social", "JSON Resume profiles"),
    _Spec("vcard", "berlin_tech_meetup_badges.vcf", "vcard", "event", "Berlin Tech Meetup badges"),
    _Spec(
        "referral",
        "employee_referrals.csv",
        "csv",
        "referral",
        "Employee referrals",
        sheets.REFERRAL_MAPPING,
        "Referral ID",
    ),
    _Spec(
        "greenhouse",
        "greenhouse_candidates_2023.json",
        "greenhouse",
        "past_applicant",
        "Greenhouse 2023 applicants",
    ),
    _Spec(
        "lever", "lever_opportunities_2024_2025.json", "lever", "past_applicant", "Lever 2024–2025 applicants"
    ),
    _Spec("cv", "cv_database", "resume", "cv_database", "CV database"),
    _Spec(
        "talentbridge",
        "agency_talentbridge.csv",
        "csv",
        "agency",
        "Agency: Talentbridge",
        sheets.TALENTBRIDGE_MAPPING,
        "Candidate ID",
    ),
    _Spec(
        "hirewell", "agency_hirewell.csv", "csv", "agency", "Agency: Hirewell", sheets.HIREWELL_MAPPING, "Ref"
    ),
)


def _writers(bad: int) -> dict[str, Writer]:
    """Source key -> its writer; ``bad`` is how many deliberately broken rows of each kind to write."""
    return {
        "linkedin": linkedin.write,
        "jsonresume": jsonresume.write,
        "vcard": vcard.write,
        "referral": partial(sheets.write_referrals, junk=bad),
        "greenhouse": greenhouse.write,
        "lever": lever.write,
        "cv": resumes.write,
        "talentbridge": partial(sheets.write_talentbridge, bad=bad),
        "hirewell": partial(sheets.write_hirewell, bad=bad),
    }


def generate_demo_files(out_dir: Path, *, people: int = 3000, seed: int = 7) -> list[DemoFile]:
    """Write every source and ``ground_truth.csv`` into ``out_dir``; return the sources in import order."""
    if people < MIN_PEOPLE:
        raise ValueError(f"the demo needs at least {MIN_PEOPLE} people, got {people}")
    out_dir.mkdir(parents=True, exist_ok=True)
    population = build_population(Random(seed), people)  # noqa: S311 - demo data, not secrets
    by_key = {p.key: p for p in population}
    members = assign(
        Random(f"{seed}/assign"),  # noqa: S311
        population,
        cv_count=min(max(people // 50, 40), 80, people // 3),
        both_agencies=max(3, people // 250),
    )
    writers = _writers(bad=max(1, people // 1500))
    truth: list[list[str]] = []
    for spec in SOURCES:
        rng = Random(f"{seed}/{spec.key}")  # noqa: S311
        chosen = list(members[spec.key])
        rng.shuffle(chosen)
        for t in writers[spec.key](out_dir / spec.filename, chosen, rng):
            truth.append(_truth_row(spec, t, by_key.get(t.person_key)))
    _write_ground_truth(out_dir / GROUND_TRUTH, truth)
    return [_demo_file(out_dir, spec) for spec in SOURCES]


def _demo_file(out_dir: Path, spec: _Spec) -> DemoFile:
    path = out_dir / spec.filename
    return DemoFile(path, spec.format, spec.channel, spec.source_name, dict(spec.mapping), spec.id_column)


def _truth_row(spec: _Spec, t: TruthRow, person: Person | None) -> list[str]:
    file = f"{spec.filename}/{t.file}" if t.file else spec.filename
    name = person.full_name if person else ""
    group = person.hard_negative or "" if person else ""
    return [spec.source_name, spec.format, file, str(t.row), t.source_id, t.person_key, name, group, t.defect]


def _write_ground_truth(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(GROUND_TRUTH_HEADER)
        out.writerows(rows)
