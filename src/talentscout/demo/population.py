"""The ground-truth population: who the demo people really are, hard negatives included."""

from __future__ import annotations

from dataclasses import dataclass
from random import Random
from typing import NamedTuple

from talentscout.demo import careers, contacts
from talentscout.demo.model import Person, Phone
from talentscout.demo.names import NICKNAMES, POOLS, WESTERN_ALIASES, feminine_surname
from talentscout.demo.places import BY_ISO, COUNTRIES, City, Country
from talentscout.demo.work import BY_KEY, OCCUPATIONS, Company, Occupation

_MIGRANT_SHARE = 0.18


@dataclass(frozen=True)
class Sketch:
    """What is fixed about a person before the rest is drawn at random."""

    origin: str
    female: bool
    given: str
    middle: str | None
    family: str
    country: Country
    city: City
    occupation: Occupation
    home_phone: Phone | None = None
    hard_negative: str | None = None


def build_population(rng: Random, people: int) -> list[Person]:
    """``people`` people; the first few are the designed hard negatives, the rest are random."""
    reg = contacts.Registry()
    result = [_person(rng, reg, f"P{i + 1:05d}", s) for i, s in enumerate(_hard_negatives(rng, reg))]
    while len(result) < people:
        result.append(_person(rng, reg, f"P{len(result) + 1:05d}", _random_sketch(rng)))
    return result[:people]


def _random_sketch(rng: Random) -> Sketch:
    country = rng.choices(COUNTRIES, [c.weight for c in COUNTRIES])[0]
    origin = country.origin
    if rng.random() < _MIGRANT_SHARE:
        origin = rng.choice([o for o in POOLS if o != country.origin])
    female = rng.random() < 0.5
    given, middle, family = _name(rng, origin, female)
    city = rng.choices(country.cities, [len(country.cities) - i for i in range(len(country.cities))])[0]
    occupation = rng.choices(OCCUPATIONS, [o.weight for o in OCCUPATIONS])[0]
    return Sketch(origin, female, given, middle, family, country, city, occupation)


def _name(rng: Random, origin: str, female: bool) -> tuple[str, str | None, str]:
    pool = POOLS[origin]
    givens = pool.female if female else pool.male
    given = rng.choice(givens)
    middle = (
        rng.choice([g for g in givens if g != given]) if pool.middle_names and rng.random() < 0.4 else None
    )
    family = feminine_surname(rng.choice(pool.family), origin) if female else rng.choice(pool.family)
    if pool.double_surname and rng.random() < 0.8:
        family = f"{family} {rng.choice([f for f in pool.family if f != family])}"
    return given, middle, family


def _nickname(rng: Random, s: Sketch) -> str | None:
    if s.origin == "cn" and rng.random() < 0.3:
        return rng.choice(WESTERN_ALIASES[s.female])
    options = NICKNAMES.get(s.given)
    return rng.choice(options) if options and rng.random() < 0.7 else None


class _Contacts(NamedTuple):
    personal_email: str
    work_email: str | None
    mobile: Phone
    linkedin: str | None
    github: str | None


def _contacts(rng: Random, reg: contacts.Registry, s: Sketch, employer: Company) -> _Contacts:
    given, family, german = s.given, s.family, s.origin == "de"
    work = (
        contacts.work_email(rng, reg, employer, given, family, german=german) if rng.random() < 0.6 else None
    )
    on_linkedin = s.hard_negative is not None or rng.random() < 0.9  # hard negatives must reach LinkedIn
    linkedin = contacts.linkedin_slug(rng, reg, given, family, german=german) if on_linkedin else None
    on_github = s.occupation.tech and rng.random() < 0.5
    github = contacts.github_handle(rng, reg, given, family, german=german) if on_github else None
    personal = contacts.personal_email(rng, reg, s.country, given, family, german=german)
    return _Contacts(personal, work, contacts.phone(rng, reg, s.country, s.city), linkedin, github)


def _person(rng: Random, reg: contacts.Registry, key: str, s: Sketch) -> Person:
    group = rng.choice(s.occupation.titles)
    seniority = careers.pick_seniority(rng)
    jobs = careers.career(rng, s.occupation, group, seniority, s.country, s.city)
    reach = _contacts(rng, reg, s, jobs[0].employer)
    return Person(
        key=key,
        origin=s.origin,
        female=s.female,
        given=s.given,
        middle=s.middle,
        family=s.family,
        nickname=_nickname(rng, s),
        country=s.country,
        city=s.city,
        home_phone=s.home_phone,
        occupation=s.occupation,
        seniority=seniority,
        title_group=group,
        title=jobs[0].title,
        jobs=jobs,
        studies=careers.studies(rng, s.occupation, s.country, s.origin, min(j.start for j in jobs)),
        skills=careers.skills(rng, s.occupation),
        tags=careers.tags(rng),
        languages=careers.languages(rng, s.country, s.origin),
        hard_negative=s.hard_negative,
        personal_email=reach.personal_email,
        work_email=reach.work_email,
        mobile=reach.mobile,
        linkedin=reach.linkedin,
        github=reach.github,
    )


def _city(iso: str, name: str) -> tuple[Country, City]:
    country = BY_ISO[iso]
    return country, next(c for c in country.cities if c.name == name)


def _hard_negatives(rng: Random, reg: contacts.Registry) -> list[Sketch]:
    """Different people a careless dedupe would merge: namesakes in other cities, relatives at one address."""
    sketches = []
    for label, rows in _NAMESAKES.items():
        for origin, given, family, iso, city, occupation in rows:
            country, town = _city(iso, city)
            female, job = given in _FEMALE, BY_KEY[occupation]
            sketches.append(
                Sketch(origin, female, given, None, family, country, town, job, None, f"same-name:{label}")
            )
    for label, (iso, city, family, members) in _HOUSEHOLDS.items():
        country, town = _city(iso, city)
        shared = contacts.phone(rng, reg, country, town, landline=True)
        for given, occupation in members:
            female, job = given in _FEMALE, BY_KEY[occupation]
            group = f"household:{label}"
            sketches.append(
                Sketch(country.origin, female, given, None, family, country, town, job, shared, group)
            )
    return sketches


_FEMALE = frozenset({"María", "Maria", "Lena", "Ngozi", "Anna"})
_NAMESAKES: dict[str, tuple[tuple[str, str, str, str, str, str], ...]] = {
    "maria-garcia": (
        ("es", "María", "García López", "ES", "Madrid", "data"),
        ("es", "Maria", "Garcia", "US", "Austin", "nursing"),
    ),
    "wei-zhang": (
        ("cn", "Wei", "Zhang", "CN", "Shanghai", "software"),
        ("cn", "Wei", "Zhang", "US", "Seattle", "data"),
    ),
    "thomas-mueller": (
        ("de", "Thomas", "Müller", "DE", "Munich", "sales"),
        ("de", "Thomas", "Müller", "DE", "Berlin", "software"),
    ),
}
_HOUSEHOLDS: dict[str, tuple[str, str, str, tuple[tuple[str, str], ...]]] = {
    "becker-hamburg": ("DE", "Hamburg", "Becker", (("Jonas", "software"), ("Lena", "nursing"))),
    "okafor-lagos": ("NG", "Lagos", "Okafor", (("Chinedu", "finance"), ("Ngozi", "nursing"))),
    "nowak-warsaw": ("PL", "Warsaw", "Nowak", (("Piotr", "data"), ("Anna", "product"))),
}
