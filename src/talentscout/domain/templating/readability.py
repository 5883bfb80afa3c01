"""Flesch reading ease, computed here (no dictionary download, no network).

Score = 206.835 − 1.015 × (words / sentences) − 84.6 × (syllables / words) (Flesch, 1948). Syllables are
counted with the usual vowel-group heuristic (silent final "e" dropped, "-le" endings counted); it is
within a syllable of dictionary counts for most English words, which is plenty for "is this message easy
to read" (60+ plain, 30–50 hard, below 30 very hard).
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-zÀ-ÿ']+")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)|\n\s*\n")
_VOWEL_GROUPS = re.compile(r"[aeiouyàâäéèêëïîôöùûü]+")


def syllables(word: str) -> int:
    w = word.lower().strip("'")
    if len(w) <= 3:
        return 1
    count = len(_VOWEL_GROUPS.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    if w.endswith("es") and not w.endswith(("ses", "zes", "ches", "shes", "ges", "ces")) and count > 1:
        count -= 1
    return max(1, count)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def sentence_count(text: str) -> int:
    parts = [p for p in _SENTENCE_END.split(text) if _WORD.search(p)]
    return max(1, len(parts))


def flesch_reading_ease(text: str) -> float | None:
    """The score, or None for text with no words."""
    ws = words(text)
    if not ws:
        return None
    syl = sum(syllables(w) for w in ws)
    score = 206.835 - 1.015 * (len(ws) / sentence_count(text)) - 84.6 * (syl / len(ws))
    return round(score, 1)
