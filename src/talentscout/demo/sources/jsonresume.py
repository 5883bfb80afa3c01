"""An array of JSON Resume 1.0.0 documents (https://jsonresume.org/schema), as published on profiles."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from random import Random
from typing import Any

from talentscout.demo import noise
from talentscout.demo.model import ANCHOR, Person, day_between
from talentscout.demo.sources import prose
from talentscout.demo.sources.output import write_json_array
from talentscout.demo.sources.truth import TruthRow

SCHEMA = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
_AREAS = {
    "software": "Software development",
    "data": "Data science",
    "devops": "Infrastructure",
    "design": "Design",
    "product": "Product management",
    "sales": "Sales",
    "marketing": "Marketing",
    "finance": "Finance",
    "nursing": "Clinical practice",
}
_FLUENCY = {0: "Native speaker", 1: "Full professional proficiency", 2: "Professional working proficiency"}


def write(path: Path, people: Sequence[Person], rng: Random) -> list[TruthRow]:
    """The id is ``basics.email``, which is what a JSON Resume importer keys on (the format has no id)."""
    documents = [_resume(p, rng) for p in people]
    write_json_array(path, documents)
    return [
        TruthRow(i, d["basics"]["email"], p.key)
        for i, (d, p) in enumerate(zip(documents, people, strict=True), 1)
    ]


def _month(day: date | None) -> str | None:
    return f"{day.year}-{day.month:02d}" if day else None


def _resume(p: Person, rng: Random) -> dict[str, Any]:
    given, family = noise.written_name(p, rng)
    label = noise.title_text(p, rng)
    modified = day_between(rng, date(2024, 1, 1), ANCHOR)
    return {
        "$schema": SCHEMA,
        "basics": _basics(p, rng, f"{given} {family}", label),
        "work": [_job(p, rng, i) for i in range(len(p.jobs))],
        "education": [
            {
                "institution": s.school,
                "area": s.field,
                "studyType": s.degree,
                "startDate": str(s.start),
                "endDate": str(s.end),
            }
            for s in p.studies
        ],
        "skills": _skills(p, rng),
        "languages": [
            {"language": lang, "fluency": _FLUENCY.get(i, "Elementary proficiency")}
            for i, lang in enumerate(p.languages)
        ],
        "meta": {"version": "v1.0.0", "lastModified": f"{modified.isoformat()}T09:00:00"},
    }


def _basics(p: Person, rng: Random, name: str, label: str) -> dict[str, Any]:
    profiles = []
    if p.linkedin:
        profiles.append({"network": "LinkedIn", "username": p.linkedin, "url": noise.linkedin_url(p, rng)})
    if p.github:
        profiles.append({"network": "GitHub", "username": p.github, "url": noise.github_url(p, rng)})
    basics: dict[str, Any] = {"name": name, "label": label, "email": noise.email(p, rng, work_share=0.1)}
    if rng.random() < 0.6:
        basics["phone"] = noise.phone_text(noise.contact_phone(p), rng)
    basics["summary"] = prose.summary(p, label)
    basics["location"] = {"city": p.city.name, "countryCode": p.country.iso, "region": p.city.region}
    basics["profiles"] = profiles
    return basics


def _job(p: Person, rng: Random, index: int) -> dict[str, Any]:
    job = p.jobs[index]
    entry: dict[str, Any] = {
        "name": job.employer.name,
        "position": noise.title_text(p, rng) if index == 0 else job.title,
        "url": f"https://www.{job.employer.domain}",
        "startDate": _month(job.start),
    }
    if job.end:
        entry["endDate"] = _month(job.end)
    entry["highlights"] = prose.bullets(p, rng, 2 if index == 0 else 1)
    return entry


def _skills(p: Person, rng: Random) -> list[dict[str, Any]]:
    if rng.random() < 0.5:
        return [{"name": _AREAS[p.occupation.key], "level": "Advanced", "keywords": list(p.skills)}]
    return [{"name": s, "level": rng.choice(("Intermediate", "Advanced", "Expert"))} for s in p.skills]
