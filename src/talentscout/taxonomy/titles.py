"""Job-title cleaning (seniority, brackets, noise) and lookup in the O*NET and ESCO title indexes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from talentscout.taxonomy.models import EscoOccupation, OnetOccupation, TitleMatch, TitleMatchedBy
from talentscout.taxonomy.normalise import normalise_label

# Seniority words and what they mean; roman levels follow the common I = junior … III = senior ladder.
SENIORITY: dict[str, str] = {
    "senior": "senior",
    "sr": "senior",
    "snr": "senior",
    "junior": "junior",
    "jr": "junior",
    "jnr": "junior",
    "entry level": "junior",
    "mid level": "mid",
    "midlevel": "mid",
    "intermediate": "mid",
    "lead": "lead",
    "principal": "principal",
    "staff": "staff",
    "intern": "intern",
    "i": "junior",
    "ii": "mid",
    "iii": "senior",
    "iv": "senior",
}
_ROMAN = frozenset({"i", "ii", "iii", "iv"})
# "Staff" is a level only in front of these ("Staff Engineer"); "Staff Nurse" is a title.
_STAFF_ROLES = frozenset({"engineer", "software", "developer", "scientist", "data", "designer", "architect"})
_NOISE = frozenset(
    [
        "remote",
        "hybrid",
        "onsite",
        "contract",
        "contractor",
        "freelance",
        "temporary",
        "temp",
        "permanent",
        "fulltime",
        "parttime",
    ]
)
_NOISE_PHRASES = ("full time", "part time", "on site")
_GENDER_TAGS = frozenset(["m", "f", "d", "w", "x", "h", "divers"])
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|\{[^}]*\}")
_ROLE_OF = re.compile(r"^(director|manager) of (?:the )?(.+)$")  # "director of finance" → "finance director"
_SEPARATORS = re.compile(r"\s+[-–—|@]\s+|\s+at\s+|,\s*|\s*[|–—]\s*")


def _drop_noise(key: str) -> str:
    for phrase in _NOISE_PHRASES:
        key = f" {key} ".replace(f" {phrase} ", " ").strip()
    tokens = [t for t in key.split() if t not in _NOISE]
    while len(tokens) > 1 and tokens[-1] in _GENDER_TAGS:
        tokens.pop()
    return " ".join(tokens)


def split_seniority(title: str) -> tuple[str, str | None]:
    """``"Senior Software Engineer"`` → ``("software engineer", "senior")``; normalised title out.

    Removes the seniority words listed in :data:`SENIORITY` wherever they stand (a roman level only
    at the end); the first one found names the level. A title made only of such words is returned
    unchanged with no level ("Principal" is a school principal).
    """
    key = normalise_label(title)
    for phrase in ("entry level", "mid level"):
        key = f" {key} ".replace(f" {phrase} ", f" {phrase.replace(' ', '_')} ").strip()
    tokens, kept, level = key.split(), [], None
    for position, token in enumerate(tokens):
        word = token.replace("_", " ")
        following = tokens[position + 1] if position + 1 < len(tokens) else ""
        is_level = word in SENIORITY and (word not in _ROMAN or position == len(tokens) - 1)
        if word == "staff" and following not in _STAFF_ROLES:
            is_level = False
        if is_level and len(tokens) > 1:
            level = level or SENIORITY[word]
        else:
            kept.append(word)
    return " ".join(kept), level


def clean_candidates(title: str) -> Iterator[tuple[str, str | None]]:
    """Keys to try for a raw title, best first, each with the seniority it dropped.

    For the whole title and then for its head (before `` - ``, ``|``, ``,`` or `` at ``): the title
    without seniority words, then the title as written; "director of X" is also tried as "X director".
    """
    unbracketed = _BRACKETS.sub(" ", title)
    heads = [unbracketed, _SEPARATORS.split(unbracketed.strip(), maxsplit=1)[0]]
    seen: set[str] = set()
    for head in heads:
        stripped, level = split_seniority(head)
        for key, found_level in ((_drop_noise(stripped), level), (_drop_noise(normalise_label(head)), None)):
            inverted = _ROLE_OF.match(key)
            for candidate in (key, f"{inverted[2]} {inverted[1]}" if inverted else ""):
                if candidate and candidate not in seen:
                    seen.add(candidate)
                    yield candidate, found_level


@dataclass(frozen=True, slots=True)
class TitleCatalogue:
    """O*NET and ESCO occupations with their title indexes (``key → (id, 0 exact | 1 alt)``)."""

    onet: dict[str, OnetOccupation]
    esco: dict[str, EscoOccupation]
    onet_index: dict[str, tuple[str, int]]
    esco_index: dict[str, tuple[str, int]]

    def canonical(self, title: str) -> TitleMatch | None:
        for key, level in clean_candidates(title):
            found = self._lookup(key, level)
            if found is not None:
                return found
        return None

    def _lookup(self, key: str, level: str | None) -> TitleMatch | None:
        onet_hit, esco_hit = self.onet_index.get(key), self.esco_index.get(key)
        if onet_hit is None and esco_hit is None:
            return None
        onet = self.onet[onet_hit[0]] if onet_hit else None
        esco = self.esco[esco_hit[0]] if esco_hit else None
        # ESCO → O*NET through the crosswalk is safe (O*NET is the coarser of the two); the other
        # way round picks one of many finer ESCO occupations and was right ~20% of the time on
        # real vacancy titles, so ESCO is reported only when the title itself is an ESCO label.
        if onet is None and esco is not None and esco.onet_code:
            onet = self.onet.get(esco.onet_code)
        how = (onet_hit or esco_hit or ("", 1))[1]
        matched_by: TitleMatchedBy = "exact" if how == 0 else "alt_label"
        return TitleMatch(
            cleaned=key,
            seniority=level,
            source="onet" if onet_hit else "esco",
            matched_by=matched_by,
            onet_code=onet.code if onet else None,
            onet_title=onet.title if onet else None,
            esco_uri=esco.uri if esco else None,
            esco_label=esco.label if esco else None,
            isco_group=esco.isco_group if esco else None,
        )
