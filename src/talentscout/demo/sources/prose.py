"""The sentences résumés are made of: a summary and achievement bullets, filled from the person."""

from __future__ import annotations

from random import Random

from talentscout.demo.model import Person


def summary(p: Person, title: str) -> str:
    skills = ", ".join(p.skills[:3])
    return p.occupation.summary.format(title=title, years=p.years, skills=skills)


def bullets(p: Person, rng: Random, count: int) -> list[str]:
    templates = rng.sample(p.occupation.bullets, min(count, len(p.occupation.bullets)))
    own = [s for s in p.skills if s in p.occupation.skills] or list(p.skills)
    return [
        t.format(skill=rng.choice(own), n=rng.choice((3, 4, 5, 12, 15, 20, 25, 30, 40))) for t in templates
    ]
