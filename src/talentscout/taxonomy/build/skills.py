"""Skill records and the label index, from O*NET technology examples and ESCO skill collections.

Every label becomes a *candidate* for its normalised key. A key goes to one skill, decided by tier
(preferred label, then a label derived from it, then an ESCO alternative label), then source (O*NET
before ESCO) and how many O*NET occupations list the technology. A tie between different skills
below the preferred-label tier leaves the key out: no match is better than a wrong one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from talentscout.taxonomy.build.labels import derived_labels, label_key, strip_brackets
from talentscout.taxonomy.build.sources import EscoSkillSource, OnetTechnology
from talentscout.taxonomy.normalise import fold

PREFERRED, DERIVED, ALTERNATIVE = 0, 1, 2
ONET, ESCO = 0, 1


@dataclass(frozen=True, order=True)
class Candidate:
    tier: int
    source: int
    neg_popularity: int
    skill_id: str
    written: str


def slugify(label: str) -> str:
    """``C++`` → ``c-plus-plus``, ``Node.js`` → ``node-js``, ``C#`` → ``c-sharp``."""
    text = fold(label).replace("+", " plus ").replace("#", " sharp ").replace("&", " and ")
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text).split())


def onet_ids(technologies: dict[str, OnetTechnology]) -> dict[str, str]:
    """Example → ``onet:tech:<slug>``; a clashing slug gets ``-2``, ``-3`` in sorted order."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for example in sorted(technologies):
        slug, n = slugify(example), 2
        while slug in taken:
            slug, n = f"{slugify(example)}-{n}", n + 1
        taken.add(slug)
        ids[example] = f"onet:tech:{slug}"
    return ids


def _initials(label: str) -> str:
    words = [word for word in label_key(label).split() if word not in {"and", "of", "for", "the"}]
    return "".join(word[0] for word in words if word[0].isalnum())


def is_synonym_like(preferred: str, alt: str) -> bool:
    """Whether an ESCO alternative label names the same thing rather than a narrower or related one.

    ESCO lists products under generic skills ("query languages" → "HTSQL") and related tools under
    named ones ("JavaScript" → "Mocha", "Escript"); single everyday words under soft skills
    ("express yourself creatively" → "sing"). A kept label shares a word with the preferred label,
    contains it or is contained in it ("PostgreSQL" → "Postgres"), or spells its initials ("PERL").
    """
    own, other = label_key(preferred), label_key(alt)
    shares_word = bool(set(own.split()) & set(other.split()))
    nested = min(len(own), len(other)) >= 4 and (
        own.replace(" ", "") in other.replace(" ", "") or other in own
    )
    acronym = other.replace(".", "") in {_initials(preferred)} or own.replace(".", "") == _initials(alt)
    if shares_word or nested or acronym:
        return True
    named = preferred != preferred.lower()
    return not named and alt == alt.lower() and " " in other


def _onet_candidates(
    technologies: dict[str, OnetTechnology], ids: dict[str, str], is_common: Callable[[str], bool]
) -> Iterable[tuple[str, Candidate]]:
    for example, tech in sorted(technologies.items()):
        popularity = -len(tech.occupations)
        yield label_key(example), Candidate(PREFERRED, ONET, popularity, ids[example], example)
        for label in derived_labels(example, is_common):
            yield label_key(label), Candidate(DERIVED, ONET, popularity, ids[example], label)


def _esco_candidates(
    skills: dict[str, EscoSkillSource], is_common: Callable[[str], bool]
) -> Iterable[tuple[str, Candidate]]:
    for uuid, skill in sorted(skills.items()):
        skill_id = f"esco:{uuid}"
        yield label_key(skill.label), Candidate(PREFERRED, ESCO, 0, skill_id, skill.label)
        for label in derived_labels(skill.label, is_common):
            yield label_key(label), Candidate(DERIVED, ESCO, 0, skill_id, label)
        for label in skill.alt_labels:
            if is_synonym_like(skill.label, label):
                yield label_key(label), Candidate(ALTERNATIVE, ESCO, 0, skill_id, label)


def _spelling(label: str) -> str:
    """Case-sensitive comparison form: ``Objective-C`` matches ``Objective C``; ``iOS`` not ``IOS``."""
    return " ".join(label.replace("-", " ").replace("/", " ").split())


def link_esco_to_onet(
    candidates: dict[str, list[Candidate]], esco: dict[str, EscoSkillSource]
) -> dict[str, str]:
    """ESCO skill id → O*NET id when a named ESCO skill's own name is spelt exactly like an O*NET
    technology's name ("Python (computer programming)" and "Python"; "Java (…)" and "Oracle Java").
    Generic lower-case ESCO skills and different capitalisations ("iOS", "Cisco IOS") are not linked."""
    links: dict[str, str] = {}
    for _key, group in sorted(candidates.items()):
        onet = sorted(c for c in group if c.source == ONET and c.tier <= DERIVED)
        for cand in (c for c in group if c.source == ESCO and onet):
            own = esco[cand.skill_id.removeprefix("esco:")].label
            named = cand.written != cand.written.lower() and cand.written in (own, strip_brackets(own))
            twins = [o for o in onet if _spelling(o.written) == _spelling(cand.written)]
            if named and twins:
                links.setdefault(cand.skill_id, twins[0].skill_id)
    return links


def resolve(group: list[Candidate]) -> Candidate | None:
    """The candidate that owns a key, or ``None`` when two skills tie for it."""
    best: dict[str, Candidate] = {}
    for cand in sorted(group):
        best.setdefault(cand.skill_id, cand)
    ranked = sorted(best.values())
    if len(ranked) == 1 or ranked[0].tier < ranked[1].tier or ranked[0].tier == PREFERRED:
        return ranked[0]
    first, second = ranked[0], ranked[1]
    if (first.source, first.neg_popularity) < (second.source, second.neg_popularity):
        return first
    return None


def collect_candidates(
    technologies: dict[str, OnetTechnology],
    esco: dict[str, EscoSkillSource],
    ids: dict[str, str],
    is_common: Callable[[str], bool],
) -> tuple[dict[str, list[Candidate]], dict[str, str]]:
    """All candidates by key, with linked ESCO skills' labels pointing at their O*NET twin."""
    candidates: dict[str, list[Candidate]] = defaultdict(list)
    for key, cand in [*_onet_candidates(technologies, ids, is_common), *_esco_candidates(esco, is_common)]:
        if key:
            candidates[key].append(cand)
    links = link_esco_to_onet(candidates, esco)
    for key, group in candidates.items():
        candidates[key] = [
            Candidate(c.tier, ONET, c.neg_popularity, links[c.skill_id], c.written)
            if c.skill_id in links
            else c
            for c in group
        ]
    return dict(candidates), links


def skill_records(
    technologies: dict[str, OnetTechnology],
    esco: dict[str, EscoSkillSource],
    ids: dict[str, str],
    winners: dict[str, Candidate],
    links: dict[str, str],
) -> list[dict[str, Any]]:
    """One JSON object per skill; ``alt`` holds the labels whose key the skill won."""
    alt: dict[str, dict[str, str]] = defaultdict(dict)
    for key, cand in sorted(winners.items()):
        alt[cand.skill_id].setdefault(key, cand.written)
    same_as: dict[str, set[str]] = defaultdict(set)
    for esco_id, onet_id in links.items():
        same_as[esco_id].add(onet_id)
        same_as[onet_id].add(esco_id)
    records = [_onet_record(ids[ex], t, alt, same_as) for ex, t in technologies.items()]
    records += [_esco_record(s, alt, same_as, links) for s in esco.values()]
    return sorted(records, key=lambda r: str(r["id"]))


def _alt_list(skill_id: str, label: str, alt: dict[str, dict[str, str]]) -> list[str]:
    own = label_key(label)
    return sorted(written for key, written in alt[skill_id].items() if key != own)


def _onet_record(
    skill_id: str, tech: OnetTechnology, alt: dict[str, dict[str, str]], same_as: dict[str, set[str]]
) -> dict[str, Any]:
    record: dict[str, Any] = {"id": skill_id, "label": tech.example, "kind": "technology"}
    record["commodities"] = sorted(tech.commodities)
    record["occupations"] = sorted(tech.occupations)
    _put(record, "alt", _alt_list(skill_id, tech.example, alt))
    _put(record, "same_as", sorted(same_as[skill_id]))
    _put(record, "hot", tech.hot)
    _put(record, "in_demand", tech.in_demand)
    return record


def _esco_record(
    skill: EscoSkillSource,
    alt: dict[str, dict[str, str]],
    same_as: dict[str, set[str]],
    links: dict[str, str],
) -> dict[str, Any]:
    skill_id = f"esco:{skill.uuid}"
    record: dict[str, Any] = {"id": skill_id, "label": skill.label, "kind": skill.kinds[0]}
    labels = skill.alt_labels if skill_id in links else _alt_list(skill_id, skill.label, alt)
    _put(record, "alt", sorted(set(labels)))
    _put(record, "kinds", skill.kinds if len(skill.kinds) > 1 else [])
    _put(record, "same_as", sorted(same_as[skill_id]))
    _put(record, "group", skill.group)
    return record


def _put(record: dict[str, Any], name: str, value: object) -> None:
    if value:
        record[name] = value
