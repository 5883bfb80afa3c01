"""What the two ATS exports share: the roles people applied to and how far they got."""

from __future__ import annotations

from datetime import UTC, date, datetime
from random import Random

from talentscout.demo.model import Job, Person

#: occupation -> roles Acme Talent recruited for (names as the ATS lists them)
POSTINGS: dict[str, tuple[str, ...]] = {
    "software": ("Senior Backend Engineer (Berlin)", "Full Stack Developer", "Software Engineer, Payments"),
    "data": ("Data Scientist", "Senior Data Engineer", "Machine Learning Engineer"),
    "devops": ("Site Reliability Engineer", "Platform Engineer (Kubernetes)"),
    "design": ("Product Designer", "Senior UX Designer"),
    "product": ("Product Manager, Payments", "Technical Project Manager"),
    "sales": ("Account Executive DACH", "Sales Development Representative", "Key Account Manager"),
    "marketing": ("Content Marketing Manager", "SEO Specialist"),
    "finance": ("Financial Analyst", "Senior Accountant", "Financial Controller"),
    "nursing": ("Registered Nurse – ICU", "Emergency Room Nurse", "Charge Nurse – Cardiology"),
}


def posting(p: Person, rng: Random) -> str:
    """Mostly a role of the person's own occupation, now and then a stretch into another one."""
    if rng.random() < 0.9:
        return rng.choice(POSTINGS[p.occupation.key])
    return rng.choice(POSTINGS[rng.choice(sorted(POSTINGS))])


def job_on(p: Person, day: date) -> Job | None:
    """The job the person held on ``day`` (title and employer as the ATS saw them then); None between jobs."""
    return next((j for j in p.jobs if j.start <= day and (j.end is None or day <= j.end)), None)


def stage_index(rng: Random, stages: tuple[str, ...]) -> int:
    """How far an application got; roughly one in five reached the final interview or an offer."""
    weights = (30, 25, 15, 10, 14, 6)[: len(stages)]
    return rng.choices(range(len(stages)), weights)[0]


def epoch_ms(day: date, rng: Random) -> int:
    moment = datetime(day.year, day.month, day.day, rng.randint(7, 19), rng.randint(0, 59), tzinfo=UTC)
    return int(moment.timestamp()) * 1000


def iso_z(day: date, rng: Random) -> str:
    return (
        f"{day.isoformat()}T{rng.randint(7, 19):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}.000Z"
    )


_ALL_POSTINGS = sorted({name for names in POSTINGS.values() for name in names})


def posting_id(name: str) -> int:
    """A stable numeric id for a posting, as the ATS would have it."""
    return 4_500_001 + _ALL_POSTINGS.index(name)
