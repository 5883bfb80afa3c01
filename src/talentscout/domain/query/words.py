"""What a searchable word is: one definition for the query compiler on SQLite and on PostgreSQL.

SQLite's full-text index uses FTS5's ``unicode61 remove_diacritics 2`` tokenizer; PostgreSQL's ``simple``
parser cuts text differently (``node.js``, ``x@y.com`` and ``senior-engineer`` are single tokens there,
and it keeps accents). So the query side never hands either database raw text: ``words`` folds and
splits it the way unicode61 does — a word is a run of letters, digits and private-use characters,
lower-cased, with diacritics removed from Latin letters (``Müller`` → ``muller``), everything else a
separator — and the PostgreSQL document is folded with ``translate`` over ``FOLDED_CHARACTERS`` so that
both sides see the same words. The two agree exactly on Latin, Greek, Cyrillic, Hebrew, Arabic and CJK
text and on all punctuation of those scripts (the integration tests check every such character).
They still differ, in documents only, on superscript digits and fractions (² ½), on combining vowel
signs of Indic scripts and on characters added to Unicode after 6.1 (newer emoji, bidi isolates):
unicode61 keeps those inside words, PostgreSQL separates at them. See docs/query-language.md.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["FOLDED_CHARACTERS", "fold_char", "words"]

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


def _translation() -> tuple[str, str]:
    """(from, to) for PostgreSQL ``translate(lower(x), from, to)``: separators become spaces, accented
    lower-case letters their base letter, and the deleted marks are dropped (listed last, no target)."""
    source, target, dropped = [], [], []
    for first, end in FOLDED_BLOCKS:
        for code in range(first, end):
            char = chr(code)
            if unicodedata.category(char) in ("Cn", "Cs") or char.lower() != char or char == " ":
                continue
            folded = fold_char(char)
            if folded == "":
                dropped.append(char)
            elif folded != char:
                source.append(char)
                target.append(folded)
    return "".join(source + dropped), "".join(target)


FOLDED_CHARACTERS: tuple[str, str] = _translation()
