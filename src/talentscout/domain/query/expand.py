"""What a word or phrase matches once synonyms are expanded: word sequences, a skill, a country.

Free text and ``skill:`` expand through the taxonomy (``k8s`` → Kubernetes, kube; ``JS`` → JavaScript,
ECMAScript …). Free text expands only for technology and digital skills, so an everyday word such as
``lead`` is not turned into "guide others". Names whose symbols carry the meaning (``C++``, ``C#``,
``F#``) cannot be found as words — every full-text index drops ``+`` and ``#`` — so they match the
canonical skill and whole skill names instead. ``location:`` also matches the country when the value
names one (``location:Germany`` finds country ``DE``) and the gazetteer's spelling of a city
(``location:München`` finds Munich). ``source:`` also matches a channel (``source:referral``). A
``Text`` marked ``exact`` (``=k8s``) matches only its own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from talentscout import taxonomy
from talentscout.domain.places import country_code, resolve_place
from talentscout.domain.query.nodes import Field, Text
from talentscout.domain.query.words import words
from talentscout.domain.records import SourceChannel

__all__ = ["Expansion", "expand"]

_FREE_TEXT_KINDS = frozenset({"technology", "digital"})
_SYMBOLS = frozenset("+#")
_CHANNELS = frozenset(c.value for c in SourceChannel)


@dataclass(frozen=True, slots=True)
class Expansion:
    """Any of ``phrases`` (word sequences; the last word a prefix when ``prefix``), or the skill
    ``skill_id``, or a skill named exactly one of ``skill_names`` (compared case-insensitively), or
    ``country`` (ISO code), or ``channel``."""

    phrases: tuple[tuple[str, ...], ...]
    prefix: bool = False
    skill_id: str | None = None
    skill_names: tuple[str, ...] = ()
    country: str | None = None
    channel: str | None = None

    @property
    def labels(self) -> tuple[str, ...]:
        """The phrases as text, for explanations."""
        return tuple(" ".join(p) for p in self.phrases)


def _lossy(label: str) -> bool:
    return any(c in _SYMBOLS for c in label)


def _phrases(labels: list[str]) -> tuple[tuple[str, ...], ...]:
    found = (words(label) for label in labels)
    return tuple(dict.fromkeys(p for p in found if p))


def _skill(text: Text, *, free_text: bool) -> Expansion | None:
    match = None if text.exact or text.prefix else taxonomy.canonical_skill(text.value)
    if match is None or (free_text and match.kind not in _FREE_TEXT_KINDS):
        return None
    labels = [text.value, *sorted(taxonomy.skill_synonyms(match.id))]
    lossless = [label for label in labels if not _lossy(label)]
    names = tuple({label.casefold(): label for label in labels if _lossy(label)}.values())
    if free_text:  # the skill itself only where its words cannot find it (C++)
        skill_id = match.id if _lossy(text.value) else None
        return Expansion(_phrases(lossless), skill_id=skill_id)
    return Expansion(_phrases(lossless), skill_id=match.id, skill_names=names)


def _literal(field: Field | None, text: Text) -> Expansion:
    if _lossy(text.value) and field is Field.SKILL:
        return Expansion((), skill_names=(text.value,))
    return Expansion(_phrases([text.value]), prefix=text.prefix)


def _location(text: Text) -> Expansion:
    if text.exact or text.prefix:
        return _literal(Field.LOCATION, text)
    place = resolve_place(text.value)
    city = [place.city] if place and place.city else []
    return Expansion(_phrases([text.value, *city]), country=country_code(text.value))


def _source(text: Text) -> Expansion:
    channel = "_".join(words(text.value))
    literal = _literal(Field.SOURCE, text)
    if text.prefix or channel not in _CHANNELS:
        return literal
    return Expansion(literal.phrases, channel=channel)


@lru_cache(maxsize=4096)
def expand(field: Field | None, text: Text) -> Expansion:
    """What ``text`` matches in ``field`` (``None``: free text)."""
    if field is None or field is Field.SKILL:
        found = _skill(text, free_text=field is None)
        return found or _literal(field, text)
    if field is Field.LOCATION:
        return _location(text)
    if field is Field.SOURCE:
        return _source(text)
    return _literal(field, text)
