"""Scoring one person against a role: the breakdown adds up and says what was found and missed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from talentscout.domain.ranking import (
    Candidate,
    Feedback,
    HeldSkill,
    Job,
    rank,
    spec_from_role,
    spec_from_text,
)
from talentscout.domain.ranking.signals import company_key

TODAY = date(2026, 11, 26)


def _backend(person_id: int = 1, **changes: object) -> Candidate:
    person = Candidate(
        person_id=person_id,
        display_name="Ada Lovelace",
        current_title="Senior Software Engineer",
        current_employer="Analytical Engines",
        jobs=[
            Job("Senior Software Engineer", "Analytical Engines", date(2021, 3, 1), None, True, "15-1252.00"),
            Job(
                "Software Developer", "Babbage & Co", date(2015, 1, 1), date(2021, 2, 1), False, "15-1252.00"
            ),
        ],
        skills=[
            HeldSkill("onet:tech:kubernetes", "Kubernetes", ("LinkedIn export",)),
            HeldSkill(None, "Python"),
        ],
        text="Built payment services in Python on Kubernetes.",
        latitude=52.52,
        longitude=13.40,
        city="Berlin",
        country="DE",
        timezone="Europe/Berlin",
    )
    return replace(person, **changes)  # type: ignore[arg-type]


def _role() -> object:
    return spec_from_role(
        title="Senior Software Engineer",
        description="Backend services in Python",
        must_skills=["Kubernetes", "Go"],
        nice_skills=["Python"],
        min_years=5,
        locations=[{"place": "Berlin", "radius_km": 30}],
    )


def test_breakdown_names_found_and_missing_must_haves_with_their_source() -> None:
    [scored] = rank(_role(), [_backend()], today=TODAY)  # type: ignore[arg-type]
    labels = {item.label: item for item in scored.breakdown}
    assert "must-have: Kubernetes ✓" in labels
    assert "LinkedIn export" in labels["must-have: Kubernetes ✓"].detail
    assert "missing: Go" in labels
    assert labels["missing: Go"].points == 0
    assert "same occupation" in labels["title / occupation"].detail
    assert 0 < scored.score < 100


def test_points_of_the_breakdown_add_up_to_the_score() -> None:
    [scored] = rank(_role(), [_backend()], today=TODAY)  # type: ignore[arg-type]
    assert abs(sum(item.points for item in scored.breakdown) - scored.score) < 1.0


def test_a_better_fit_ranks_first_and_distance_costs_points() -> None:
    far = _backend(
        2, latitude=40.71, longitude=-74.0, city="New York", country="US", timezone="America/New_York"
    )
    ranked = rank(_role(), [far, _backend(1)], today=TODAY)  # type: ignore[arg-type]
    assert [s.person_id for s in ranked] == [1, 2]
    location = next(i for i in ranked[1].breakdown if i.label == "location")
    assert "outside" in location.detail


def test_not_a_fit_feedback_moves_the_person_down_and_says_why() -> None:
    pool = [_backend(1), _backend(2)]
    ranked = rank(_role(), pool, today=TODAY, feedback={1: Feedback("not_a_fit", "wants management", "Hana")})  # type: ignore[arg-type]
    assert [s.person_id for s in ranked] == [2, 1]
    item = next(i for i in ranked[1].breakdown if i.kind == "feedback")
    assert item.points < 0
    assert "wants management" in item.detail
    assert "Hana" in item.detail


def test_protected_and_proxy_attributes_do_not_change_the_score() -> None:
    """Name (and with it gender or origin cues) is not read; the candidate model has no birth date,
    gender or graduation year at all. Changing the name leaves score and breakdown unchanged."""
    role = _role()
    [a] = rank(role, [_backend(1)], today=TODAY)  # type: ignore[arg-type]
    [b] = rank(role, [_backend(1, display_name="Mohammed Al-Sayed")], today=TODAY)  # type: ignore[arg-type]
    assert a.score == b.score
    assert a.breakdown == b.breakdown
    assert not {"gender", "birth_date", "graduation_year", "age"} & set(Candidate.__dataclass_fields__)


def test_a_free_text_role_yields_title_skills_years_and_place() -> None:
    spec = spec_from_text("Senior accountant in Berlin, 5+ years, QuickBooks and Microsoft Excel")
    assert "13-2011.00" in spec.occupations
    assert {"Intuit QuickBooks", "Microsoft Excel"} <= {n.label for n in spec.nice}
    assert spec.min_years == 5
    assert spec.places
    assert spec.places[0].country == "DE"


def test_company_names_match_without_legal_suffixes_and_case() -> None:
    assert company_key("ACME GmbH") == company_key("Acme") == "acme"
