"""Canonical skill lookup: exact label, curated synonym, alternative label, then trivial variants."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping

from talentscout.taxonomy.data_files import Ambiguity, Synonym, TaxonomyDataError
from talentscout.taxonomy.models import Skill, SkillMatch, SkillMatchedBy
from talentscout.taxonomy.normalise import normalise_label

_VERSION = re.compile(r"v?\d+(?:\.\d+)*[+x]?")
# Words people add around a skill name that do not change the skill: "Python programming".
_GENERIC_SUFFIXES = ("programming language", "programming", "language", "framework", "library", "software")


def variants(key: str) -> Iterator[str]:
    """Trivially different spellings of a normalised key, most specific first.

    ``python 3`` → ``python``; ``reactjs`` / ``react js`` → ``react.js``, ``react``;
    ``vue.js`` → ``vue``; ``python programming`` → ``python``; ``ms excel`` → ``microsoft excel``.
    """
    tokens = key.split()
    if len(tokens) > 1 and _VERSION.fullmatch(tokens[-1]):
        yield " ".join(tokens[:-1])
    for suffix in _GENERIC_SUFFIXES:
        if key.endswith(" " + suffix):
            yield key[: -len(suffix) - 1]
    if key.startswith("ms "):
        yield "microsoft " + key[3:]
    if key.endswith(" js"):
        yield key[:-3] + ".js"
        yield key[:-3]
    elif key.endswith(".js"):
        yield key[:-3]
    elif len(tokens) == 1 and key.endswith("js") and len(key) > 4:
        yield key[:-2] + ".js"
        yield key[:-2]


class SkillCatalogue:
    """All canonical skills with their label index and the curated synonyms."""

    def __init__(
        self,
        skills: Mapping[str, Skill],
        index: dict[str, tuple[str, int]],
        ambiguity: dict[str, Ambiguity],
        synonyms: tuple[Synonym, ...],
    ) -> None:
        self.skills = skills
        self._index = index
        self.free_text_rules = dict(ambiguity)
        self._synonyms: dict[str, str] = {}
        self._synonym_labels: dict[str, list[str]] = defaultdict(list)
        for skill_id in (i for i in skills if i.startswith("curated:")):
            self._synonyms[normalise_label(skills[skill_id].label)] = skill_id
        for synonym in synonyms:
            self._add_synonym(synonym)

    def _add_synonym(self, synonym: Synonym) -> None:
        target = self._resolve_target(synonym.target)
        self._synonyms[synonym.key] = target
        self._synonym_labels[target].append(synonym.written)
        short = len(synonym.key) <= 2 and synonym.key.isalnum()
        mode = synonym.mode or ("case" if short else None)
        if mode:
            self.free_text_rules[synonym.key] = Ambiguity(mode, frozenset({synonym.written}))
        else:
            self.free_text_rules.pop(synonym.key, None)

    def _resolve_target(self, target: str) -> str:
        if target in self.skills:
            return target
        key = normalise_label(target)
        hit = (self._synonyms[key], 0) if key in self._synonyms else self._index.get(key)
        if hit is None:
            raise TaxonomyDataError(f"synonym target {target!r} is not a known skill label or id")
        return hit[0]

    def match(self, skill_id: str, matched_by: SkillMatchedBy) -> SkillMatch:
        skill = self.skills[skill_id]
        return SkillMatch(skill.id, skill.label, skill.kind, matched_by)

    def lookup(self, key: str) -> SkillMatch | None:
        """A normalised key: a curated synonym first (it may overrule the sources), then the index."""
        if key in self._synonyms:
            skill_id = self._synonyms[key]
            own = normalise_label(self.skills[skill_id].label) == key
            return self.match(skill_id, "exact" if own else "synonym")
        hit = self._index.get(key)
        if hit is None:
            return None
        return self.match(hit[0], "exact" if hit[1] == 0 else "alt_label")

    def canonical(self, text: str) -> SkillMatch | None:
        key = normalise_label(text)
        if not key:
            return None
        found = self.lookup(key)
        if found is not None:
            return found
        for variant in variants(key):
            found = self.lookup(variant)
            if found is not None:  # "Python 3" is not Python's own label: report it as an alternative
                by: SkillMatchedBy = "synonym" if found.matched_by == "synonym" else "alt_label"
                return self.match(found.id, by)
        return None

    def labels(self, label_or_id: str) -> frozenset[str]:
        skill_id = label_or_id if label_or_id in self.skills else None
        if skill_id is None:
            found = self.canonical(label_or_id)
            skill_id = found.id if found else None
        if skill_id is None:
            return frozenset()
        skill = self.skills[skill_id]
        twins = [self.skills[other].label for other in skill.same_as if other in self.skills]
        return frozenset([skill.label, *skill.alt_labels, *self._synonym_labels[skill_id], *twins])

    @property
    def synonym_keys(self) -> frozenset[str]:
        return frozenset(self._synonyms)
