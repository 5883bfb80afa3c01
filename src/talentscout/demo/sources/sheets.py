"""Spreadsheets people send: the employee-referral form and two agencies' submission sheets.

Each comes with the column mapping a recruiter would choose on the import page. A few rows are
deliberately bad (see ``truth``) so the import report has something to show.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from random import Random

from talentscout.demo import noise
from talentscout.demo.model import Person, day_between
from talentscout.demo.sources import ats
from talentscout.demo.sources.truth import (
    HTML_IN_NAME,
    INVALID_EMAIL,
    INVALID_PHONE,
    NO_NAME_OR_CONTACT,
    TruthRow,
)

Row = list[str]

REFERRAL_MAPPING = {
    "Referrer": "referred_by",
    "Candidate name": "full_name",
    "Email": "emails",
    "Phone": "phones",
    "LinkedIn": "urls",
    "Current company": "current_employer",
    "Role": "current_title",
    "Location": "location",
    "Why": "notes",
}
TALENTBRIDGE_MAPPING = {
    "First name": "given_name",
    "Last name": "family_name",
    "E-mail": "emails",
    "Mobile": "phones",
    "Current position": "current_title",
    "Current employer": "current_employer",
    "City": "city",
    "Country": "country",
    "Skills": "skills",
    "Consultant notes": "notes",
    "Agency": "agency",
}
HIREWELL_MAPPING = {
    "Name": "full_name",
    "Email Address": "emails",
    "Phone Number": "phones",
    "LinkedIn Profile": "urls",
    "Title": "current_title",
    "Company": "current_employer",
    "Location": "location",
    "Key Skills": "skills",
    "Recruiter Comments": "notes",
    "Supplier": "agency",
}
_REFERRERS = (
    "Eve Evans",
    "Eve Evans",
    "Tobias Brandt",
    "Priya Nair",
    "Sam O'Connor",
    "Lucía Romero",
    "Kwame Mensah",
)


def _save(path: Path, header: Sequence[str], rows: Sequence[Row], *, encoding: str = "utf-8") -> None:
    with path.open("w", encoding=encoding, newline="") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        out.writerows(rows)


def _with_defects(
    people: Sequence[Person],
    rng: Random,
    count: int,
    kinds: Sequence[str],
    make: Callable[[Person, str, int], Row],
) -> tuple[list[Row], list[TruthRow]]:
    """Rows for ``people``; ``count`` rows of each kind in ``kinds``, at random places, get that defect."""
    spots = rng.sample(range(len(people)), min(len(people), count * len(kinds)))
    defect = {spot: kinds[n // count] for n, spot in enumerate(spots)}
    rows: list[Row] = []
    truth: list[TruthRow] = []
    for i, p in enumerate(people):
        kind = defect.get(i, "")
        rows.append(make(p, kind, len(rows) + 1))
        truth.append(TruthRow(len(rows), rows[-1][0], p.key, kind))
    return rows, truth


def write_referrals(path: Path, people: Sequence[Person], rng: Random, *, junk: int) -> list[TruthRow]:
    """The referral form export; ``junk`` rows name nobody and give no contact (rejected on import)."""
    header = ["Referral ID", "Submitted", *REFERRAL_MAPPING]
    rows, truth = [], []
    junk_at = set(rng.sample(range(len(people) + junk), junk))
    queue = iter(people)
    for number in range(1, len(people) + junk + 1):
        submitted = day_between(rng, date(2025, 1, 6), date(2026, 10, 30)).isoformat()
        ident, referrer = f"REF-{number:05d}", rng.choice(_REFERRERS)
        if number - 1 in junk_at:
            rows.append(
                [ident, submitted, referrer, "", "", "", "", "", "", "", "Will send the CV next week"]
            )
            truth.append(TruthRow(number, ident, "", NO_NAME_OR_CONTACT))
            continue
        p = next(queue)
        rows.append([ident, submitted, referrer, *_referral(p, rng)])
        truth.append(TruthRow(number, ident, p.key))
    _save(path, header, rows)
    return truth


def _referral(p: Person, rng: Random) -> Row:
    given, family = noise.written_name(p, rng)
    email = noise.email(p, rng, work_share=0.3) if rng.random() < 0.9 else ""
    phone = noise.phone_text(noise.contact_phone(p), rng) if rng.random() < 0.6 else ""
    link = noise.linkedin_url(p, rng) if p.linkedin and rng.random() < 0.7 else ""
    return [
        f"{given} {family}",
        email,
        phone,
        link,
        p.employer.name,
        noise.title_text(p, rng),
        noise.location_text(p, rng),
        _why(p, rng),
    ]


def _why(p: Person, rng: Random) -> str:
    them = "her" if p.female else "him"
    past = p.jobs[-1].employer.name
    return rng.choice(
        (
            f"Worked with {them} at {past} for {rng.randint(2, 5)} years, excellent {rng.choice(p.skills)}.",
            f"Ex-colleague from {past}; strong in {rng.choice(p.skills)} and great with people.",
            f"Met {them} at a {rng.choice(p.skills)} meetup, very sharp.",
            f"Studied together at {p.studies[-1].school}.",
            "Friend of a friend, looking for a change next year.",
        )
    )


def write_talentbridge(path: Path, people: Sequence[Person], rng: Random, *, bad: int) -> list[TruthRow]:
    """Talentbridge's sheet: split names, Country column, skills separated by ``;``."""
    header = ["Candidate ID", *TALENTBRIDGE_MAPPING, "Submitted for"]
    ids = rng.sample(range(10_000, 99_999), len(people))

    def make(p: Person, defect: str, number: int) -> Row:
        given, family = noise.written_name(p, rng)
        email = noise.email(p, rng, work_share=0.1)
        if defect == INVALID_EMAIL:
            email = email.split("@")[0] + "@"
        notice = rng.choice(("1 month", "2 months", "3 months", "6 weeks"))
        notes = f"Notice period {notice}; expects EUR {rng.randint(55, 120)}k."
        city = p.city.alt if p.city.alt and rng.random() < 0.3 else p.city.name
        return [
            f"TB-{ids[number - 1]}",
            given,
            family,
            email,
            noise.phone_text(noise.contact_phone(p), rng),
            noise.title_text(p, rng),
            p.employer.name,
            city,
            p.country.name,
            "; ".join(p.skills),
            notes,
            "Talentbridge",
            ats.posting(p, rng),
        ]

    rows, truth = _with_defects(people, rng, bad, (INVALID_EMAIL,), make)
    _save(path, header, rows)
    return truth


def write_hirewell(path: Path, people: Sequence[Person], rng: Random, *, bad: int) -> list[TruthRow]:
    """Hirewell's sheet, saved from Excel as "CSV UTF-8" (with a byte-order mark)."""
    header = ["Ref", *HIREWELL_MAPPING, "Role"]
    ids = rng.sample(range(5_000, 9_999), len(people))

    def make(p: Person, defect: str, number: int) -> Row:
        given, family = noise.written_name(p, rng)
        name = f"<b>{given}</b> {family}" if defect == HTML_IN_NAME else f"{given} {family}"
        phone = "12" if defect == INVALID_PHONE else noise.phone_text(noise.contact_phone(p), rng)
        link = noise.linkedin_url(p, rng) if p.linkedin else ""
        comment = f"Strong {rng.choice(p.skills)} background; available in {rng.choice((4, 6, 8, 12))} weeks."
        return [
            f"HW-{ids[number - 1]}",
            name,
            noise.email(p, rng, work_share=0.1),
            phone,
            link,
            noise.title_text(p, rng),
            p.employer.name,
            noise.location_text(p, rng),
            ", ".join(p.skills),
            comment,
            "Hirewell",
            ats.posting(p, rng),
        ]

    rows, truth = _with_defects(people, rng, bad, (INVALID_PHONE, HTML_IN_NAME), make)
    _save(path, header, rows, encoding="utf-8-sig")
    return truth
