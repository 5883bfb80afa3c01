"""``MatchRecord``: what matching needs to know about one source record, and how to build it from a profile.

Built from what we store (``domain.profile.Profile``): names, email match keys (Gmail dots and
``+tags`` ignored, see ``contacts.email_match_key``), E.164 phones, canonical profile links
(LinkedIn, GitHub, X), current and past employers, title, place. Invalid contact values are left
out: a typo'd address identifies nobody.

``birth_date``, ``national_id``, ``street`` and ``postcode`` are optional. Recruiting profiles
rarely carry them (and should not: we do not ask candidates for them), but public record-linkage
benchmarks (FEBRL, splink's fake_1000) do, so the matcher can use them when they are present.

Identifiers carry a kind prefix (``email:``, ``phone:``, ``url:``, ``id:``) so that one string names
one identifier everywhere: in blocking keys, in frequency caps and in evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from talentscout.domain.contacts import ContactKind, email_match_key
from talentscout.domain.identity.text import employer_key, name_tokens
from talentscout.domain.names import fold
from talentscout.domain.profile import Profile

__all__ = ["MatchRecord", "from_profile"]

_PROFILE_KINDS = (ContactKind.LINKEDIN, ContactKind.GITHUB, ContactKind.X)
_NONE: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class MatchRecord:
    """One source record as the matcher sees it. Only ``record_id`` is required.

    ``emails`` are match keys, ``phones`` E.164, ``profiles`` canonical profile URLs. ``source``
    names the source the record came from (the frequency cap counts identifiers per source).
    Matching reads ``given_name``/``family_name`` (or ``name_folded`` when both are empty);
    ``display_name`` is only shown (for a nameless profile it is a contact handle, not a name).
    Derived name tokens (folded, transliterated) are computed once, on construction.
    """

    record_id: str
    source: str = ""
    display_name: str = ""
    given_name: str = ""
    family_name: str = ""
    name_folded: str = ""
    emails: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()
    profiles: frozenset[str] = frozenset()
    current_employer: str = ""
    past_employers: tuple[str, ...] = ()
    title: str = ""
    city: str = ""
    country: str = ""
    latitude: float | None = None
    longitude: float | None = None
    birth_date: str = ""
    national_id: str = ""
    street: str = ""
    postcode: str = ""
    given: tuple[str, ...] = field(init=False, repr=False, compare=False)
    family: tuple[str, ...] = field(init=False, repr=False, compare=False)
    employer_keys: frozenset[str] = field(init=False, repr=False, compare=False)
    past_employer_keys: frozenset[str] = field(init=False, repr=False, compare=False)
    #: hosts of the profile links (one service each) and the folded city, for the cheap bound
    profile_hosts: frozenset[str] = field(init=False, repr=False, compare=False)
    city_key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # runs for every record loaded from the index (many per second): no work for empty fields
        setter = object.__setattr__
        given, family = name_tokens(self.given_name), name_tokens(self.family_name)
        if not given and not family:
            given, family = _split_folded(self.name_folded)
        setter(self, "given", given)
        setter(self, "family", family)
        current = employer_key(self.current_employer) if self.current_employer else ""
        setter(self, "employer_keys", frozenset((current,)) if current else _NONE)
        if self.past_employers:
            past = {employer_key(e) for e in self.past_employers} - {"", current}
            setter(self, "past_employer_keys", frozenset(past))
        else:
            setter(self, "past_employer_keys", _NONE)
        if self.profiles:
            hosts = frozenset(u.split("://", 1)[-1].split("/", 1)[0] for u in self.profiles)
            setter(self, "profile_hosts", hosts)
        else:
            setter(self, "profile_hosts", _NONE)
        setter(self, "city_key", fold(self.city) if self.city else "")

    @property
    def identifiers(self) -> frozenset[str]:
        """Every strong identifier, kind-prefixed: ``email:a@b.c``, ``phone:+49…``, ``url:…``, ``id:…``."""
        found = {f"email:{e}" for e in self.emails} | {f"phone:{p}" for p in self.phones}
        found |= {f"url:{u}" for u in self.profiles}
        if self.national_id:
            found.add(f"id:{self.national_id}")
        return frozenset(found)

    @property
    def has_name(self) -> bool:
        return bool(self.given or self.family)


def _split_folded(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    tokens = name_tokens(text)
    if len(tokens) < 2:
        return tokens, ()
    return tokens[:-1], tokens[-1:]


def from_profile(profile: Profile, *, record_id: str = "", source: str = "") -> MatchRecord:
    """The matcher's view of a derived profile (``talentscout.domain.profile.derive_profile``)."""
    f = profile.fields
    valid = [c for c in profile.contacts if c.valid]
    current = str(f.get("current_employer") or "")
    past = tuple(
        dict.fromkeys(e.employer for e in profile.experiences if e.employer and e.employer != current)
    )
    return MatchRecord(
        record_id=record_id,
        source=source,
        display_name=str(f.get("display_name") or ""),
        given_name=str(f.get("given_name") or ""),
        family_name=str(f.get("family_name") or ""),
        name_folded=profile.name_normalised,
        emails=frozenset(email_match_key(c.value) for c in valid if c.kind is ContactKind.EMAIL),
        phones=frozenset(c.value for c in valid if c.kind is ContactKind.PHONE),
        profiles=frozenset(c.value for c in valid if c.kind in _PROFILE_KINDS),
        current_employer=current,
        past_employers=past,
        title=str(f.get("current_title_canonical") or f.get("current_title") or ""),
        city=str(f.get("city") or ""),
        country=str(f.get("country") or ""),
        latitude=_float(f.get("latitude")),
        longitude=_float(f.get("longitude")),
    )


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None
