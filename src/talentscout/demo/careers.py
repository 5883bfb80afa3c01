"""Careers of the ground-truth people: titles, employers, dated jobs, studies, skills and tags."""

from __future__ import annotations

from datetime import date
from functools import cache
from random import Random

from talentscout.demo.model import ANCHOR, Job, Study
from talentscout.demo.places import BY_ISO, City, Country
from talentscout.demo.work import COMPANIES, GENERAL_SKILLS, Company, Occupation

SENIORITIES = ("junior", "mid", "senior", "lead")
_SENIORITY_WEIGHTS = (20, 35, 32, 13)
_YEARS = {"junior": (1, 3), "mid": (3, 7), "senior": (6, 14), "lead": (10, 22)}
_HOME_OF_ORIGIN = {
    "de": "DE",
    "fr": "FR",
    "es": "ES",
    "in": "IN",
    "cn": "CN",
    "ng": "NG",
    "br": "BR",
    "pl": "PL",
}
TAGS = (
    "relocation-ok",
    "remote-only",
    "open-to-contract",
    "needs-visa",
    "team-lead",
    "open-source",
    "ex-founder",
    "passive",
    "hot-lead",
    "part-time",
)


def pick_seniority(rng: Random) -> str:
    return rng.choices(SENIORITIES, _SENIORITY_WEIGHTS)[0]


def title_for(occupation: Occupation, group: tuple[str, ...], seniority: str) -> str:
    """The title as the person writes it on their own profile (the first, plainest wording)."""
    prefix = {
        "junior": occupation.junior_prefixes[0],
        "mid": "",
        "senior": occupation.senior_prefixes[0],
        "lead": occupation.lead_prefixes[0],
    }[seniority]
    return prefix + group[0]


def pick_employer(
    rng: Random, occupation: Occupation, country: Country, avoid: Company | None = None
) -> Company:
    """A local employer of the right kind most of the time, else one that hires everywhere; not ``avoid``."""
    kind = rng.choice(occupation.kinds)
    fitting = _employers(kind, country.iso)
    local = [c for c in fitting if c.country == country.iso and c is not avoid]
    anywhere = [c for c in fitting if c.country is None and c is not avoid]
    if local and (kind == "health" or not anywhere or rng.random() < 0.7):
        return rng.choice(local)
    return rng.choice(anywhere or fitting)


@cache
def _employers(kind: str, iso: str) -> tuple[Company, ...]:
    return tuple(c for c in COMPANIES if kind in c.kinds and c.country in (iso, None))


def _months_before(day: date, months: int) -> date:
    index = _month_index(day) - months
    return date(index // 12, index % 12 + 1, 1)


def career(
    rng: Random, occupation: Occupation, group: tuple[str, ...], seniority: str, country: Country, city: City
) -> tuple[Job, ...]:
    """The current job first, then 1–4 earlier ones back to the first day of the career, without overlaps."""
    low, high = _YEARS[seniority]
    current = _months_before(ANCHOR, rng.randint(3, 60))
    first_day = _months_before(ANCHOR, 12 * rng.randint(low, high) + rng.randint(0, 11))
    first_day = min(first_day, _months_before(current, 12))
    employer = pick_employer(rng, occupation, country)
    jobs = [Job(employer, title_for(occupation, group, seniority), current, None, city)]
    span = _month_index(current) - _month_index(first_day)
    count = max(1, min(rng.randint(1, 4), span // 12))
    cuts = sorted(rng.sample(range(1, span), count - 1)) if count > 1 else []
    level = SENIORITIES.index(seniority)
    for months in (b - a for a, b in zip([0, *cuts], [*cuts, span], strict=True)):
        end = _months_before(jobs[-1].start, 1)
        start = _months_before(jobs[-1].start, max(months, 6))
        level = max(0, level - rng.choice((0, 1, 1)))
        past_group = group if rng.random() < 0.7 else rng.choice(occupation.titles)
        employer = pick_employer(rng, occupation, country, avoid=jobs[-1].employer)
        jobs.append(Job(employer, title_for(occupation, past_group, SENIORITIES[level]), start, end, city))
    return tuple(jobs)


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def studies(
    rng: Random, occupation: Occupation, country: Country, origin: str, career_start: date
) -> tuple[Study, ...]:
    """A bachelor's degree finished the year the career began, and sometimes a master's before it."""
    home = country if country.origin == origin or (origin == "es" and country.iso == "US") else None
    home = home or BY_ISO.get(_HOME_OF_ORIGIN.get(origin, ""), BY_ISO["GB"])
    field = rng.choice(occupation.fields)
    end = career_start.year
    result = []
    if occupation.key in ("data", "software", "finance") and rng.random() < 0.45:
        result.append(Study(rng.choice(home.schools), home.degrees[1], field, end - 2, end))
        end -= 2
    result.append(Study(rng.choice(home.schools), home.degrees[0], field, end - rng.choice((3, 4)), end))
    return tuple(result)


def skills(rng: Random, occupation: Occupation) -> tuple[str, ...]:
    """3–10 skills: mostly from the occupation, sometimes a general one."""
    picked = rng.sample(occupation.skills, rng.randint(3, 9))
    if rng.random() < 0.4:
        picked.append(rng.choice(GENERAL_SKILLS))
    return tuple(picked)


def tags(rng: Random) -> tuple[str, ...]:
    return tuple(rng.sample(TAGS, rng.choice((0, 0, 1, 1, 2, 3))))


def languages(rng: Random, country: Country, origin: str) -> tuple[str, ...]:
    home = BY_ISO.get(_HOME_OF_ORIGIN.get(origin, ""), country)
    spoken = [home.language, "English", country.language]
    if rng.random() < 0.15:
        spoken.append(rng.choice(("French", "Spanish", "German", "Portuguese")))
    return tuple(dict.fromkeys(spoken))
