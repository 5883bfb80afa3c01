"""A Greenhouse Harvest-style export of 2023 applicants: candidates with their applications."""

from __future__ import annotations

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

STAGES = (
    "Application Review",
    "Recruiter Screen",
    "Hiring Manager Interview",
    "Take Home Test",
    "Onsite Interview",
    "Offer",
)
LATE_STAGES = frozenset({"Onsite Interview", "Offer"})
_WE = {"id": 1, "name": "We rejected them"}
_THEY = {"id": 2, "name": "They rejected us"}
_EARLY_REASONS = (
    ("Lacking skill(s)/qualification(s)", _WE),
    ("Compensation expectations", _WE),
    ("Unresponsive", _WE),
    ("Withdrew", _THEY),
)
_LATE_REASONS = (
    ("Hired another candidate", _WE),
    ("Position closed", _WE),
    ("Accepted another offer", _THEY),
    ("Offer declined", _THEY),
)
_REASON_IDS = {name: 9001 + i for i, (name, _) in enumerate(_EARLY_REASONS + _LATE_REASONS)}
_RECRUITER = {"id": 4080101, "first_name": "Alice", "last_name": "Archer", "name": "Alice Archer"}
_SOURCES = ("LinkedIn", "Company Website", "Referral", "Indeed", "AngelList")


def write(path: Path, people: Sequence[Person], rng: Random) -> list[TruthRow]:
    ids = rng.sample(range(31_000_000, 39_000_000), len(people) * 3)
    candidates = [_candidate(p, rng, ids[3 * i : 3 * i + 3]) for i, p in enumerate(people)]
    write_json_array(path, candidates)
    return [
        TruthRow(i, str(c["id"]), c_p.key)
        for i, (c, c_p) in enumerate(zip(candidates, people, strict=True), 1)
    ]


def _candidate(p: Person, rng: Random, ids: list[int]) -> dict[str, Any]:
    applied = day_between(rng, date(2023, 1, 9), date(2023, 10, 15))
    then = ats.job_on(p, applied)
    given, family = noise.written_name(p, rng)
    count = rng.choice((1, 1, 1, 1, 2))
    apps = [_application(p, rng, ids[1 + n], ids[0], applied + timedelta(days=45 * n)) for n in range(count)]
    late = any(a["current_stage"]["name"] in LATE_STAGES for a in apps)
    return {
        "id": ids[0],
        "first_name": given,
        "last_name": family,
        "company": then.employer.name if then else None,
        "title": then.title if then else None,
        "created_at": ats.iso_z(applied, rng),
        "updated_at": ats.iso_z(applied + timedelta(days=90), rng),
        "is_private": False,
        "application_ids": [a["id"] for a in apps],
        "phone_numbers": _phones(p, rng),
        "addresses": [{"value": noise.location_text(p, rng), "type": "home"}],
        "email_addresses": _emails(p, rng),
        "website_addresses": [{"value": noise.github_url(p, rng), "type": "personal"}] if p.github else [],
        "social_media_addresses": [{"value": noise.linkedin_url(p, rng)}] if p.linkedin else [],
        "recruiter": _RECRUITER,
        "coordinator": None,
        "can_email": True,
        "tags": list(p.tags[:1]) + (["Keep warm"] if late else []),
        "applications": apps,
        "educations": _educations(p),
        "employments": _employments(p, applied),
    }


def _application(p: Person, rng: Random, app_id: int, candidate_id: int, applied: date) -> dict[str, Any]:
    stage = STAGES[ats.stage_index(rng, STAGES)]
    active = stage in STAGES[:2] and rng.random() < 0.1
    reason, kind = rng.choice(_LATE_REASONS if stage in LATE_STAGES else _EARLY_REASONS)
    closed = ats.iso_z(applied + timedelta(days=rng.randint(7, 70)), rng)
    source = rng.choice(_SOURCES)
    job = ats.posting(p, rng)
    return {
        "id": app_id,
        "candidate_id": candidate_id,
        "prospect": False,
        "applied_at": ats.iso_z(applied, rng),
        "rejected_at": None if active else closed,
        "last_activity_at": closed,
        "source": {"id": 3001 + _SOURCES.index(source), "public_name": source},
        "credited_to": _RECRUITER,
        "rejection_reason": None if active else {"id": _REASON_IDS[reason], "name": reason, "type": kind},
        "jobs": [{"id": ats.posting_id(job), "name": job}],
        "status": "active" if active else "rejected",
        "current_stage": {"id": 7_000_001 + STAGES.index(stage), "name": stage},
    }


def _phones(p: Person, rng: Random) -> list[dict[str, str]]:
    phones = [{"value": noise.phone_text(p.mobile, rng), "type": "mobile"}] if rng.random() < 0.8 else []
    if p.home_phone:
        phones.append({"value": noise.phone_text(p.home_phone, rng), "type": "home"})
    return phones


def _emails(p: Person, rng: Random) -> list[dict[str, str]]:
    roll = rng.random()
    emails = [{"value": p.personal_email, "type": "personal"}] if roll < 0.85 or not p.work_email else []
    if p.work_email and roll > 0.6:
        emails.append({"value": p.work_email, "type": "work"})
    return emails


def _educations(p: Person) -> list[dict[str, Any]]:
    return [
        {
            "school_name": s.school,
            "degree": s.degree,
            "discipline": s.field,
            "start_date": f"{s.start}-09-01T00:00:00.000Z",
            "end_date": f"{s.end}-07-31T00:00:00.000Z",
        }
        for s in p.studies
    ]


def _employments(p: Person, applied: date) -> list[dict[str, Any]]:
    return [
        {
            "company_name": j.employer.name,
            "title": j.title,
            "start_date": f"{j.start.isoformat()}T00:00:00.000Z",
            "end_date": f"{j.end.isoformat()}T00:00:00.000Z" if j.end and j.end <= applied else None,
        }
        for j in p.jobs
        if j.start <= applied
    ]
