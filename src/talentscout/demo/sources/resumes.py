"""A CV database: one plain-text résumé per file, laid out the way people write them."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Container, Sequence
from datetime import date
from pathlib import Path
from random import Random

from talentscout.demo import noise
from talentscout.demo.model import Job, Person, month_name
from talentscout.demo.sources import prose
from talentscout.demo.sources.truth import TruthRow
from talentscout.demo.text import ascii_fold

_FILENAMES = (
    "CV_{G}_{F}.txt",
    "{g}_{f}_resume.txt",
    "Resume - {G} {F}.txt",
    "{F}{G}_CV_2025.txt",
    "cv-{g}-{f}.txt",
)
_LEVELS = ("native", "fluent", "professional working proficiency", "B2")


def write(folder: Path, people: Sequence[Person], rng: Random) -> list[TruthRow]:
    """Write ``folder/*.txt`` (removing résumés a previous run left there); rows follow file-name order.

    The id is the SHA-256 of the file's bytes, as the résumé importer computes it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    owners: dict[str, tuple[str, str]] = {}
    for p in people:
        name = _filename(p, rng, owners)
        data = (_classic(p, rng) if rng.random() < 0.6 else _modern(p, rng)).encode("utf-8")
        (folder / name).write_bytes(data)
        owners[name] = (p.key, hashlib.sha256(data).hexdigest())
    return [
        TruthRow(i, digest, key, file=name)
        for i, (name, (key, digest)) in enumerate(sorted(owners.items()), start=1)
    ]


def _filename(p: Person, rng: Random, taken: Container[str]) -> str:
    g, f = (re.sub(r"[^A-Za-z0-9]", "", ascii_fold(part)) for part in (p.given, p.family.split()[0]))
    name = rng.choice(_FILENAMES).format(G=g, F=f, g=g.lower(), f=f.lower())
    stem, n = name.removesuffix(".txt"), 2
    while name in taken:
        name, n = f"{stem} ({n}).txt", n + 1
    return name


def _span(job: Job, dash: str) -> str:
    def month(day: date) -> str:
        return f"{month_name(day)} {day.year}"

    return f"{month(job.start)}{dash}{month(job.end) if job.end else 'Present'}"


def _contact(p: Person, rng: Random) -> list[str]:
    parts = [noise.email(p, rng, work_share=0.05), noise.phone_text(noise.contact_phone(p), rng)]
    if p.linkedin:
        parts.append(noise.linkedin_url(p, rng).removeprefix("https://").removeprefix("www."))
    return parts


def _name(p: Person, rng: Random) -> str:
    given, family = noise.written_name(p, rng)
    return f"{given} {family}"


def _classic(p: Person, rng: Random) -> str:
    title = noise.title_text(p, rng)
    name = _name(p, rng)
    lines = [
        name.upper() if rng.random() < 0.5 else name,
        title,
        " | ".join(_contact(p, rng)),
        noise.location_text(p, rng),
        "",
        "SUMMARY",
        prose.summary(p, title),
        "",
        "EXPERIENCE",
    ]
    for i, job in enumerate(p.jobs):
        lines += [
            f"{title if i == 0 else job.title} — {job.employer.name}, {job.city.name}",
            _span(job, " – "),
        ]
        lines += [f"• {b}" for b in prose.bullets(p, rng, 3 if i == 0 else 2)] + [""]
    lines += ["EDUCATION"] + [f"{s.degree} in {s.field} — {s.school}, {s.start} – {s.end}" for s in p.studies]
    lines += ["", "SKILLS", ", ".join(p.skills), "", "LANGUAGES", _languages(p)]
    return "\n".join(lines) + "\n"


def _modern(p: Person, rng: Random) -> str:
    title = noise.title_text(p, rng)
    email, phone, *link = _contact(p, rng)
    lines = [_name(p, rng), f"Email: {email}  ·  Phone: {phone}"]
    lines += [f"LinkedIn: https://{link[0]}"] if link else []
    lines += [
        f"Location: {noise.location_text(p, rng)}",
        "",
        "PROFILE",
        prose.summary(p, title),
        "",
        "WORK EXPERIENCE",
    ]
    for i, job in enumerate(p.jobs):
        lines += [f"{job.employer.name} | {title if i == 0 else job.title}", _span(job, " - ")]
        lines += [f"- {b}" for b in prose.bullets(p, rng, 2)] + [""]
    lines += ["EDUCATION"]
    for s in p.studies:
        lines += [s.school, f"{s.degree} in {s.field}, {s.start} – {s.end}"]
    lines += ["", "TECHNICAL SKILLS" if p.occupation.tech else "SKILLS", " · ".join(p.skills)]
    return "\n".join(lines) + "\n"


def _languages(p: Person) -> str:
    return ", ".join(f"{lang} ({_LEVELS[min(i, len(_LEVELS) - 1)]})" for i, lang in enumerate(p.languages))
