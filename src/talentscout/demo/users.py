"""The demo team: two workspaces, their users and the roles Acme Talent is hiring for. Data only.

Every demo account shares ``DEMO_PASSWORD``; it is public on purpose and must never protect real data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

DEMO_PASSWORD: Final = "talentscout-demo"  # noqa: S105 - the published demo password, not a secret


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    #: a ``talentscout.domain.permissions.Role`` value
    role: str


@dataclass(frozen=True)
class DemoWorkspace:
    name: str
    slug: str
    users: tuple[DemoUser, ...]
    #: how many people of its own the workspace's demo files hold (0: none)
    files_people: int = 0


@dataclass(frozen=True)
class DemoRole:
    title: str
    location: str
    description: str
    #: email of the demo user who manages the hire, if any
    hiring_manager: str | None = None
    must_skills: tuple[str, ...] = ()
    nice_skills: tuple[str, ...] = ()
    min_years: int | None = None
    #: (place, radius in km); empty for a remote role
    places: tuple[tuple[str, int], ...] = ()
    remote_policy: str = "onsite"


ACME = DemoWorkspace(
    name="Acme Talent",
    slug="acme-talent",
    users=(
        DemoUser("alice@acme.example", "Alice Archer", "recruiter"),
        DemoUser("bob@acme.example", "Bob Brennan", "recruiter"),
        DemoUser("hana@acme.example", "Hana Hoffmann", "hiring_manager"),
        DemoUser("eve@acme.example", "Eve Evans", "referrer"),
        DemoUser("agnes@talentbridge.example", "Agnes Novak", "agency"),
        DemoUser("admin@acme.example", "Acme Admin", "admin"),
    ),
)
GLOBEX = DemoWorkspace(
    name="Globex Recruiting",
    slug="globex-recruiting",
    users=(DemoUser("charlie@globex.example", "Charlie Chen", "recruiter"),),
    files_people=40,
)
DEMO_WORKSPACES: Final = (ACME, GLOBEX)

DEMO_ROLES: Final = (
    DemoRole(
        title="Senior Backend Engineer (Berlin)",
        must_skills=("Python", "Kubernetes", "PostgreSQL"),
        nice_skills=("Go", "Kafka"),
        min_years=5,
        places=(("Berlin, Germany", 50),),
        remote_policy="hybrid",
        location="Berlin, Germany",
        hiring_manager="hana@acme.example",
        description=(
            "Join the payments platform team that moves money for two million small businesses across "
            "Europe. You will design and run Python and Go services on Kubernetes, own PostgreSQL schemas "
            "that handle thousands of writes a second, and keep our Kafka pipelines honest. We value "
            "boring, observable systems: you will write the runbook, carry the pager one week in six and "
            "fix the alert that woke you. You bring at least five years of backend experience, sound "
            "judgement about consistency and failure, and the patience to mentor two mid-level engineers. "
            "Hybrid in Kreuzberg, three days in the office; relocation support and a German course are "
            "included."
        ),
    ),
    DemoRole(
        title="Data Scientist (Remote EU)",
        must_skills=("Python", "pandas", "scikit-learn"),
        nice_skills=("PyTorch", "Airflow", "dbt"),
        min_years=3,
        remote_policy="remote",
        location="Remote (EU time zones)",
        description=(
            "Our pricing and demand team is looking for a data scientist who enjoys the whole loop, from a "
            "messy question to a model in production and an experiment that proves it worked. You will "
            "build forecasting and elasticity models in Python with pandas, scikit-learn and PyTorch, ship "
            "them through Airflow and dbt, and design the A/B tests that decide whether they stay. Strong "
            "statistics matter more to us than the latest framework. You work fully remote from anywhere in "
            "the EU, with an on-site week in Berlin each quarter. Three or more years of applied work, a "
            "portfolio or code sample we can talk through, and clear written English are what we look for."
        ),
    ),
    DemoRole(
        title="Registered Nurse – ICU (Austin)",
        must_skills=("Critical care nursing",),
        nice_skills=("Advanced cardiac life support",),
        min_years=2,
        places=(("Austin, United States", 40),),
        location="Austin, Texas, United States",
        description=(
            "Lone Star Medical Center is expanding its 24-bed medical-surgical intensive care unit and is "
            "hiring experienced registered nurses for day and night rotations. You will care for critically "
            "ill adults on ventilators and vasoactive drips, work alongside intensivists and respiratory "
            "therapists, and precept new graduates joining our residency programme. We ask for an active "
            "Texas or compact RN licence, BLS and ACLS, and at least two years of critical care experience; "
            "CCRN certification is a plus and we pay for it if you do not have it yet. Twelve-hour shifts, "
            "self-scheduling, a sign-on bonus and tuition support for a BSN or MSN are part of the offer."
        ),
    ),
    DemoRole(
        title="Account Executive DACH (Munich)",
        must_skills=("Salesforce",),
        nice_skills=("MEDDIC",),
        min_years=3,
        places=(("Munich, Germany", 60),),
        location="Munich, Germany",
        hiring_manager="hana@acme.example",
        description=(
            "We are building our sales team for Germany, Austria and Switzerland and need an account "
            "executive who can open doors at mid-market manufacturers and logistics companies. You own the "
            "full cycle, from first meeting to signed contract, for deals between EUR 30k and 250k in "
            "annual value, with an SDR and a solutions engineer at your side. You have three or more years "
            "of B2B SaaS closing experience, a track record against quota, fluent German and English, and "
            "comfort with a structured method such as MEDDIC. Salesforce hygiene is not optional. The role "
            "is based in our Munich office with travel across the region about one week a month."
        ),
    ),
    DemoRole(
        title="Product Designer (Warsaw)",
        must_skills=("Figma",),
        nice_skills=("Accessibility",),
        min_years=4,
        places=(("Warsaw, Poland", 40),),
        remote_policy="hybrid",
        location="Warsaw, Poland",
        description=(
            "Help small-business owners understand their cash flow at a glance. As a product designer in "
            "our Warsaw hub you will own the end-to-end experience of invoicing and reporting, from "
            "discovery interviews to polished Figma prototypes and the details of the shipped interface. "
            "You will work in a trio with a product manager and a tech lead, contribute to a shared design "
            "system, and make accessibility a habit rather than a checklist. We look for four or more years "
            "of product design for web or mobile, a portfolio that shows your reasoning as well as your "
            "pixels, and the confidence to test ideas with real users every week. Polish is a plus, not a "
            "requirement."
        ),
    ),
)
