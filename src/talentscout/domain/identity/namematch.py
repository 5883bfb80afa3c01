"""Comparing people's names: nicknames, spelling variants, initials, typos, double surnames, swapped order.

Given names compare their first words (the name someone goes by), then any word against any word
("María Isabel" ~ "Isabel"). Family names compare whole, then word by word ("García" is part of
"García López"). Levels, strongest first: same, nickname/variant (``nicknames``), spelling variant
(``text.loose_key``: Müller ~ Mueller, Aleksandr ~ Aleksander), initial (J. ~ Jonas, given names
only), typo (Jaro–Winkler ≥ 0.88 or one edit, not a gendered ending: Maria vs Mario, Daniel vs Daniela
differ), loosely alike (scrambled letters, or two different names: its weight says which).
When the names agree better crosswise (given ~ family, family ~ given), the order was swapped
("Zhou Yong" ~ "Yong Zhou"); that reading is used, with a small penalty.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import OSA, JaroWinkler

from talentscout.domain.identity.evidence import Evidence, EvidenceKind
from talentscout.domain.identity.nicknames import are_variants
from talentscout.domain.identity.record import MatchRecord
from talentscout.domain.identity.settings import MatchSettings
from talentscout.domain.identity.text import loose_key

__all__ = ["compare_names"]

_TYPO = 0.88
_LOOSE = 0.78
_LOOSE_LETTERS = 0.75
_GENDERED = frozenset({"a", "o", "e"})
_STRONG_GIVEN = frozenset({"given_exact", "given_variant", "given_spelling"})
#: (kind, name of the weight in ``MatchSettings``, detail): cached without the settings
Finding = tuple[EvidenceKind, str, str]


def _typo(a: str, b: str) -> bool:
    """Jaro–Winkler ≥ 0.88, one edit (two from eight letters on), or the same five-plus letters in
    another order (Andrews ~ Adnrews); never a gendered ending."""
    shortest = min(len(a), len(b))
    if shortest < 3 or _gendered_pair(a, b):
        return False
    if JaroWinkler.similarity(a, b) >= _TYPO or (shortest >= 5 and sorted(a) == sorted(b)):
        return True
    return shortest >= 4 and OSA.distance(a, b) <= (2 if shortest >= 8 else 1)


def _loosely_alike(a: str, b: str) -> bool:
    """Alike beyond a typo (three quarters of their letters shared, Jaro–Winkler ≥ 0.78, or two
    edits from four letters on, one below: Jayaned ~ Jayden, Iyvv ~ Ivy, Ran ~ Ryan): scrambled
    letters in badly keyed data, or two different names (James ~ Jane). Its own level, whose weight
    says which (``given_similar``/``family_similar``)."""
    shortest = min(len(a), len(b))
    if shortest < 3 or _gendered_pair(a, b):
        return False
    letters_a, letters_b = set(a), set(b)
    if len(letters_a & letters_b) >= _LOOSE_LETTERS * len(letters_a | letters_b):
        return True  # the same letters, shuffled or doubled (Luuca ~ Aucal ~ Lca, Lon ~ Llno)
    if JaroWinkler.similarity(a, b) >= _LOOSE:
        return True
    return OSA.distance(a, b) <= (2 if shortest >= 4 else 1)


def _gendered_pair(a: str, b: str) -> bool:
    """Maria/Mario, Daniel/Daniela, Kowalski/Kowalska: one letter of gender, not a typo."""
    if len(a) == len(b):
        return a[:-1] == b[:-1] and {a[-1], b[-1]} <= _GENDERED | {"i"}
    short, long = sorted((a, b), key=len)
    return long[:-1] == short and long[-1] == "a"


@lru_cache(maxsize=65_536)
def _given_word(a: str, b: str) -> Finding | None:
    if a == b:
        return EvidenceKind.SAME, "given_exact", f"same given name {a.title()}"
    if are_variants(a, b):
        return EvidenceKind.SIMILAR, "given_variant", f"nickname or variant {a.title()} ~ {b.title()}"
    if loose_key(a) == loose_key(b):
        return EvidenceKind.SIMILAR, "given_spelling", f"spelling variant {a.title()} ~ {b.title()}"
    if (len(a) == 1 or len(b) == 1) and a[0] == b[0]:
        return (
            EvidenceKind.SIMILAR,
            "given_initial",
            f"initial {a[0].upper()}. ~ {max(a, b, key=len).title()}",
        )
    prefix = min(len(a), len(b)) >= 2 and (a.startswith(b) or b.startswith(a))
    if _typo(a, b) or (prefix and not _gendered_pair(a, b)):
        return EvidenceKind.SIMILAR, "given_typo", f"similar spelling {a.title()} ~ {b.title()}"
    return None


@lru_cache(maxsize=65_536)
def _given(a: tuple[str, ...], b: tuple[str, ...]) -> Finding | None:
    if not a or not b:
        return None
    first = _given_word(a[0], b[0])
    if first is not None:
        return first
    for x in a:
        for y in b:
            other = _given_word(x, y) if min(len(x), len(y)) > 1 else None
            if other is not None and other[1] in _STRONG_GIVEN:
                detail = f"given names share a word: {_words(a)} ~ {_words(b)}"
                return EvidenceKind.SIMILAR, "given_spelling", detail
    if _loosely_alike(a[0], b[0]):
        detail = f"given names loosely alike: {_words(a)} ~ {_words(b)}"
        return EvidenceKind.SIMILAR, "given_similar", detail
    return EvidenceKind.DIFFERS, "given_differ", f"given names differ: {_words(a)} vs {_words(b)}"


@lru_cache(maxsize=65_536)
def _family(a: tuple[str, ...], b: tuple[str, ...]) -> Finding | None:
    if not a or not b:
        return None
    joined_a, joined_b = "".join(a), "".join(b)
    if joined_a == joined_b:
        return EvidenceKind.SAME, "family_exact", f"same family name {_words(a)}"
    if set(a) & set(b):
        return EvidenceKind.SIMILAR, "family_part", f"family names share a part: {_words(a)} ~ {_words(b)}"
    loose_a, loose_b = {loose_key(t) for t in a}, {loose_key(t) for t in b}
    if loose_key(joined_a) == loose_key(joined_b) or loose_a & loose_b:
        return EvidenceKind.SIMILAR, "family_spelling", f"spelling variant {_words(a)} ~ {_words(b)}"
    if _typo(joined_a, joined_b) or any(_typo(x, y) for x in a for y in b if min(len(x), len(y)) >= 4):
        return EvidenceKind.SIMILAR, "family_typo", f"similar spelling {_words(a)} ~ {_words(b)}"
    if _loosely_alike(joined_a, joined_b):
        detail = f"family names loosely alike: {_words(a)} ~ {_words(b)}"
        return EvidenceKind.SIMILAR, "family_similar", detail
    return EvidenceKind.DIFFERS, "family_differ", f"family names differ: {_words(a)} vs {_words(b)}"


def _words(tokens: tuple[str, ...]) -> str:
    return " ".join(tokens).title()


def _total(findings: list[Finding | None], s: MatchSettings) -> float:
    return sum(float(getattr(s, f[1])) for f in findings if f is not None)


def _shifted(a: tuple[str, ...], b: tuple[str, ...], other_family: tuple[str, ...]) -> bool:
    """True when a given name stands in the other record's family name (one part written twice)."""
    return bool(a) and a[0] in other_family


def _family_among_given(a: MatchRecord, b: MatchRecord, found: Finding | None) -> Finding | None:
    """A family name the other record lists among its given names ("Caio Freitas | Dias" ~ "Caio |
    Freitas": a second surname or a middle name parsed as given)."""
    if found is None or found[0] is not EvidenceKind.DIFFERS:
        return found
    shared = (set(a.family) & set(b.given[1:])) | (set(b.family) & set(a.given[1:]))
    if not shared:
        return found
    return (
        EvidenceKind.SIMILAR,
        "family_shifted",
        f"{_words(tuple(sorted(shared)))} is among the other's given names",
    )


def compare_names(a: MatchRecord, b: MatchRecord, s: MatchSettings) -> list[Evidence]:
    """Evidence from given and family names, in the order (direct or swapped) that agrees best."""
    direct = [_given(a.given, b.given), _family(a.family, b.family)]
    crossed = [_given(a.given, b.family), _family(a.family, b.given)]
    # crosswise, every part that can be compared agrees (one record may have only one part: "Aira"
    # ~ "Cross Aria"), and that reading is better than the direct one
    swapped = (
        any(f is not None for f in crossed)
        and all(f is None or f[0] is not EvidenceKind.DIFFERS for f in crossed)
        and _total(crossed, s) + s.swapped_penalty > _total(direct, s)
    )
    findings = crossed if swapped else direct
    given = findings[0]
    if (
        given
        and given[0] is EvidenceKind.DIFFERS
        and (_shifted(a.given, b.given, b.family) or _shifted(b.given, a.given, a.family))
    ):
        word = a.given[0] if a.given[0] in b.family else b.given[0]
        findings[0] = (
            EvidenceKind.SIMILAR,
            "given_shifted",
            f"{word.title()} is written as the other record's family name",
        )
    findings[1] = _family_among_given(a, b, findings[1])
    evidence = [
        Evidence(label, found[0], found[2], float(getattr(s, found[1])), found[1])
        for label, found in zip(("given name", "family name"), findings, strict=True)
        if found is not None
    ]
    if swapped:
        evidence.append(
            Evidence(
                "name",
                EvidenceKind.RULE,
                "given and family name swapped",
                s.swapped_penalty,
                "swapped_penalty",
            )
        )
    return evidence
