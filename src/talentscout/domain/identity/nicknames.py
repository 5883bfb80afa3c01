"""Given names that may stand for one another: Bob ~ Robert, Bill ~ Will (both William), Sasha ~ Aleksandr.

Two lists ship in ``data/`` (see ``data/README.md``): ``nicknames_en.csv``, the hand-curated English
list of the ``nicknames`` package 1.0.1 (Carlton Northern, Nick Crews; Apache-2.0, licence beside
it), and ``given_name_variants.txt``, TalentScout's own groups of cross-language variants and short
forms (Aleksandr / Alexander / Sasha, Katarzyna / Kasia, José / Pepe, Chukwuemeka / Emeka …).

Each formal name of the English list forms a group with its nicknames; each line of our list is a
group. Two names are variants when they share a group: a nickname and its formal name, two
nicknames of one formal name (Bill ~ Will), two spellings of one name across languages. Two formal
names are not linked through a shared nickname (Alexander and Alfred both give "Al": still different).
Loaded on first use, never at import.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from functools import cache, lru_cache
from importlib import resources

from talentscout.domain.identity.text import name_tokens

__all__ = ["are_variants", "variant_groups", "variant_initials"]

_DATA = "data"


def _data_text(name: str) -> str:
    return (
        resources.files("talentscout.domain.identity")
        .joinpath(_DATA)
        .joinpath(name)
        .read_text(encoding="utf-8")
    )


def _key(name: str) -> str:
    return "".join(name_tokens(name))


def _english_groups() -> list[set[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for row in csv.DictReader(_data_text("nicknames_en.csv").splitlines()):
        if row.get("relationship") == "has_nickname":
            formal = _key(row["name1"])
            groups[formal].update((formal, _key(row["name2"])))
    return list(groups.values())


def _variant_groups() -> list[set[str]]:
    groups = []
    for line in _data_text("given_name_variants.txt").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            groups.append({_key(word) for word in line.split()})
    return groups


@cache
def _index() -> dict[str, frozenset[int]]:
    """Folded name -> ids of the groups it belongs to."""
    found: dict[str, set[int]] = defaultdict(set)
    for number, group in enumerate(_english_groups() + _variant_groups()):
        for name in group:
            if name:
                found[name].add(number)
    return {name: frozenset(ids) for name, ids in found.items()}


def variant_groups(token: str) -> frozenset[int]:
    """Ids of the variant groups of one folded given-name word (empty when the name is not listed)."""
    return _index().get(token, frozenset())


@lru_cache(maxsize=65_536)
def are_variants(a: str, b: str) -> bool:
    """True when two folded given-name words may name the same person (see module doc)."""
    if a == b:
        return True
    return not variant_groups(a).isdisjoint(variant_groups(b))


@cache
def _group_initials() -> dict[int, frozenset[str]]:
    initials: dict[int, set[str]] = defaultdict(set)
    for name, ids in _index().items():
        for number in ids:
            initials[number].add(name[0])
    return {number: frozenset(found) for number, found in initials.items()}


@lru_cache(maxsize=65_536)
def variant_initials(token: str) -> frozenset[str]:
    """First letters of a given name and of all its variants (Bob → b, r): for blocking keys."""
    if not token:
        return frozenset()
    found = {token[0]}
    table = _group_initials()
    for number in variant_groups(token):
        found |= table[number]
    return frozenset(found)
