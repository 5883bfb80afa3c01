"""The ground truth: fictional people as they really are, before any source writes them down."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from random import Random

from talentscout.demo.places import City, Country
from talentscout.demo.work import Company, Occupation

#: every date in the demo is relative to this day, never to today
ANCHOR = date(2026, 11, 1)


@dataclass(frozen=True)
class Phone:
    country: Country
    #: national significant number, digits only
    nsn: str

    @property
    def e164(self) -> str:
        return f"+{self.country.calling_code}{self.nsn}"


@dataclass(frozen=True)
class Job:
    employer: Company
    title: str
    start: date
    end: date | None
    city: City


@dataclass(frozen=True)
class Study:
    school: str
    degree: str
    field: str
    start: int
    end: int


@dataclass(frozen=True)
class Person:
    key: str
    origin: str
    female: bool
    given: str
    middle: str | None
    #: one or two family names ("García López")
    family: str
    #: a short or Western name the person also goes by ("Kasia", "David")
    nickname: str | None
    country: Country
    city: City
    personal_email: str
    work_email: str | None
    mobile: Phone
    #: a landline (or family mobile) shared with the rest of the household
    home_phone: Phone | None
    linkedin: str | None
    github: str | None
    occupation: Occupation
    seniority: str
    #: the synonym group of the current title; ``title`` is what the person writes
    title_group: tuple[str, ...]
    title: str
    jobs: tuple[Job, ...]
    studies: tuple[Study, ...]
    skills: tuple[str, ...]
    tags: tuple[str, ...]
    languages: tuple[str, ...]
    #: set on deliberately confusable people ("same-name:maria-garcia", "household:becker-hamburg")
    hard_negative: str | None = None

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given, self.middle, self.family) if part)

    @property
    def employer(self) -> Company:
        return self.jobs[0].employer

    @property
    def years(self) -> int:
        return max(1, ANCHOR.year - min(job.start.year for job in self.jobs))


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_between(rng: Random, first: date, last: date) -> date:
    return date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))


def month_name(day: date) -> str:
    """English month abbreviation, independent of the process locale."""
    return _MONTHS[day.month - 1]
