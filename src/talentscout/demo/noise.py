"""How one source writes down a person: the small differences that make cross-source dedupe hard.

Every function takes the source's ``Random`` so a source's noise is reproducible on its own.
"""

from __future__ import annotations

from functools import cache
from random import Random

import phonenumbers

from talentscout.demo.model import Person, Phone
from talentscout.demo.places import LINKEDIN_SUBDOMAIN
from talentscout.demo.text import ascii_fold
from talentscout.demo.work import LOCAL_TITLES

_TITLE_SUFFIXES = (", Payments", ", Platform", " – Growth", ", EMEA", " (Contract)", " | Remote")
#: where "00" is the international prefix, so people write 0049…; and where "+49 (0)151…" is common
_DIALS_00 = frozenset({"DE", "FR", "ES", "PL", "GB", "IN", "CN"})
_WRITES_TRUNK_ZERO = frozenset({"DE", "GB", "FR"})
_NURSE_SUFFIXES = (" – ICU", ", Night Shift", " – Emergency Department", ", Cardiology")


def written_name(p: Person, rng: Random) -> tuple[str, str]:
    """(given, family) as a source writes them: nickname, middle name, one surname, no accents…"""
    given, family = p.given, p.family
    roll = rng.random()
    if roll < 0.12 and p.nickname:
        given = p.nickname
    elif roll < 0.22 and p.middle:
        given = f"{given} {p.middle}"
    elif roll < 0.27 and p.middle and p.origin == "anglo":
        given = f"{given} {p.middle[0]}."
    elif roll < 0.40 and " " in family:
        family = family.split()[0]
    elif roll < 0.50:
        german = p.origin == "de" and rng.random() < 0.5
        given, family = ascii_fold(given, german=german), ascii_fold(family, german=german)
    elif roll < 0.56 and p.origin == "cn":
        given, family = family, given
    return given, family


@cache
def _formats(calling_code: int, nsn: str) -> tuple[str, str]:
    """(international, national) formatting of a number; formatting is the slow part, so it is cached."""
    number = phonenumbers.PhoneNumber(country_code=calling_code, national_number=int(nsn))
    intl = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return intl, phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def phone_text(phone: Phone, rng: Random) -> str:
    """One number, written the way people actually type it."""
    style = rng.choices(
        ("intl", "national", "e164", "compact", "00", "dashed", "trunk"), (35, 25, 12, 8, 6, 6, 8)
    )[0]
    intl, national = _formats(phone.country.calling_code, phone.nsn)
    if style == "national":
        return national
    if style == "e164":
        return phone.e164
    if style == "compact":
        return "".join(ch for ch in national if ch.isdigit())
    if style == "00" and phone.country.iso in _DIALS_00:
        return "00" + intl[1:]
    if style == "dashed":
        return intl.replace(" ", "-")
    if style == "trunk" and phone.country.iso in _WRITES_TRUNK_ZERO:
        return f"+{phone.country.calling_code} (0){national[1:]}"
    return intl


def linkedin_canonical(p: Person) -> str:
    return f"https://www.linkedin.com/in/{p.linkedin}"


def linkedin_url(p: Person, rng: Random) -> str:
    """The profile URL as pasted: country subdomain, tracking query string, trailing slash, no scheme."""
    slug = p.linkedin
    sub = LINKEDIN_SUBDOMAIN.get(p.country.iso)
    return rng.choices(
        (
            f"https://www.linkedin.com/in/{slug}",
            f"https://www.linkedin.com/in/{slug}/",
            f"linkedin.com/in/{slug}",
            f"https://{sub}.linkedin.com/in/{slug}?originalSubdomain={sub}"
            if sub
            else f"http://linkedin.com/in/{slug}",
            f"https://{sub}.linkedin.com/in/{slug}/" if sub else f"https://www.linkedin.com/in/{slug}/",
            f"https://www.linkedin.com/in/{slug}?utm_source=share&utm_campaign=share_via"
            "&utm_content=profile&utm_medium=android_app",
            f"www.linkedin.com/in/{slug}",
        ),
        (30, 15, 12, 16, 8, 12, 7),
    )[0]


def github_url(p: Person, rng: Random) -> str:
    return rng.choice(("https://github.com/", "https://github.com/", "github.com/")) + str(p.github)


def title_text(p: Person, rng: Random) -> str:
    """The current title in other words: a synonym, "Sr." for "Senior", the local language, a team."""
    occupation = p.occupation
    base = p.title_group[0] if rng.random() < 0.55 else rng.choice(p.title_group)
    local = LOCAL_TITLES.get(p.title_group[0], {}).get(p.country.iso)
    if local and rng.random() < 0.25:
        base = local[1] if p.female else local[0]
    prefix = {
        "junior": rng.choice(occupation.junior_prefixes),
        "mid": "",
        "senior": rng.choice(occupation.senior_prefixes),
        "lead": rng.choice(occupation.lead_prefixes),
    }[p.seniority]
    title = prefix + base
    if rng.random() < 0.08:
        title += rng.choice(_NURSE_SUFFIXES if occupation.key == "nursing" else _TITLE_SUFFIXES)
    return title


def location_text(p: Person, rng: Random) -> str:
    city, country = p.city, p.country
    return rng.choices(
        (
            f"{city.name}, {country.name}",
            f"{city.alt or city.name}, {country.local_name}",
            f"{city.name}, {city.region}, {country.name}",
            city.name,
            f"{city.name}, {country.iso}",
            f"{city.name} Metropolitan Area",
        ),
        (40, 15, 15, 10, 12, 8),
    )[0]


def email(p: Person, rng: Random, *, work_share: float) -> str:
    """The personal address, or (``work_share`` of the time, when known) the work one."""
    if p.work_email and rng.random() < work_share:
        return p.work_email
    return p.personal_email


def contact_phone(p: Person) -> Phone:
    """Relatives who share a household give the household number; everyone else their mobile."""
    return p.home_phone or p.mobile


def headline(p: Person, rng: Random) -> str:
    """A profile headline: "Senior Data Scientist at Banco Alcázar | Python · NLP"."""
    top = " · ".join(p.skills[:3])
    return rng.choice(
        (
            f"{title_text(p, rng)} at {p.employer.name}",
            f"{title_text(p, rng)} at {p.employer.name} | {top}",
            f"{title_text(p, rng)} | {top}",
        )
    )


def phone_uri(phone: Phone) -> str:
    """RFC 3966 global number, as vCard 4.0 ``VALUE=uri`` phones are written: +49-151-23456789."""
    number = phonenumbers.PhoneNumber(country_code=phone.country.calling_code, national_number=int(phone.nsn))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.RFC3966).removeprefix("tel:")
