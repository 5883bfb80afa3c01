"""Contact points (emails, phones, profile links) normalised and labelled personal/work.

Invalid values are never dropped: they come back with ``valid=False``, the stripped text as ``value``
and a human ``problem``.

Labels: a source hint ("work"/"personal", also vCard's "home"/"business") wins. Otherwise an email at
a free-mail provider is PERSONAL; one at the current employer's domain or a well-known company's is
WORK (see ``talentscout.domain.freemail``); anything else UNKNOWN. Phones are labelled from the hint
only: a mobile number says nothing reliable about personal vs work (work phones are mobiles too), and
asking phonenumbers for the type would cost another ~12 µs per number. Profile links (LinkedIn,
GitHub, X) are PERSONAL, other websites UNKNOWN.

Phones are E.164; an extension is kept RFC 3966-style (``+4930123456;ext=12``). Emails are lower-cased
whole (local part too: providers treat it case-insensitively in practice). The expensive checks are
cached per distinct text; common ASCII addresses skip ``email_validator`` through a strict regex that
only accepts what ``email_validator`` accepts (``freemail.check_email``; a property test holds the two
together).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from urllib.parse import SplitResult, unquote, urlsplit

import phonenumbers

from talentscout.domain.freemail import (
    check_email,
    email_match_key,
    employer_domain_stems,
    is_corporate_domain,
    is_free_mail,
    is_role_address,
    matches_employer,
    unwrap_email,
)
from talentscout.domain.places import country_code
from talentscout.domain.records import CandidateData

__all__ = [
    "ContactKind",
    "ContactLabel",
    "ContactPoint",
    "contact_points",
    "email_match_key",
    "employer_domain_stems",
    "is_free_mail",
    "is_role_address",
    "normalise_email",
    "normalise_phone",
    "normalise_url",
]


class ContactKind(enum.StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    LINKEDIN = "linkedin"
    GITHUB = "github"
    X = "x"
    WEBSITE = "website"


class ContactLabel(enum.StrEnum):
    PERSONAL = "personal"
    WORK = "work"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class ContactPoint:
    kind: ContactKind
    value: str
    raw: str
    label: ContactLabel
    valid: bool
    problem: str | None = None

    @property
    def shared_inbox(self) -> bool:
        """True for role addresses (info@, jobs@ …) that reach a team rather than the person."""
        return self.kind is ContactKind.EMAIL and is_role_address(self.value)


_HINTS = {
    "work": ContactLabel.WORK,
    "business": ContactLabel.WORK,
    "office": ContactLabel.WORK,
    "personal": ContactLabel.PERSONAL,
    "home": ContactLabel.PERSONAL,
    "private": ContactLabel.PERSONAL,
}


def _hint_label(hint: str | None) -> ContactLabel | None:
    return _HINTS.get(hint.strip().lower()) if hint else None


# ---- email -------------------------------------------------------------------------------------


def _email_label(value: str, employer: str | None, hint: str | None) -> ContactLabel:
    from_hint = _hint_label(hint)
    if from_hint:
        return from_hint
    domain = value.rpartition("@")[2].lower()
    if not domain:
        return ContactLabel.UNKNOWN
    if is_free_mail(domain):
        return ContactLabel.PERSONAL
    if matches_employer(domain, employer) or is_corporate_domain(domain):
        return ContactLabel.WORK
    return ContactLabel.UNKNOWN


def normalise_email(raw: str, *, employer: str | None = None, hint: str | None = None) -> ContactPoint:
    """Validate and lower-case an email address; label it personal/work (see the module docstring)."""
    stripped = raw.strip()
    value, problem = check_email(unwrap_email(stripped))
    label = _email_label(value or stripped, employer, hint)
    if value is None:
        return ContactPoint(ContactKind.EMAIL, stripped, raw, label, False, problem)
    return ContactPoint(ContactKind.EMAIL, value, raw, label, True, None)


# ---- phone -------------------------------------------------------------------------------------

_PARSE_REASONS = {
    phonenumbers.NumberParseException.NOT_A_NUMBER: "not a phone number",
    phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD: "too short",
    phonenumbers.NumberParseException.TOO_SHORT_NSN: "too short",
    phonenumbers.NumberParseException.TOO_LONG: "too long",
}
_LENGTH_REASONS = {
    phonenumbers.ValidationResult.TOO_SHORT: "too short",
    phonenumbers.ValidationResult.TOO_LONG: "too long",
    phonenumbers.ValidationResult.INVALID_LENGTH: "wrong number of digits",
    phonenumbers.ValidationResult.INVALID_COUNTRY_CODE: "unknown country calling code",
    phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY: "local number without area code",
}


def _phone_parse_reason(error: phonenumbers.NumberParseException, *, international: bool) -> str:
    if error.error_type == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE:
        return "unknown country calling code" if international else "no country code and no default country"
    return _PARSE_REASONS.get(error.error_type, "not a phone number")


@lru_cache(maxsize=65536)
def _check_phone(text: str, region: str | None) -> tuple[str | None, str | None]:
    if not text:
        return None, "empty phone number"
    candidate = "+" + text[2:] if region is None and text.startswith("00") else text
    try:
        number = phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException as error:
        reason = _phone_parse_reason(error, international=region is not None or candidate.startswith("+"))
        return None, f"not a valid phone number: {reason}"
    if not phonenumbers.is_valid_number(number):
        possible = phonenumbers.is_possible_number_with_reason(number)
        why = _LENGTH_REASONS.get(possible, f"no such number for country code +{number.country_code}")
        return None, f"not a valid phone number: {why}"
    value = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return (f"{value};ext={number.extension}" if number.extension else value), None


def normalise_phone(raw: str, *, default_country: str | None = None, hint: str | None = None) -> ContactPoint:
    """E.164 for a valid number (``default_country``, ISO 3166-1 alpha-2, for numbers without ``+``)."""
    stripped = raw.strip()
    code = (default_country or "").strip().upper()
    region = code if code in phonenumbers.SUPPORTED_REGIONS else None
    value, problem = _check_phone(stripped, region)
    label = _hint_label(hint) or ContactLabel.UNKNOWN
    if value is None:
        return ContactPoint(ContactKind.PHONE, stripped, raw, label, False, problem)
    return ContactPoint(ContactKind.PHONE, value, raw, label, True, None)


# ---- profile links and websites ----------------------------------------------------------------

_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):(//)?(?!\d)", re.IGNORECASE)
_HOST = re.compile(r"(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+(?:[^\W\d_]{2,63}|xn--[a-z0-9-]{1,59})\Z")
_IPV4 = re.compile(r"(?:\d{1,3}\.){3}\d{1,3}\Z")
_SLUG = re.compile(r"[\w-]{1,100}\Z")
_GITHUB_USER = re.compile(r"[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,38}\Z")
_X_HANDLE = re.compile(r"[a-z0-9_]{1,15}\Z")
# fmt: off
_GITHUB_RESERVED = frozenset({
    "about", "account", "apps", "blog", "business", "codespaces", "collections", "contact",
    "customer-stories", "dashboard", "enterprise", "events", "explore", "features", "gist", "join", "login",
    "logout", "marketplace", "new", "notifications", "orgs", "organizations", "pricing", "pulls", "issues",
    "readme", "search", "security", "settings", "site", "sponsors", "team", "topics", "trending", "users",
})
_X_RESERVED = frozenset({
    "home", "i", "intent", "share", "search", "explore", "settings", "hashtag", "login", "signup",
    "messages", "notifications", "tos", "privacy",
})
# fmt: on
_X_HOSTS = frozenset({"twitter.com", "x.com"})
_SERVICE_PREFIXES = ("www.", "mobile.", "m.")
_PROFILE_KINDS = (ContactKind.LINKEDIN, ContactKind.GITHUB, ContactKind.X)


class _BadUrl(ValueError):
    """A URL we keep as raw text; the message is the ContactPoint problem."""


def _split_url(text: str) -> SplitResult:
    if " " in text or not text.isprintable():  # isprintable is False for every other space
        raise _BadUrl("URL contains spaces or control characters")
    scheme = _SCHEME.match(text)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        raise _BadUrl(f"unsupported URL scheme {scheme.group(1).lower()!r}")
    if not scheme:
        text = "https:" + text if text.startswith("//") else "https://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise _BadUrl(f"not a valid URL: {error}") from error
    host = (parts.hostname or "").rstrip(".")
    if parts.username is not None or parts.password is not None:
        raise _BadUrl("URL contains a user name or password")
    if not (_HOST.match(host) or _IPV4.match(host)):
        raise _BadUrl("not a valid URL: no domain name")
    netloc = f"{host}:{port}" if port else host
    return SplitResult(parts.scheme.lower(), netloc, parts.path, parts.query, parts.fragment)


def _service(host: str) -> ContactKind:
    if host == "linkedin.com" or host.endswith(".linkedin.com"):
        return ContactKind.LINKEDIN
    for prefix in _SERVICE_PREFIXES:
        host = host.removeprefix(prefix)
    if host == "github.com":
        return ContactKind.GITHUB
    return ContactKind.X if host in _X_HOSTS else ContactKind.WEBSITE


def _segments(parts: SplitResult) -> list[str]:
    path = parts.fragment[1:] if parts.fragment.startswith("!/") else parts.path  # twitter.com/#!/name
    return [unquote(s) for s in path.split("/") if s]


def _linkedin(segments: list[str]) -> str:
    lowered = [s.lower() for s in segments]
    if len(lowered) >= 2 and lowered[0] == "in" and _SLUG.match(lowered[1]):
        return f"https://www.linkedin.com/in/{lowered[1]}"
    if len(lowered) >= 2 and lowered[0] == "pub" and all(_SLUG.match(s) for s in lowered[1:]):
        return "https://www.linkedin.com/pub/" + "/".join(lowered[1:])
    raise _BadUrl("not a LinkedIn profile link")


def _github(segments: list[str]) -> str:
    user = segments[0].lower() if segments else ""
    if user in _GITHUB_RESERVED or not _GITHUB_USER.match(user):
        raise _BadUrl("not a GitHub user link")
    return f"https://github.com/{user}"


def _x(segments: list[str]) -> str:
    handle = segments[0].lower().removeprefix("@") if segments else ""
    if handle in _X_RESERVED or not _X_HANDLE.match(handle):
        raise _BadUrl("not an X/Twitter profile link")
    return f"https://x.com/{handle}"


def _website(parts: SplitResult) -> str:
    query = f"?{parts.query}" if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}{query}{fragment}"


def _kind_of(text: str) -> ContactKind:
    """The service a text points at, even when it is not a valid link."""
    host = text.lower().split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return _service(host) if host else ContactKind.WEBSITE


@lru_cache(maxsize=65536)
def _check_url(text: str) -> tuple[ContactKind, str | None, str | None]:
    try:
        parts = _split_url(text)
        kind = _service(parts.netloc.split(":", 1)[0])
        if kind is ContactKind.LINKEDIN:
            return kind, _linkedin(_segments(parts)), None
        if kind is ContactKind.GITHUB:
            return kind, _github(_segments(parts)), None
        if kind is ContactKind.X:
            return kind, _x(_segments(parts)), None
        return kind, _website(parts), None
    except _BadUrl as problem:
        return _kind_of(text), None, str(problem)


def normalise_url(raw: str) -> ContactPoint | None:
    """Canonical profile link (LinkedIn, GitHub, X) or website; None for an empty value."""
    stripped = raw.strip()
    if not stripped:
        return None
    kind, value, problem = _check_url(stripped)
    label = ContactLabel.PERSONAL if kind in _PROFILE_KINDS else ContactLabel.UNKNOWN
    if value is None:
        return ContactPoint(kind, stripped, raw, label, False, problem)
    return ContactPoint(kind, value, raw, label, True, None)


# ---- all of a candidate's contact points -------------------------------------------------------


def _phone_region(default_country: str | None, country: str | None) -> str | None:
    if default_country:
        return default_country
    if country and len(country.strip()) == 2:
        return country.strip().upper()
    return country_code(country) if country else None


def contact_points(c: CandidateData, *, default_country: str | None) -> list[ContactPoint]:
    """Every email, phone and URL of a candidate, normalised and de-duplicated by (kind, value).

    Hints come from ``c.contact_hints`` (matched on the stripped, lower-cased raw value); phones
    without ``+`` use ``default_country``, else the candidate's own country. On duplicates the first
    wins, but a known label replaces UNKNOWN.
    """
    hints = {k.strip().lower(): v for k, v in c.contact_hints.items()}
    region = _phone_region(default_country, c.country)
    points: list[ContactPoint | None] = []
    for raw in c.emails:
        if raw.strip():
            hint = hints.get(raw.strip().lower())
            points.append(normalise_email(raw, employer=c.current_employer, hint=hint))
    for raw in c.phones:
        if raw.strip():
            points.append(normalise_phone(raw, default_country=region, hint=hints.get(raw.strip().lower())))
    points.extend(normalise_url(raw) for raw in c.urls)
    unique: dict[tuple[ContactKind, str], ContactPoint] = {}
    for point in points:
        if point is None:
            continue
        key = (point.kind, point.value)
        seen = unique.get(key)
        if seen is None:
            unique[key] = point
        elif seen.label is ContactLabel.UNKNOWN and point.label is not ContactLabel.UNKNOWN:
            unique[key] = replace(seen, label=point.label)
    return list(unique.values())
