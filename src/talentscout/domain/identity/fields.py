"""Field comparators: each turns one aspect of two records into ``Evidence`` (see ``scoring.compare``).

Identifiers in ``ignored`` (kind-prefixed, ``email:jobs@acme.com``) and role addresses (info@,
jobs@ …) are never evidence; they are listed as IGNORED so the reason is visible.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date
from functools import lru_cache

from rapidfuzz.distance import OSA, JaroWinkler

from talentscout.domain.contacts import is_free_mail, is_role_address
from talentscout.domain.freemail import PLUS_TAG_PROVIDERS
from talentscout.domain.identity.evidence import Evidence, EvidenceKind
from talentscout.domain.identity.record import MatchRecord
from talentscout.domain.identity.settings import MatchSettings
from talentscout.domain.names import fold
from talentscout.domain.places import distance_km

__all__ = ["compare_extras", "compare_identifiers", "compare_place", "compare_work"]

_SAME, _SIMILAR, _DIFFERS, _IGNORED = (
    EvidenceKind.SAME,
    EvidenceKind.SIMILAR,
    EvidenceKind.DIFFERS,
    EvidenceKind.IGNORED,
)
_NEAR_KM = 40.0
_DIGITS = re.compile(r"\D+")  # what is not a digit (to compare dates)
_NUMBERS = re.compile(r"\d+")  # the digits of an address's local part (ann.lee89 vs ann.lee)


#: ``is_role_address`` per address, cached (every pair compared asks it for both records' addresses)
_is_role = lru_cache(maxsize=65_536)(is_role_address)


def _not_evidence(prefix: str, value: str, ignored: Collection[str]) -> str | None:
    """Why an identifier is not evidence, or None when it is."""
    if prefix == "email" and _is_role(value):
        return "is a shared inbox (role address)"
    if f"{prefix}:{value}" in ignored:
        return "is held by too many records in one source"
    return None


def _split_usable(
    field: str, prefix: str, a: frozenset[str], b: frozenset[str], ignored: Collection[str]
) -> tuple[set[str], set[str], list[Evidence]]:
    """Both records' usable values, and an IGNORED finding for each shared value that is not usable."""
    if not ignored and (prefix != "email" or not any(map(_is_role, a | b))):
        return set(a), set(b), []  # nothing to leave out (the common case: a fast path)
    notes = []
    for value in sorted(a & b):
        why = _not_evidence(prefix, value, ignored)
        if why:
            notes.append(Evidence(field, _IGNORED, f"{value} {why}; not used"))
    mine = {v for v in a if _not_evidence(prefix, v, ignored) is None}
    theirs = {v for v in b if _not_evidence(prefix, v, ignored) is None}
    return mine, theirs, notes


def _mailbox_note(address: str) -> str:
    domain = address.rpartition("@")[2]
    if domain == "gmail.com":
        return " (Gmail: dots, +tags and case ignored)"
    return " (+tags and case ignored)" if domain in PLUS_TAG_PROVIDERS else ""


def _emails(a: MatchRecord, b: MatchRecord, s: MatchSettings, ignored: Collection[str]) -> list[Evidence]:
    mine, theirs, out = _split_usable("email", "email", a.emails, b.emails, ignored)
    if not mine or not theirs:
        return out
    same = sorted(mine & theirs)
    if same:
        return [
            *out,
            Evidence(
                "email", _SAME, f"same address {same[0]}{_mailbox_note(same[0])}", s.email_same, "email_same"
            ),
        ]
    return [*out, _different_emails(mine, theirs, s)]


def _near_address(x: str, y: str) -> bool:
    """One typo apart: the same mailbox mistyped, not another account. Not near: jan.lehmann@gmx.de
    and jan.lehmann@acme.com (two mailboxes of possibly two people), ann.lee89@ and ann.lee@ or
    alpha.12@ and alpha.13@ (only digits differ: numbered accounts), jon.smith@acme.com and
    john.smith@acme.com (a company hands out one mailbox per person: two colleagues)."""
    local_x, _, domain_x = x.rpartition("@")
    local_y, _, domain_y = y.rpartition("@")
    if local_x == local_y:
        return (
            OSA.distance(domain_x, domain_y) <= 2
            and domain_x.rpartition(".")[2] == domain_y.rpartition(".")[2]
        )
    if _NUMBERS.sub("", local_x) == _NUMBERS.sub("", local_y):
        return False
    return (
        domain_x == domain_y
        and is_free_mail(domain_x)
        and min(len(local_x), len(local_y)) >= 4
        and OSA.distance(local_x, local_y) <= 1
    )


def _different_emails(mine: set[str], theirs: set[str], s: MatchSettings) -> Evidence:
    pairs = [(x, y) for x in sorted(mine) for y in sorted(theirs)]
    for x, y in pairs:
        if _near_address(x, y):
            return Evidence(
                "email", _SIMILAR, f"addresses one typo apart: {x} ~ {y}", s.email_near, "email_near"
            )
    for x, y in pairs:
        domain = x.rpartition("@")[2]
        if domain == y.rpartition("@")[2] and not is_free_mail(domain):
            return Evidence(
                "email",
                _DIFFERS,
                f"two different mailboxes at {domain}: {x} vs {y}",
                s.work_mailbox_differs,
                "work_mailbox_differs",
            )
    for x, y in pairs:
        if _similar_address(x, y):
            detail = f"addresses a few keystrokes apart: {x} ~ {y}"
            return Evidence("email", _SIMILAR, detail, s.email_similar, "email_similar")
    return Evidence("email", _DIFFERS, "no address in common", s.email_differ, "email_differ")


def _similar_address(x: str, y: str) -> bool:
    """Three edits or fewer, or Jaro–Winkler ≥ 0.9 over the whole address, when the local parts are
    not just numbered accounts of one name (alpha.12@ vs alpha.13@)."""
    local_x, local_y = x.rpartition("@")[0], y.rpartition("@")[0]
    if local_x != local_y and _NUMBERS.sub("", local_x) == _NUMBERS.sub("", local_y):
        return False
    return OSA.distance(x, y) <= 3 or JaroWinkler.similarity(x, y) >= 0.9


def _phones(a: MatchRecord, b: MatchRecord, s: MatchSettings, ignored: Collection[str]) -> list[Evidence]:
    mine, theirs, out = _split_usable("phone", "phone", a.phones, b.phones, ignored)
    if not mine or not theirs:
        return out
    same = sorted(mine & theirs)
    if same:
        return [*out, Evidence("phone", _SAME, f"same number {same[0]}", s.phone_same, "phone_same")]
    return [*out, Evidence("phone", _DIFFERS, "no number in common", s.phone_differ, "phone_differ")]


def _service(url: str) -> str:
    host = url.split("://", 1)[-1].split("/", 1)[0]
    return {"www.linkedin.com": "LinkedIn", "github.com": "GitHub", "x.com": "X"}.get(host, host)


def _profiles(a: MatchRecord, b: MatchRecord, s: MatchSettings, ignored: Collection[str]) -> list[Evidence]:
    mine, theirs, out = _split_usable("profile", "url", a.profiles, b.profiles, ignored)
    same = sorted(mine & theirs)
    if same:
        return [
            *out,
            Evidence(
                "profile",
                _SAME,
                f"same {_service(same[0])} profile {same[0]}",
                s.profile_same,
                "profile_same",
            ),
        ]
    services = {_service(u) for u in mine} & {_service(u) for u in theirs}
    if services:
        detail = f"different {' and '.join(sorted(services))} profiles"
        out.append(Evidence("profile", _DIFFERS, detail, s.profile_differ, "profile_differ"))
    return out


def _national_id(
    a: MatchRecord, b: MatchRecord, s: MatchSettings, ignored: Collection[str]
) -> list[Evidence]:
    x, y = a.national_id, b.national_id
    if not x or not y or f"id:{x}" in ignored:
        return []
    if x == y:
        return [Evidence("id number", _SAME, f"same id number {x}", s.national_id_same, "national_id_same")]
    if OSA.distance(x, y) <= 1:
        return [
            Evidence(
                "id number",
                _SIMILAR,
                f"id numbers one typo apart: {x} ~ {y}",
                s.national_id_near,
                "national_id_near",
            )
        ]
    return [
        Evidence(
            "id number",
            _DIFFERS,
            f"id numbers differ: {x} vs {y}",
            s.national_id_differ,
            "national_id_differ",
        )
    ]


def compare_identifiers(
    a: MatchRecord, b: MatchRecord, s: MatchSettings, ignored: Collection[str]
) -> list[Evidence]:
    """Emails, phones, profile links and id numbers."""
    found = [*_emails(a, b, s, ignored), *_phones(a, b, s, ignored), *_profiles(a, b, s, ignored)]
    return [*found, *_national_id(a, b, s, ignored)]


def compare_work(a: MatchRecord, b: MatchRecord, s: MatchSettings) -> list[Evidence]:
    """Current employer, employer history (legal forms ignored) and title."""
    out: list[Evidence] = []
    current = a.employer_keys & b.employer_keys
    history = (a.employer_keys | a.past_employer_keys) & (b.employer_keys | b.past_employer_keys)
    if current:
        out.append(
            Evidence(
                "employer",
                _SAME,
                f"same current employer {a.current_employer}",
                s.employer_same,
                "employer_same",
            )
        )
    elif history:
        detail = f"employer histories overlap ({sorted(history)[0]})"
        out.append(Evidence("employer", _SIMILAR, detail, s.employer_past, "employer_past"))
    elif a.employer_keys and b.employer_keys:
        detail = f"employer differs: {a.current_employer} vs {b.current_employer}"
        out.append(Evidence("employer", _DIFFERS, detail, s.employer_differ, "employer_differ"))
    if a.title and b.title and fold(a.title) == fold(b.title):
        out.append(Evidence("title", _SAME, f"same title {a.title}", s.title_same, "title_same"))
    return out


def compare_place(a: MatchRecord, b: MatchRecord, s: MatchSettings) -> list[Evidence]:
    """City (by name, spelling or distance) and country."""
    if a.country and b.country and a.country != b.country:
        detail = (
            f"country differs: {a.city or a.country} ({a.country}) vs {b.city or b.country} ({b.country})"
        )
        return [Evidence("place", _DIFFERS, detail, s.country_differ, "country_differ")]
    if not a.city or not b.city:
        return []
    x, y = fold(a.city), fold(b.city)
    if x == y:
        return [Evidence("place", _SAME, f"same city {a.city}", s.city_same, "city_same")]
    if JaroWinkler.similarity(x, y) >= 0.9:
        return [
            Evidence("place", _SIMILAR, f"similar city names {a.city} ~ {b.city}", s.city_near, "city_near")
        ]
    km = _km(a, b)
    if km is not None and km <= _NEAR_KM:
        return [
            Evidence(
                "place", _SIMILAR, f"nearby: {a.city} ~ {b.city} ({km:.0f} km)", s.city_near, "city_near"
            )
        ]
    return [Evidence("place", _DIFFERS, f"city differs: {a.city} vs {b.city}", s.city_differ, "city_differ")]


def _km(a: MatchRecord, b: MatchRecord) -> float | None:
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return None
    return distance_km((a.latitude, a.longitude), (b.latitude, b.longitude))


def _dates_near(x: str, y: str) -> bool:
    """One part (year, month, day) differs, day and month swapped, or one typo."""
    if len(x) == len(y) == 8:
        parts_x, parts_y = (x[:4], x[4:6], x[6:]), (y[:4], y[4:6], y[6:])
        if sum(p != q for p, q in zip(parts_x, parts_y, strict=True)) == 1:
            return True
        if parts_x[0] == parts_y[0] and parts_x[1:] == parts_y[:0:-1]:
            return True
    return OSA.distance(x, y) <= 1


def _days_apart(x: str, y: str) -> int:
    """Days between two YYYYMMDD dates (a large number when either is not a real date)."""
    try:
        first = date(int(x[:4]), int(x[4:6]), int(x[6:8]))
        second = date(int(y[:4]), int(y[4:6]), int(y[6:8]))
    except ValueError:
        return 1_000_000
    return abs((first - second).days)


def compare_extras(a: MatchRecord, b: MatchRecord, s: MatchSettings) -> list[Evidence]:
    """Birth date, street and postcode: rare in recruiting, common in public benchmark sets."""
    out: list[Evidence] = []
    x, y = _DIGITS.sub("", a.birth_date), _DIGITS.sub("", b.birth_date)
    if x and y:
        if x == y:
            out.append(
                Evidence(
                    "birth date",
                    _SAME,
                    f"same birth date {a.birth_date}",
                    s.birth_date_same,
                    "birth_date_same",
                )
            )
        elif _dates_near(x, y):
            detail = f"birth dates nearly agree: {a.birth_date} ~ {b.birth_date}"
            out.append(Evidence("birth date", _SIMILAR, detail, s.birth_date_near, "birth_date_near"))
        elif OSA.distance(x, y) <= 2:
            detail = f"birth dates two digits apart: {a.birth_date} ~ {b.birth_date}"
            out.append(Evidence("birth date", _SIMILAR, detail, s.birth_date_typos, "birth_date_typos"))
        elif _days_apart(x, y) <= 366:
            detail = f"birth dates within a year: {a.birth_date} ~ {b.birth_date}"
            out.append(Evidence("birth date", _SIMILAR, detail, s.birth_date_year, "birth_date_year"))
        else:
            detail = f"birth date differs: {a.birth_date} vs {b.birth_date}"
            out.append(Evidence("birth date", _DIFFERS, detail, s.birth_date_differ, "birth_date_differ"))
    out += _street(a, b, s)
    if a.postcode and b.postcode:
        same = a.postcode == b.postcode
        weight = s.postcode_same if same else s.postcode_differ
        detail = f"same postcode {a.postcode}" if same else f"postcode differs: {a.postcode} vs {b.postcode}"
        level = "postcode_same" if same else "postcode_differ"
        out.append(Evidence("postcode", _SAME if same else _DIFFERS, detail, weight, level))
    return out


def _street(a: MatchRecord, b: MatchRecord, s: MatchSettings) -> list[Evidence]:
    if not a.street or not b.street:
        return []
    x, y = fold(a.street), fold(b.street)
    if x == y:
        return [Evidence("street", _SAME, f"same street address {a.street}", s.street_same, "street_same")]
    if JaroWinkler.similarity(x, y) >= 0.9:
        return [
            Evidence(
                "street", _SIMILAR, f"similar street {a.street} ~ {b.street}", s.street_near, "street_near"
            )
        ]
    return [
        Evidence(
            "street", _DIFFERS, f"street differs: {a.street} vs {b.street}", s.street_differ, "street_differ"
        )
    ]
