"""Text keys for matching people: names in Latin letters, spelling-variant keys, phonetic keys, employers.

``name_tokens`` is ``names.fold`` (case, Latin/Greek diacritics: José → jose, Łukasz → lukasz,
ß → ss) plus a basic Cyrillic and Greek → Latin transliteration (Александр → aleksandr), split into
words. ``loose_key`` forgets the spellings that transliteration and typing make arbitrary, so
Müller / Mueller / Muller, Aleksandr / Aleksander, Meyer / Meier and Allen / Alen share one key
(ue→u, oe→o, ae→a, ph→f, x→ks, kh→h, w→v, y→i, c→k, z→s, doubled letters once). ``phonetic_key``
is the loose key's first letter and its consonants, for blocking (Alan / Allen / Alen → aln).
``employer_key`` is an employer without its legal form (Acme Widgets GmbH → acmewidgets).
"""

from __future__ import annotations

import re
from functools import lru_cache

from talentscout.domain.contacts import employer_domain_stems
from talentscout.domain.names import fold

__all__ = ["employer_key", "loose_key", "name_tokens", "phonetic_key", "transliterate"]

# fmt: off
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y",
    "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
    "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "ђ": "dj", "џ": "dz",
}
_GREEK = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i", "κ": "k",
    "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t",
    "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
}
# fmt: on
_SCRIPT_TABLE = str.maketrans(_CYRILLIC | _GREEK)
_LOOSE_RULES = (
    (re.compile(r"(?<=[a-z])ue"), "u"),
    (re.compile(r"(?<=[a-z])oe"), "o"),
    (re.compile(r"(?<=[a-z])ae"), "a"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"ck"), "k"),
    (re.compile(r"w"), "v"),
    (re.compile(r"[yj](?=[aeiou])"), "i"),
    (re.compile(r"y"), "i"),
    (re.compile(r"c(?!h)"), "k"),
    (re.compile(r"q"), "k"),
    (re.compile(r"z"), "s"),
    (re.compile(r"(.)\1+"), r"\1"),
)
_VOWELS = re.compile(r"[aeiou]")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def transliterate(folded: str) -> str:
    """Cyrillic and Greek letters of an already folded text in Latin letters (basic, not reversible)."""
    return folded.translate(_SCRIPT_TABLE) if not folded.isascii() else folded


@lru_cache(maxsize=65_536)
def name_tokens(text: str | None) -> tuple[str, ...]:
    """The words of a name part for matching: ``"Łukasz-Jan"`` → ``("lukasz", "jan")``."""
    if not text:
        return ()
    words = transliterate(fold(text)).replace(".", " ").split()
    return tuple(w for w in words if w)


@lru_cache(maxsize=65_536)
def loose_key(token: str) -> str:
    """One key for the spellings of a word that transliteration makes arbitrary (see module doc)."""
    key = token
    for pattern, replacement in _LOOSE_RULES:
        key = pattern.sub(replacement, key)
    return key


@lru_cache(maxsize=65_536)
def phonetic_key(token: str) -> str:
    """First letter plus consonants of the loose key: a coarse sound-alike key for blocking."""
    key = loose_key(token)
    if len(key) <= 1:
        return key
    skeleton = _VOWELS.sub("", key[1:])
    return key[0] + re.sub(r"(.)\1+", r"\1", skeleton)


#: legal forms ``contacts.employer_domain_stems`` does not strip (Brazil, Spain, Poland, Czechia …)
_MORE_LEGAL_FORMS = frozenset(
    {"ltda", "sl", "slu", "sp", "z", "o", "oo", "sro", "as", "sa", "de", "cv", "eireli"}
)


@lru_cache(maxsize=16_384)
def employer_key(employer: str | None) -> str:
    """An employer without legal form, ``the`` and punctuation: ``"The Acme Co., Ltd."`` → ``acme``,
    ``"Wisła Software sp. z o.o."`` → ``wislasoftware``."""
    if not employer:
        return ""
    words = fold(employer.replace(".", "")).split()
    while len(words) > 1 and words[-1] in _MORE_LEGAL_FORMS:
        words.pop()
    stems = employer_domain_stems(" ".join(words))
    if stems:
        return max(stems, key=len)
    return _NON_ALNUM.sub("", " ".join(words))
