"""Extra labels derived from a source label, and the word statistics used to judge ambiguity.

Only structural rewrites of the label itself are derived (never guesses from other concepts):
an embedded acronym (``Structured query language SQL`` → ``SQL``, ``Structured query language``),
a bracketed qualifier or acronym (``Java (computer programming)`` → ``Java``), a vendor prefix
(``Oracle Java`` → ``Java``) and a trailing ``software``.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable

from talentscout.taxonomy.normalise import normalise_label

# The build normalises the same labels many times (votes, crosswalk, links): remember the answers.
label_key = functools.cache(normalise_label)

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*$")
_PARENS = re.compile(r"\s*\(([^()]*)\)")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_SKIPPABLE = frozenset({"of", "and", "for", "the", "to", "in", "on", "&"})

# Vendors whose name is routinely dropped in speech: "Excel", "Java", "Spark", "Photoshop".
# Longest first, so "Amazon Web Services AWS" is never cut to "Web Services AWS".
VENDORS: tuple[str, ...] = (
    "Amazon Web Services",
    "Dassault Systemes",
    "Sun Microsystems",
    "The MathWorks",
    "Unity Technologies",
    "AWS",
    "Adobe",
    "Amazon",
    "Apache",
    "Apple",
    "Atlassian",
    "Autodesk",
    "Cisco",
    "Google",
    "IBM",
    "Intuit",
    "Microsoft",
    "Oracle",
    "Salesforce",
    "SAP",
    "StataCorp",
    "Trimble",
    "VMware",
)


def _initials(token: str) -> list[str]:
    """Letters a word may give to an acronym: its first letter, or its capitals (JavaScript → JS)."""
    capitals = "".join(ch for ch in token if ch.isupper())
    options = [token[0].upper()]
    if len(capitals) > 1:
        options.append(capitals)
    return options


def _expands(words: list[str], acronym: str) -> bool:
    """True when ``words`` spell ``acronym`` by their initials (small joining words may be skipped)."""
    if not words:
        return not acronym
    head, rest = words[0], words[1:]
    if head.lower() in _SKIPPABLE and _expands(rest, acronym):
        return True
    return any(acronym.startswith(part) and _expands(rest, acronym[len(part) :]) for part in _initials(head))


def _acronym_split(label: str) -> list[str]:
    """``A B C ABC tail`` → ``A B C tail`` and ``ABC tail``, when ABC spells the words before it."""
    words = label.split()
    for index in range(1, len(words)):
        acronym = words[index]
        if not _ACRONYM.match(acronym):
            continue
        for start in range(index - 1, -1, -1):
            if _expands(words[start:index], "".join(ch for ch in acronym if ch.isalpha())):
                head, tail = words[:start], words[index + 1 :]
                return [" ".join(words[:index] + tail), " ".join([*head, acronym, *tail])]
    return []


def _bracketed(label: str) -> list[str]:
    """``Name (QUALIFIER)`` → ``Name``; the bracket's content too when it is an acronym."""
    if "(" not in label:
        return []
    outside = _PARENS.sub("", label).strip()
    derived = [outside] if outside else []
    derived += [inner for inner in _PARENS.findall(label) if _ACRONYM.match(inner.strip())]
    return derived


def _without_vendor(label: str, is_common: Callable[[str], bool]) -> list[str]:
    """``Oracle Java`` → ``Java``; not when only everyday words are left (``Microsoft Project``,
    ``Oracle Application Server``) or a class of software (``Google Cloud software``)."""
    vendor = next((v for v in VENDORS if label == v or label.startswith(v + " ")), None)
    if vendor is None or label == vendor:
        return []
    rest = label[len(vendor) + 1 :].strip()
    distinctive = any(not is_common(word.lower()) for word in rest.split())
    if not rest[:1].isupper() or rest.endswith("software") or not distinctive:
        return []
    return [rest]


def _without_software(label: str, is_common: Callable[[str], bool]) -> list[str]:
    if not label.endswith(" software"):
        return []
    rest = label[: -len(" software")].strip()
    if any(not is_common(word.lower()) for word in rest.split()) and rest[:1].isupper():
        return [rest]
    return []


def derived_labels(label: str, is_common: Callable[[str], bool]) -> list[str]:
    """Every label reachable from ``label`` by the rewrites above, without ``label`` itself."""
    seen: dict[str, None] = {}
    frontier = [label]
    while frontier:
        current = frontier.pop()
        for rewrite in (
            _bracketed(current)
            + _acronym_split(current)
            + _without_vendor(current, is_common)
            + _without_software(current, is_common)
        ):
            if rewrite and rewrite != label and rewrite not in seen:
                seen[rewrite] = None
                frontier.append(rewrite)
    return list(seen)


def strip_brackets(label: str) -> str:
    """``Registered Nurse (RN)`` → ``Registered Nurse``."""
    return _PARENS.sub("", label).strip()


def bracket_acronyms(label: str) -> list[str]:
    """``Registered Nurse (RN)`` → ``["RN"]``."""
    return [inner.strip() for inner in _PARENS.findall(label) if _ACRONYM.match(inner.strip())]


def lowercase_word_counts(texts: Iterable[str]) -> Counter[str]:
    """How often each word is written in lower case in ordinary prose (task statements etc.).

    A skill name that people also write as a plain lower-case word ("go", "access", "chef") is
    ambiguous in free text; one that only ever appears capitalised ("Python") is not.
    """
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(word for word in _WORD.findall(text) if word.islower())
    return counts
