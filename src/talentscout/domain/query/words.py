"""What a searchable word is: one definition for the query compiler on SQLite and on PostgreSQL.

SQLite's full-text index uses FTS5's ``unicode61 remove_diacritics 2`` tokenizer; PostgreSQL's ``simple``
parser cuts text differently (``node.js``, ``x@y.com`` and ``senior-engineer`` are single tokens there,
and it keeps accents). So the query side never hands either database raw text: ``words`` folds and
splits it the way unicode61 does — a word is a run of letters, digits and private-use characters,
lower-cased, with diacritics removed from Latin letters (``Müller`` → ``muller``), everything else a
separator — and the PostgreSQL document is folded by the steps of ``FOLDING`` (regular expressions and
``normalize``; no extension needed) so that both sides see the same words.

The two agree on every character of Latin, Greek, Cyrillic, Hebrew, Arabic, CJK and kana text and their
punctuation (the integration tests check each one). They differ, in documents only, on superscript
digits and fractions (² ½), combining vowel signs of Indic scripts and characters added to Unicode
after 6.1 (newer emoji, bidi isolates) — unicode61 keeps those inside words, PostgreSQL separates at
them — and on a few letters unicode61 folds differently (it keeps ǡ; it folds µ → μ, ſ → s, ϐ → β).
See docs/query-language.md.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["FOLDED_BLOCKS", "FOLDING", "Folding", "fold_char", "words"]

# Combining marks unicode61 deletes (so "Jose\u0301" is "jose"); every other mark separates words.
_DELETED = frozenset(
    chr(c) for c in (*range(0x300, 0x305), *range(0x306, 0x30D), 0x30F, 0x311, 0x31B)
) | frozenset(chr(c) for c in (*range(0x323, 0x329), 0x32D, 0x32E, 0x330, 0x331))
# Where unicode61's (Unicode 6.1) tables differ from the rule below.
_EXCEPTIONS = dict(zip("µſẛςϐϑϕϖϰϱϵ", "μssσβθφπκρε", strict=True))
_KEEP_LATIN = frozenset("ǠǡǢǣǼǽǾǿ")

#: Unicode blocks whose characters the PostgreSQL side folds with ``translate`` (first, last + 1).
FOLDED_BLOCKS: tuple[tuple[int, int], ...] = (
    (0x0020, 0x0250),  # ASCII punctuation, Latin-1, Latin Extended-A and -B
    (0x0300, 0x0370),  # combining diacritical marks
    (0x0370, 0x0530),  # Greek, Cyrillic (+ supplement)
    (0x0590, 0x0700),  # Hebrew, Arabic
    (0x1E00, 0x1F00),  # Latin Extended Additional
    (0x2000, 0x2070),  # General Punctuation
    (0x3000, 0x3100),  # CJK Symbols and Punctuation, Hiragana, Katakana
    (0xFF00, 0xFFF0),  # halfwidth and fullwidth forms
)


def _token_char(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "LN" or category == "Co"


@lru_cache(maxsize=8192)
def fold_char(char: str) -> str:
    """A character as unicode61 indexes it: the folded letter, ``""`` (deleted) or ``" "`` (separator)."""
    if char in _DELETED:
        return ""
    if char in _EXCEPTIONS:
        return _EXCEPTIONS[char]
    if not _token_char(char):
        return " "
    lower = char.lower()
    decomposed = unicodedata.normalize("NFD", lower)
    base, marks = decomposed[0], decomposed[1:]
    if lower in _KEEP_LATIN or char in _KEEP_LATIN:
        return lower
    if marks and ord(base) < 0x250 and all(unicodedata.combining(m) for m in marks):
        return base
    return lower if len(lower) == 1 else char


class _FoldTable(dict[int, str]):
    def __missing__(self, code: int) -> str:
        value = fold_char(chr(code))
        self[code] = value
        return value


_TABLE = _FoldTable()


def words(text: str) -> tuple[str, ...]:
    """The searchable words of ``text`` in order: ``"Node.js / C++ (Müller)"`` → node, js, c, muller."""
    return tuple(text.translate(_TABLE).split())


def _ranges(chars: list[str]) -> str:
    """A regular-expression bracket expression for ``chars``, written with ``\\uXXXX`` escapes."""
    runs: list[list[int]] = []
    for code in sorted(ord(c) for c in chars):
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "[" + "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in runs) + "]"


def _separators() -> list[str]:
    chars = (chr(code) for first, end in FOLDED_BLOCKS for code in range(first, end))
    return [
        c for c in chars if c != " " and unicodedata.category(c) not in ("Cn", "Cs") and fold_char(c) == " "
    ]


@dataclass(frozen=True, slots=True)
class Folding:
    """How a database without unicode61 folds text to the same words, in cheap steps (no lookup table):

    1. lower-case; 2. delete ``marks`` (accents written as separate characters); 3. replace runs of
    ``separators`` by a space; 4. decompose (Unicode NFD) and delete ``marks`` after a Latin letter
    ``a-z`` (é → e, while й and ά keep theirs); 5. final sigma ς → σ. Words written by ``words`` must
    then be decomposed (NFD) too before they are compared (``й`` is ``и`` + U+0306 after step 4).
    """

    marks: str
    separators: str


FOLDING = Folding(_ranges(sorted(_DELETED)), _ranges(_separators()))
