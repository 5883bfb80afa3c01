"""Label normalisation and tokenisation shared by the build and by every lookup.

One rule set, used on both sides: the shipped indexes hold keys made by :func:`normalise_label`, and
lookups and free-text extraction normalise their input the same way. Change a rule here and the data
must be rebuilt (``scripts/build_taxonomy.py``); ``tests/unit/taxonomy`` checks the shipped keys still
agree with this module.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# A token starts with a letter or digit (or a dot directly before one, for ".NET"), then runs on
# through letters, digits and the punctuation that lives inside technical names: c++, c#, node.js,
# h&r, o'reilly. Anything else (spaces, commas, slashes, hyphens, brackets) separates tokens.
_TOKEN = re.compile(r"(?<![\w.])\.(?=[^\W_])[\w.+#&'’]*|[^\W_][\w.+#&'’]*|&")
_TRAILING = ".&'’"
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a text: its normalised form and where it sits in the original string."""

    norm: str
    start: int
    end: int

    def surface(self, text: str) -> str:
        """The token as written in ``text`` (the string it was cut from)."""
        return text[self.start : self.end]


def fold(text: str) -> str:
    """Casefold and strip accents: ``"Résumé"`` → ``"resume"``."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def _clean_token(raw: str) -> str:
    if raw == "&":
        return "and"
    token = raw.rstrip(_TRAILING) if raw[-1] in _TRAILING else raw
    token = fold(token)
    if token.endswith("'s"):
        token = token[:-2]
    return token.replace("'", "")


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into normalised tokens with their character offsets.

    Keeps ``+ # . &`` inside tokens (``c++``, ``c#``, ``.net``, ``node.js``, ``r&d``), drops a
    trailing full stop, a possessive ``'s`` and other apostrophes, and turns a lone ``&`` into ``and``.
    """
    tokens: list[Token] = []
    for found in _TOKEN.finditer(text):
        raw = found.group()
        norm = _clean_token(raw)
        if norm:
            kept = raw if raw == "&" else raw.rstrip(_TRAILING)
            tokens.append(Token(norm, found.start(), found.start() + len(kept)))
    return tokens


def normalise_label(text: str) -> str:
    """The lookup key of a label: casefolded, accents stripped, punctuation and spaces unified.

    >>> normalise_label("  Node.js / C++ & C#, Résumé’s  ")
    'node.js c++ and c# resume'
    """
    return " ".join(token.norm for token in tokenize(text))
