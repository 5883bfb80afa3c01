"""People's names as sources write them: cleaned for display, split where that is safe, folded for matching.

``fold`` is the one text normalisation used for matching and sorting names, employers and places:
case-folded, Latin and Greek diacritics removed (ü→u, ß→ss, ø→o, ł→l), apostrophes dropped
(O'Brien → obrien), other punctuation, symbols and emoji turned into spaces, tokens single-spaced.
Other scripts (CJK, Cyrillic, Arabic …) are kept as written.

Splitting rules (``parse_name``): "Last, First" when a comma separates two name parts; honorifics
(Dr., Prof., Mr. …) and suffixes (Jr., III, PhD, MBA, CPA …) are kept in ``display`` but left out of
``given``/``family``; all middle names belong to ``given``; particles (van, von, de, da, bin, al …)
before the last word belong to ``family``. Whitespace is the only split: no guess is made about
family-name-first orders (CJK, Hungarian) or Spanish double surnames, so "山田 太郎" gives given "山田",
family "太郎", and "山田太郎" gives given "山田太郎". Names written all upper- or all lower-case are
title-cased for display ("JEAN-LUC O'BRIEN" → "Jean-Luc O'Brien"); mixed case is kept. HTML is kept
as text (escaping happens when rendering); control and invisible formatting characters are removed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["MAX_NAME_LENGTH", "PersonName", "fold", "fold_uncached", "parse_name"]

MAX_NAME_LENGTH = 300

_LETTER_MAP = {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"}
_LETTER_MAP |= {"ħ": "h", "ŧ": "t", "ŀ": "l", "ĸ": "k", "ŋ": "n", "ſ": "s", "ƒ": "f", "ɨ": "i"}
_APOSTROPHES = frozenset("'’‘`´ʼʻ")
_MARKS_AFTER_LATIN = re.compile(r"(?<=[a-z0-9])[\u0300-\u036f]+")


def _is_latin_or_greek(char: str) -> bool:
    code = ord(char)
    return code < 0x0250 or 0x0370 <= code < 0x0400 or 0x1E00 <= code < 0x2000


def _fold_char(char: str) -> str:
    if char in _APOSTROPHES:
        return ""
    if char in _LETTER_MAP:
        return _LETTER_MAP[char]
    category = unicodedata.category(char)
    if category[0] in "PSZC":
        return " "
    decomposed = unicodedata.normalize("NFKD", char)
    if not _is_latin_or_greek(decomposed[0]):
        return char
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return "".join(c if (c.isascii() and c.isalnum()) or c == char else _fold_char(c) for c in stripped)


class _FoldTable(dict[int, str]):
    """``str.translate`` table that works out each character once, on first sight."""

    def __missing__(self, code: int) -> str:
        value = _fold_char(chr(code))
        self[code] = value
        return value


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Matching/sorting form: ``"  Jörg  O'Brien-Łukasz "`` → ``"jorg obrien lukasz"`` (cached)."""
    return _fold_cached(text)


def fold_uncached(text: str) -> str:
    """``fold`` without the cache, for bulk one-off work (building an index) that would flush it."""
    if text.isascii():
        return " ".join(text.lower().translate(_FOLD_TABLE).split())
    folded = unicodedata.normalize("NFC", text).casefold().translate(_FOLD_TABLE)
    folded = _MARKS_AFTER_LATIN.sub("", folded)
    return " ".join(folded.casefold().split())


_fold_cached = lru_cache(maxsize=65536)(fold_uncached)


@dataclass(frozen=True, slots=True)
class PersonName:
    display: str
    given: str | None
    family: str | None
    normalised: str
    problems: tuple[str, ...] = ()


# Control characters, invisible formatting (bidi overrides, zero-width space, soft hyphen, BOM) and
# lone surrogates. Zero-width joiners stay: emoji sequences and Persian/Indic text need them.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff]"
)
# fmt: off
_HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "herr",
    "frau", "mme", "mlle", "rev", "hon", "dipl-ing", "dr-ing",
})
_SUFFIX_DISPLAY = {s.lower(): s for s in (
    "Jr", "Sr", "II", "III", "IV", "PhD", "DPhil", "MD", "MBA", "CPA", "Esq", "MSc", "BSc", "MEng", "LLM",
    "JD", "CFA", "PMP",
)}
_PARTICLES = frozenset({
    "van", "von", "vom", "zu", "zum", "zur", "de", "da", "das", "do", "dos", "del", "della", "der", "den",
    "di", "du", "des", "la", "le", "ten", "ter", "bin", "binti", "bint", "ibn", "al", "el", "y",
})
# fmt: on
_SUFFIXES = frozenset(_SUFFIX_DISPLAY)
_WORD = re.compile(r"[^\W\d_]+")
_NAME_LIKE = re.compile(r"[\w'’.,\- ]+\Z")


def _cap(text: str, length: int, problems: list[str]) -> str:
    if len(text) <= MAX_NAME_LENGTH:
        return text
    problems.append(f"name was {length} characters long; truncated to {MAX_NAME_LENGTH}")
    return text[: MAX_NAME_LENGTH - 1].rstrip() + "…"


def _clean(text: str, problems: list[str]) -> str:
    cleaned = _INVISIBLE.sub("", text)
    if len(cleaned) != len(text) and cleaned.strip():
        problems.append("name contained control or invisible characters; removed")
    return _cap(" ".join(cleaned.split()), len(text), problems)


def _key(token: str) -> str:
    return token.lower().replace(".", "").strip(",;")


def _title_token(token: str, first: bool) -> str:
    key = _key(token)
    if key in _SUFFIXES and "." not in token:
        core = token.rstrip(",;")
        return _SUFFIX_DISPLAY[key] + token[len(core) :]
    if key in _PARTICLES and not first:
        return token.lower()
    return _WORD.sub(lambda m: m.group(0).capitalize(), token.lower())


def _title_case(text: str) -> str:
    """Title-case one name part written in one case; markup or symbols are left exactly as written."""
    if not _NAME_LIKE.match(text):
        return text
    return " ".join(_title_token(t, i == 0) for i, t in enumerate(text.split(" ")))


def _has_letter_or_digit(token: str) -> bool:
    return any(c.isalnum() for c in token)


def _core_tokens(text: str) -> list[str]:
    """The words of a name without honorifics, suffixes, stray punctuation or emoji."""
    tokens = [t.strip(",;") for t in text.split()]
    while len(tokens) > 1 and _key(tokens[0]) in _HONORIFICS:
        tokens.pop(0)
    while len(tokens) > 1 and _key(tokens[-1]) in _SUFFIXES:
        tokens.pop()
    return [t for t in tokens if _has_letter_or_digit(t)]


def _split_words(text: str) -> tuple[str | None, str | None]:
    tokens = _core_tokens(text)
    if not tokens:
        return None, None
    if len(tokens) == 1:
        return tokens[0], None
    start = len(tokens) - 1
    while start > 1 and _key(tokens[start - 1]) in _PARTICLES:
        start -= 1
    return " ".join(tokens[:start]), " ".join(tokens[start:])


def _is_suffix_part(part: str) -> bool:
    tokens = part.split()
    return bool(tokens) and all(_key(t) in _SUFFIXES for t in tokens)


def _split(text: str) -> tuple[str | None, str | None]:
    """given, family from one display string (see the module docstring for the rules)."""
    head, comma, rest = text.partition(",")
    if not comma:
        return _split_words(text)
    parts = [p for p in (p.strip() for p in rest.split(",")) if p]
    if not parts or all(_is_suffix_part(p) for p in parts):
        return _split_words(head)
    given_tokens = _core_tokens(parts[0])
    family_tokens = _core_tokens(head)
    if not family_tokens:
        return _split_words(parts[0])
    return (" ".join(given_tokens) or None), " ".join(family_tokens)


def _clean_part(value: str | None, problems: list[str]) -> str | None:
    if value is None:
        return None
    return _clean(value, problems) or None


def parse_name(full: str | None, given: str | None = None, family: str | None = None) -> PersonName | None:
    """Clean and split a name; explicit ``given``/``family`` win over what ``full`` suggests.

    Returns None when nothing is left after cleaning (empty, whitespace or control characters only).
    """
    return _parse_name(full, given, family)


@lru_cache(maxsize=8192)
def _parse_name(full: str | None, given: str | None, family: str | None) -> PersonName | None:
    problems: list[str] = []
    display = _clean_part(full, problems)
    given, family = _clean_part(given, problems), _clean_part(family, problems)
    if display is None and (given or family):
        joined = " ".join(p for p in (given, family) if p)
        display = _cap(joined, len(joined), problems)
    if display is None:
        return None
    casing = " ".join(p for p in (display, given, family) if p)
    if casing.isupper() or casing.islower():
        display = _title_case(display)
        given, family = (_title_case(p) if p else None for p in (given, family))
    if given is None or family is None:
        parsed_given, parsed_family = _split(display.removesuffix("…"))
        if given is None and family is None:
            given, family = parsed_given, parsed_family
        elif given is None and parsed_family == family:
            given = parsed_given
        elif family is None and parsed_given == given:
            family = parsed_family
    core = " ".join(p for p in (given, family) if p)
    normalised = fold(core) if core else fold(display)
    if not normalised:
        problems.append("name contains no letters or digits")
    return PersonName(display, given, family, normalised, tuple(dict.fromkeys(problems)))
