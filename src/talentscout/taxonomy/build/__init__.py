"""Build the shipped taxonomy files from the O*NET 29.2 and ESCO 1.2.0 CSV downloads.

Run through ``scripts/build_taxonomy.py``. Output is deterministic: sorted JSON, gzip without a
timestamp, so rebuilding from the same sources gives byte-identical files. Nothing here is imported
at run time by the lookups.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from talentscout.taxonomy.build import skills as skill_build
from talentscout.taxonomy.build import titles as title_build
from talentscout.taxonomy.build.ambiguity import ambiguity
from talentscout.taxonomy.build.labels import label_key, lowercase_word_counts
from talentscout.taxonomy.build.sources import (
    prose,
    read_esco_occupations,
    read_esco_skills,
    read_onet_occupations,
    read_onet_technologies,
)

SKILLS_FILE = "skills.json.gz"
OCCUPATIONS_FILE = "occupations.json.gz"
GENERATED_FILES = (SKILLS_FILE, OCCUPATIONS_FILE)
COMMON_WORD_MIN_COUNT = 3
VERSIONS = {"onet": "29.2", "esco": "1.2.0"}


def write_json_gz(path: Path, payload: object) -> int:
    """Write ``payload`` as sorted, compact JSON in a gzip member with no name or timestamp."""
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    data = gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)
    path.write_bytes(data)
    return len(data)


def flat_index(entries: dict[str, list[object]], order: list[str]) -> dict[str, list[Any]]:
    """``key → [id, how]`` as two parallel sorted lists, ``targets`` = position of id × 2 + how.

    Flat lists of strings and integers parse several times faster than a JSON object of lists.
    """
    position = {identifier: number for number, identifier in enumerate(order)}
    keys = sorted(entries)
    targets = [position[str(entries[key][0])] * 2 + int(str(entries[key][1])) for key in keys]
    return {"keys": keys, "targets": targets}


def _titles(source: Path) -> dict[str, Any]:
    onet = read_onet_occupations(source)
    esco = read_esco_occupations(source)
    onet_votes, esco_votes = title_build.onet_votes(onet), title_build.esco_votes(esco)
    onet_family = title_build.onet_family(onet)
    esco_family = {uuid: occ.isco_group for uuid, occ in esco.items()}
    contested = title_build.contested_keys(onet_votes, onet_family)
    first_onet_index = title_build.resolve(onet_votes, onet_family)
    esco_index = title_build.resolve(esco_votes, esco_family, contested=contested)
    esco_to_onet = title_build.crosswalk(title_build.esco_labels(esco), first_onet_index)
    onet_to_esco = title_build.crosswalk(title_build.onet_labels(onet), esco_index)
    ties = {key: esco_to_onet[str(hit[0])] for key, hit in esco_index.items() if hit[0] in esco_to_onet}
    onet_index = title_build.resolve(onet_votes, onet_family, tie_breaker=ties)
    onet_records = title_build.onet_records(onet, onet_to_esco, esco_to_onet)
    esco_records = title_build.esco_records(esco, esco_to_onet)
    return {
        "onet": onet_records,
        "esco": esco_records,
        "onet_titles": flat_index(onet_index, [r["code"] for r in onet_records]),
        "esco_titles": flat_index(esco_index, [r["uri"] for r in esco_records]),
    }


def _skill_index(winners: dict[str, skill_build.Candidate], records: list[dict[str, Any]]) -> dict[str, Any]:
    """A key is an ``exact`` match (how 0) only when it is the skill's own preferred label."""
    own = {str(r["id"]): label_key(str(r["label"])) for r in records}
    entries: dict[str, list[object]] = {
        key: [c.skill_id, 0 if own[c.skill_id] == key else 1] for key, c in winners.items()
    }
    return flat_index(entries, [str(r["id"]) for r in records])


def build(source: Path, out: Path) -> dict[str, int]:
    """Read the CSVs under ``source`` (``onet_29.2/``, ``esco_1.2.0/``), write into ``out``.

    Returns the size in bytes of each file written.
    """
    counts = lowercase_word_counts(prose(source))

    def is_common(word: str) -> bool:
        return counts[word] >= COMMON_WORD_MIN_COUNT

    occupations = _titles(source)
    title_keys = occupations["onet_titles"]["keys"]
    technologies, esco = read_onet_technologies(source), read_esco_skills(source)
    ids = skill_build.onet_ids(technologies)
    candidates, links = skill_build.collect_candidates(technologies, esco, ids, is_common)
    resolved = {key: skill_build.resolve(group) for key, group in candidates.items()}
    winners = {key: cand for key, cand in resolved.items() if cand is not None}
    records = skill_build.skill_records(technologies, esco, ids, winners, links)
    skills = {
        "versions": VERSIONS,
        "skills": records,
        "index": _skill_index(winners, records),
        "ambiguous": ambiguity(winners, candidates, is_common, title_keys),
    }
    out.mkdir(parents=True, exist_ok=True)
    return {
        SKILLS_FILE: write_json_gz(out / SKILLS_FILE, skills),
        OCCUPATIONS_FILE: write_json_gz(out / OCCUPATIONS_FILE, {"versions": VERSIONS, **occupations}),
    }
