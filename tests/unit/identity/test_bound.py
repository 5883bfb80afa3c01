"""``could_match`` never skips a pair that ``compare`` would review or merge, and skips clear namesakes."""

from __future__ import annotations

import random

from talentscout.domain.identity import DEFAULT_SETTINGS, MatchRecord, Outcome, compare
from talentscout.domain.identity.bound import could_match

GIVEN = [
    "Robert",
    "Bob",
    "Rob",
    "José",
    "Jose",
    "Maria",
    "Mario",
    "Anna",
    "Ana",
    "Aleksandr",
    "Alexander",
    "",
]
FAMILY = [
    "Müller",
    "Mueller",
    "Muller",
    "García",
    "Garcia López",
    "Smith",
    "Smyth",
    "Kowalski",
    "Kowalska",
    "",
]
CITIES = ["Berlin", "Berlín", "Potsdam", "Madrid", "Austin", ""]
COUNTRIES = ["DE", "ES", "US", ""]
EMPLOYERS = ["Acme GmbH", "Acme", "Initech", ""]
EMAILS = [
    "ann.lee@gmail.com",
    "annlee@gmail.com",
    "ann.le@gmail.com",
    "jobs@acme.com",
    "a@acme.com",
    "b@acme.com",
]
PHONES = ["+4915112345", "+4915112346"]
PROFILES = ["https://www.linkedin.com/in/ann", "https://www.linkedin.com/in/bob", "https://github.com/ann"]


def _record(rng: random.Random, rid: int) -> MatchRecord:
    def some(values: list[str], k: int = 2) -> frozenset[str]:
        return frozenset(rng.sample(values, rng.randint(0, k)))

    return MatchRecord(
        str(rid),
        given_name=rng.choice(GIVEN),
        family_name=rng.choice(FAMILY),
        emails=some(EMAILS),
        phones=some(PHONES, 1),
        profiles=some(PROFILES, 1),
        current_employer=rng.choice(EMPLOYERS),
        past_employers=tuple(rng.sample(EMPLOYERS[:3], rng.randint(0, 1))),
        title=rng.choice(["Engineer", "engineer", "Nurse", ""]),
        city=rng.choice(CITIES),
        country=rng.choice(COUNTRIES),
        birth_date=rng.choice(["", "19800101", "19800110"]),
    )


def test_no_pair_that_compare_would_review_or_merge_is_skipped() -> None:
    rng = random.Random(3)
    skipped = 0
    for n in range(2000):
        a, b = _record(rng, 2 * n), _record(rng, 2 * n + 1)
        for ignored in (frozenset(), frozenset({"phone:+4915112345", "url:https://www.linkedin.com/in/ann"})):
            decision = compare(a, b, ignored=ignored)
            if not could_match(a, b, DEFAULT_SETTINGS, ignored):
                skipped += 1
                assert decision.outcome is Outcome.SEPARATE, (a, b, decision.explanation)
    assert skipped > 150  # the bound is useful, not only safe


def test_namesakes_with_different_profiles_are_skipped_cheaply() -> None:
    a = MatchRecord(
        "1",
        given_name="José",
        family_name="Müller",
        emails=frozenset({"jose.m1@gmail.com"}),
        profiles=frozenset({"https://www.linkedin.com/in/jm1"}),
        current_employer="Acme",
        city="Berlin",
    )
    b = MatchRecord(
        "2",
        given_name="José",
        family_name="Müller",
        emails=frozenset({"jose.m2@gmail.com"}),
        profiles=frozenset({"https://www.linkedin.com/in/jm2"}),
        current_employer="Initech",
        city="Hamburg",
    )
    assert not could_match(a, b, DEFAULT_SETTINGS)
    assert compare(a, b).outcome is Outcome.SEPARATE
    assert could_match(a, b.__class__("3", given_name="Jose", family_name="Mueller"), DEFAULT_SETTINGS)
