"""Spelling helpers: the ASCII forms of names that email addresses, URLs and older systems use."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_NO_DECOMPOSITION = str.maketrans({"ł": "l", "Ł": "L", "ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "đ": "d"})
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def ascii_fold(text: str, *, german: bool = False) -> str:
    """``"Łukasz Wiśniewski"`` → ``"Lukasz Wisniewski"``; ``german=True`` writes ``Müller`` as ``Mueller``."""
    if german:
        text = text.translate(_GERMAN)
    text = unicodedata.normalize("NFKD", text.translate(_NO_DECOMPOSITION))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@cache
def handle(text: str, *, german: bool = False) -> str:
    """Lower-case ASCII letters and digits only: the stuff of email local parts and profile slugs."""
    return re.sub(r"[^a-z0-9]+", "", ascii_fold(text, german=german).lower())
