"""``MatchRecord`` to and from plain JSON-able dicts, and built from the plain values a record stores.

The store keeps one such dict per source record (``match_records``), so an incoming record's
candidates are scored without re-deriving their profiles. ``from_values`` builds the record from
what a derived profile becomes in the database (person fields, contact points, experience
employers) — the same view ``from_profile`` gives, without the ``Profile`` object.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from talentscout.domain.contacts import email_match_key
from talentscout.domain.identity.blocking import blocking_keys
from talentscout.domain.identity.record import MatchRecord
from talentscout.domain.identity.text import loose_key
from talentscout.domain.names import fold

__all__ = ["MAX_KEYS", "MAX_KEY_LENGTH", "from_values", "record_from_dict", "record_to_dict", "stored_keys"]

#: blocking keys per record and characters per key kept in the index (a 10,000-character name must not
#: become a thousand keys)
MAX_KEYS = 40
MAX_KEY_LENGTH = 200
_NAME_LIMIT = 300
_TEXT = ("display_name", "given_name", "family_name", "name_folded", "current_employer", "title", "city")
_SETS = ("emails", "phones", "profiles")
_PROFILE_KINDS = frozenset({"linkedin", "github", "x"})


def record_to_dict(rec: MatchRecord) -> dict[str, Any]:
    """The non-empty fields of ``rec`` except its id and source (the store has those)."""
    out: dict[str, Any] = {name: getattr(rec, name) for name in _TEXT if getattr(rec, name)}
    out |= {name: sorted(getattr(rec, name)) for name in _SETS if getattr(rec, name)}
    if rec.past_employers:
        out["past_employers"] = list(rec.past_employers)
    if rec.country:
        out["country"] = rec.country
    if rec.latitude is not None and rec.longitude is not None:
        out["lat"], out["lon"] = rec.latitude, rec.longitude
    return out


def record_from_dict(record_id: str, source: str, data: Mapping[str, Any]) -> MatchRecord:
    get = data.get  # runs for every candidate loaded from the index: plain lookups, no helpers
    return MatchRecord(
        record_id=record_id,
        source=source,
        display_name=str(get("display_name") or ""),
        given_name=str(get("given_name") or ""),
        family_name=str(get("family_name") or ""),
        name_folded=str(get("name_folded") or ""),
        current_employer=str(get("current_employer") or ""),
        title=str(get("title") or ""),
        city=str(get("city") or ""),
        emails=frozenset(get("emails") or ()),
        phones=frozenset(get("phones") or ()),
        profiles=frozenset(get("profiles") or ()),
        past_employers=tuple(get("past_employers") or ()),
        country=str(get("country") or ""),
        latitude=get("lat"),
        longitude=get("lon"),
    )


def from_values(
    record_id: str,
    source: str,
    fields: Mapping[str, Any],
    name_normalised: str,
    contacts: Iterable[tuple[str, str, bool]],
    employers: Iterable[str | None],
) -> MatchRecord:
    """A record from stored values: person ``fields`` (``PERSON_FIELDS``), (kind, value, valid)
    contact points and the employers of its experience entries."""
    emails: set[str] = set()
    phones: set[str] = set()
    profiles: set[str] = set()
    for kind, value, valid in contacts:
        if not valid or not value:
            continue
        if kind == "email":
            emails.add(email_match_key(value))
        elif kind == "phone":
            phones.add(value)
        elif kind in _PROFILE_KINDS:
            profiles.add(value)
    current = str(fields.get("current_employer") or "")
    past = tuple(dict.fromkeys(e for e in employers if e and e != current))
    return MatchRecord(
        record_id=record_id,
        source=source,
        display_name=_text(fields.get("display_name")),
        given_name=_text(fields.get("given_name")),
        family_name=_text(fields.get("family_name")),
        name_folded=_text(name_normalised),
        emails=frozenset(emails),
        phones=frozenset(phones),
        profiles=frozenset(profiles),
        current_employer=current[:_NAME_LIMIT],
        past_employers=past[:10],
        title=_text(fields.get("current_title_canonical") or fields.get("current_title")),
        city=_text(fields.get("city")),
        country=_text(fields.get("country")),
        latitude=_float(fields.get("latitude")),
        longitude=_float(fields.get("longitude")),
    )


def stored_keys(rec: MatchRecord, ignored: Collection[str] = frozenset()) -> list[str]:
    """The blocking keys kept in the index: identifiers first, at most ``MAX_KEYS``, each capped.

    Besides ``blocking_keys``, two narrow keys (``nc:`` full name + city, ``ne:`` full name +
    employer) keep namesakes findable in a pool so large that the plain name keys are too common to
    look up (see ``identity_match``)."""
    keys = sorted(blocking_keys(rec, ignored=ignored) | _narrow_keys(rec), key=_order)
    return list(dict.fromkeys(k[:MAX_KEY_LENGTH] for k in keys))[:MAX_KEYS]


def _order(key: str) -> tuple[bool, int, str]:
    return (not _is_identifier(key), len(key), key)


def _narrow_keys(rec: MatchRecord) -> set[str]:
    if not rec.given or not rec.family:
        return set()
    name = f"{loose_key(rec.family[-1])}|{loose_key(rec.given[0])}"
    out = {f"nc:{name}|{fold(rec.city)}"} if rec.city else set()
    out |= {f"ne:{name}|{e}" for e in sorted(rec.employer_keys)}
    return out


def _is_identifier(key: str) -> bool:
    return key.startswith(("email:", "phone:", "url:", "id:"))


def _text(value: object) -> str:
    """Names and places as the matcher reads them; absurdly long values are cut (they are kept whole
    in the person's record)."""
    return str(value)[:_NAME_LIMIT] if value else ""


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None
