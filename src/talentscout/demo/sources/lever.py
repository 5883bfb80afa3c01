"""A Lever-style export of 2024–2025 opportunities (one per candidate), archived with a reason."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from random import Random
from typing import Any

from talentscout.demo import noise
from talentscout.demo.model import Person, day_between
from talentscout.demo.sources import ats
from talentscout.demo.sources.output import write_json_array
from talentscout.demo.sources.truth import TruthRow

STAGES = ("New applicant", "Recruiter screen", "Phone interview", "Assessment", "On-site interview", "Offer")
LATE_STAGES = frozenset({"On-site interview", "Offer"})
_EARLY_REASONS = ("Underqualified", "Unresponsive", "Timing", "Withdrew")
_LATE_REASONS = ("Position filled", "Offer declined", "Hired elsewhere", "Timing")
_ORIGINS = ("applied", "applied", "sourced", "referred")


def write(path: Path, people: Sequence[Person], rng: Random) -> list[TruthRow]:
    opportunities = [_opportunity(p, rng) for p in people]
    write_json_array(path, opportunities)
    return [
        TruthRow(i, o["id"], p.key) for i, (o, p) in enumerate(zip(opportunities, people, strict=True), 1)
    ]


def _uuid(rng: Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _opportunity(p: Person, rng: Random) -> dict[str, Any]:
    created = day_between(rng, date(2024, 1, 8), date(2025, 11, 28))
    given, family = noise.written_name(p, rng)
    stage = STAGES[ats.stage_index(rng, STAGES)]
    archived_at = ats.epoch_ms(created + timedelta(days=rng.randint(5, 80)), rng)
    reason = rng.choice(_LATE_REASONS if stage in LATE_STAGES else _EARLY_REASONS)
    posting = ats.posting(p, rng)
    links = [noise.linkedin_url(p, rng)] if p.linkedin else []
    links += [noise.github_url(p, rng)] if p.github else []
    return {
        "id": _uuid(rng),
        "name": f"{given} {family}",
        "contact": _uuid(rng),
        "headline": noise.headline(p, rng),
        "emails": _emails(p, rng),
        "phones": [
            {
                "type": "home" if p.home_phone else "mobile",
                "value": noise.phone_text(noise.contact_phone(p), rng),
            }
        ],
        "links": links,
        "location": noise.location_text(p, rng),
        "tags": [*p.skills[:2], *p.tags[:1]],
        "sources": [rng.choice(("LinkedIn", "Job board", "Company website", "Referral"))],
        "origin": rng.choice(_ORIGINS),
        "stage": stage,
        "archived": {"reason": reason, "archivedAt": archived_at},
        "applications": [
            {
                "id": _uuid(rng),
                "type": "posting",
                "posting": _uuid(rng),
                "postingTitle": posting,
                "createdAt": ats.epoch_ms(created, rng),
            }
        ],
        "createdAt": ats.epoch_ms(created, rng),
        "lastInteractionAt": archived_at,
    }


def _emails(p: Person, rng: Random) -> list[str]:
    emails = [p.personal_email]
    if p.work_email and rng.random() < 0.3:
        emails.append(p.work_email)
    return emails
