"""Likely-to-move / likely-to-respond signals, each explained."""

from __future__ import annotations

from datetime import date

from talentscout.domain.ranking import Job
from talentscout.domain.ranking.signals import (
    EmployerEvent,
    Engagement,
    classify,
    employer_signals,
    engagement_signals,
    open_to_work,
    tenure_signals,
)

TODAY = date(2026, 11, 26)


def test_long_tenure_and_no_promotion_are_measured_against_the_persons_own_history() -> None:
    jobs = [
        Job("Engineer", "Acme", date(2019, 1, 1), None, True),
        Job("Engineer", "Initech", date(2017, 1, 1), date(2018, 12, 1), False),
        Job("Engineer", "Hooli", date(2015, 1, 1), date(2016, 12, 1), False),
    ]
    found = {s.key: s for s in tenure_signals(jobs, TODAY)}
    assert "own median" in found["tenure"].explanation
    assert "no_promotion" in found


def test_an_anniversary_in_the_next_two_months_is_a_vesting_signal() -> None:
    jobs = [Job("Engineer", "Acme", date(2023, 12, 15), None, True)]
    [signal] = [s for s in tenure_signals(jobs, TODAY) if s.key == "anniversary"]
    assert signal.label == "3-year anniversary soon"
    assert "2026-12-15" in signal.explanation


def test_a_layoff_at_the_current_employer_in_the_last_year_counts() -> None:
    events = [
        EmployerEvent("Acme Inc.", "layoff", date(2026, 6, 1), "10% of staff"),
        EmployerEvent("Acme", "acquisition", date(2020, 1, 1)),
    ]
    [signal] = employer_signals("ACME", events, TODAY)
    assert signal.key == "employer_layoff"
    assert "10% of staff" in signal.explanation


def test_not_now_try_in_spring_is_remembered_with_the_season() -> None:
    history = [Engagement(date(2026, 10, 1), True, "Not now, try again in spring please")]
    found = {s.key: s for s in engagement_signals(history, TODAY)}
    assert "replied_before" in found
    assert "(spring)" in found["not_now"].explanation


def test_open_to_work_makes_a_person_active_otherwise_passive() -> None:
    flags = open_to_work(["backend", "#OpenToWork"])
    assert classify(flags, None, TODAY) == "active"
    assert classify([], None, TODAY) == "passive"
    assert classify([], date(2026, 9, 1), TODAY) == "active"
