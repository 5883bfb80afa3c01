"""vCard 4.0 (RFC 6350) badge scans from a meetup's lead-capture app: one card per scanned badge."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from random import Random

from talentscout.demo import noise
from talentscout.demo.model import Person
from talentscout.demo.sources.truth import TruthRow

EVENT = "Berlin Tech Meetup"
_EVENINGS = (("#41", date(2026, 5, 14)), ("#42", date(2026, 7, 9)), ("#43", date(2026, 9, 17)))
_REMARKS = (
    "Interested in platform roles.",
    "Asked about remote options.",
    "Gave a lightning talk on {skill}.",
    "Wants to move into management in the next year.",
    "Follow up in Q1; happy where they are for now.",
    "Looking for a role with more {skill}.",
    "",
)


def write(path: Path, people: Sequence[Person], rng: Random) -> list[TruthRow]:
    cards, truth = [], []
    for number, p in enumerate(people, start=1):
        uid = f"urn:uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}"
        cards.append(_card(p, rng, uid))
        truth.append(TruthRow(number, uid, p.key))
    path.write_bytes("".join(cards).encode("utf-8"))
    return truth


def escape(value: str) -> str:
    """RFC 6350 §3.4: backslash, comma, semicolon and newline are escaped in text values."""
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def fold(line: str) -> str:
    """RFC 6350 §3.2: lines longer than 75 octets continue on the next line after a space."""
    out, current, limit = [], b"", 75
    for ch in line:
        encoded = ch.encode("utf-8")
        if len(current) + len(encoded) > limit:
            out.append(current)
            current, limit = b" ", 75
        current += encoded
    out.append(current)
    return "\r\n".join(part.decode("utf-8") for part in out) + "\r\n"


def _card(p: Person, rng: Random, uid: str) -> str:
    given, family = noise.written_name(p, rng)
    evening, day = rng.choice(_EVENINGS)
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"UID:{uid}",
        f"FN:{escape(f'{given} {family}')}",
        f"N:{escape(family)};{escape(given)};;;",
        f"ORG:{escape(p.employer.name)}",
        f"TITLE:{escape(noise.title_text(p, rng))}",
    ]
    email = noise.email(p, rng, work_share=0.6)
    lines.append(f"EMAIL;TYPE={'work' if email == p.work_email else 'home'}:{email}")
    if rng.random() < 0.7:
        phone = noise.phone_text(noise.contact_phone(p), rng)
        lines.append(
            f"TEL;VALUE=uri;TYPE=cell:tel:{noise.phone_uri(noise.contact_phone(p))}"
            if rng.random() < 0.15
            else f"TEL;TYPE=cell:{escape(phone)}"
        )
    lines.append(f"ADR;TYPE=work:;;;{escape(p.city.name)};;;{escape(p.country.name)}")
    if p.linkedin and rng.random() < 0.5:
        lines.append(f"URL:{noise.linkedin_url(p, rng)}")
    lines.append(f"CATEGORIES:{escape(EVENT)},{escape(p.occupation.key)}")
    remark = rng.choice(_REMARKS).format(skill=rng.choice(p.skills))
    lines.append(f"NOTE:{escape(f'Scanned at {EVENT} {evening} on {day.isoformat()}. {remark}'.strip())}")
    lines.append(f"REV:{day.strftime('%Y%m%d')}T{rng.randint(18, 21):02d}{rng.randint(0, 59):02d}00Z")
    lines.append("END:VCARD")
    return "".join(fold(line) for line in lines)
