"""``could_match(a, b)``: a cheap upper bound on ``compare``, to skip pairs that cannot reach review.

In a large pool a common name meets many namesakes; most of them differ in a profile link, a
mailbox, the employer or the city, and ``compare`` would spend ~100 µs each to say SEPARATE. The bound
takes every field at its best possible weight except those that cost only set operations or one
fold (identifier overlap, profile services, employers, country, city spelled the same), and answers
False only when even that best case stays below the review threshold. When it does not, the names
are weighed exactly (``namematch.compare_names``, cached per pair of names: candidates share names
again and again) and the bound is taken again. It never skips a pair that ``compare`` would send to
review or merge (tested against ``compare``).
"""

from __future__ import annotations

import math
from collections.abc import Collection

from talentscout.domain.identity.namematch import compare_names
from talentscout.domain.identity.record import MatchRecord
from talentscout.domain.identity.settings import MatchSettings

__all__ = ["could_match"]


def _service(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[0]


def could_match(
    a: MatchRecord, b: MatchRecord, s: MatchSettings, ignored: Collection[str] = frozenset()
) -> bool:
    """False only when ``compare(a, b, ignored=ignored)`` is certainly SEPARATE (module docstring)."""
    if a.emails & b.emails or a.phones & b.phones or a.profiles & b.profiles:
        return True
    if a.national_id and a.national_id == b.national_id:
        return True
    best, threshold = _constants(s)
    if a.emails and b.emails:
        best += max(s.email_near, s.email_similar, s.email_differ, s.work_mailbox_differs, 0.0)
    if _usable(a.phones, "phone", ignored) and _usable(b.phones, "phone", ignored):
        best += s.phone_differ
    if ignored:
        services = {_service(u) for u in _usable(a.profiles, "url", ignored)}
        if services & {_service(u) for u in _usable(b.profiles, "url", ignored)}:
            best += s.profile_differ
    elif a.profile_hosts & b.profile_hosts:
        best += s.profile_differ
    if a.national_id and b.national_id:
        best += max(s.national_id_near, s.national_id_differ)
    if a.employer_keys & b.employer_keys:
        best += s.employer_same
    elif (a.employer_keys | a.past_employer_keys) & (b.employer_keys | b.past_employer_keys):
        best += s.employer_past
    elif a.employer_keys and b.employer_keys:
        best += s.employer_differ
    if a.title and b.title:
        best += max(s.title_same, 0.0)
    best += _place(a, b, s)
    best += _extras(a, b, s)
    if best < threshold:
        return False
    # the names were taken at their best; most candidates are namesakes or share only a family
    # name and an initial, so their real name weight (cached per pair of names) decides most pairs
    return best - _name_best_cached(s) + _names(a, b, s) >= threshold


def _names(a: MatchRecord, b: MatchRecord, s: MatchSettings) -> float:
    """The weight ``compare_names`` gives, cached by the four name-token tuples it reads."""
    cache = _NAMES.get(id(s))
    if cache is None or cache[0] is not s:
        _NAMES.clear()  # one settings object at a time (a batch run uses one throughout)
        cache = _NAMES[id(s)] = (s, {})
    found = cache[1]
    key = (a.given, a.family, b.given, b.family)
    weight = found.get(key)
    if weight is None:
        if len(found) >= _NAMES_LIMIT:
            found.clear()
        weight = found[key] = sum(e.weight for e in compare_names(a, b, s))
    return weight


_NAMES: dict[int, tuple[MatchSettings, dict[tuple[tuple[str, ...], ...], float]]] = {}
_NAMES_LIMIT = 200_000


def _name_best_cached(s: MatchSettings) -> float:
    best, _ = _constants(s)
    return best - s.prior


def _usable(values: frozenset[str], prefix: str, ignored: Collection[str]) -> frozenset[str]:
    if not ignored:
        return values
    return frozenset(v for v in values if f"{prefix}:{v}" not in ignored)


def _constants(s: MatchSettings) -> tuple[float, float]:
    """(prior + the best the names can add, the review threshold in bits), cached per settings object
    by identity (hashing a frozen settings object costs more than the bound itself)."""
    found = _CONSTANTS.get(id(s))
    if found is None or found[0] is not s:
        found = _CONSTANTS[id(s)] = (s, s.prior + _name_best(s), _bits(s.review_at))
    return found[1], found[2]


_CONSTANTS: dict[int, tuple[MatchSettings, float, float]] = {}


def _name_best(s: MatchSettings) -> float:
    given = (
        s.given_exact,
        s.given_variant,
        s.given_spelling,
        s.given_typo,
        s.given_similar,
        s.given_initial,
        s.given_shifted,
    )
    family = (
        s.family_exact,
        s.family_part,
        s.family_spelling,
        s.family_typo,
        s.family_similar,
        s.family_shifted,
    )
    return max(0.0, *given) + max(0.0, *family)


def _place(a: MatchRecord, b: MatchRecord, s: MatchSettings) -> float:
    if a.country and b.country and a.country != b.country:
        return s.country_differ
    if not a.city or not b.city:
        return 0.0
    return s.city_same if a.city_key == b.city_key else max(s.city_near, s.city_differ)


def _extras(a: MatchRecord, b: MatchRecord, s: MatchSettings) -> float:
    best = 0.0
    if a.birth_date and b.birth_date:
        best += max(s.birth_date_same, s.birth_date_near, s.birth_date_year, s.birth_date_differ)
    if a.street and b.street:
        best += max(s.street_same, s.street_near, s.street_differ)
    if a.postcode and b.postcode:
        best += max(s.postcode_same, s.postcode_differ)
    return best


def _bits(probability: float) -> float:
    """The log-odds (bits) at which ``scoring.probability`` reaches ``probability``."""
    if probability <= 0.0:
        return -math.inf
    if probability >= 1.0:
        return math.inf
    return math.log2(probability / (1.0 - probability))
