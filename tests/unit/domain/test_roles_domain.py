"""What a role asks for, made canonical without a database: skills, places, ranges, stages."""

from __future__ import annotations

import pytest

from talentscout.domain.roles import (
    DEFAULT_STAGES,
    RoleError,
    RoleSpec,
    canonical_locations,
    canonical_skills,
    parse_location,
    split_list,
    stage_after_contacted,
)


def test_skills_become_the_taxonomys_labels_once_and_unknown_ones_stay_as_written() -> None:
    assert canonical_skills(["k8s", "Kubernetes", "JS", " golang ", "Frobnicator 3000", ""]) == [
        "Kubernetes",
        "JavaScript",
        "Go",
        "Frobnicator 3000",
    ]


def test_places_resolve_with_coordinates_and_unknown_places_are_refused() -> None:
    [berlin, germany] = canonical_locations([{"place": "Berlin", "radius_km": "30"}, {"place": "Germany"}])
    assert (berlin["place"], berlin["radius_km"], berlin["country"]) == ("Berlin, DE", 30, "DE")
    assert berlin["latitude"] == pytest.approx(52.52, abs=0.01)
    assert germany == {"place": "DE", "radius_km": 50, "country": "DE"}
    with pytest.raises(RoleError, match="unknown place 'Gondor Minas'"):
        canonical_locations([{"place": "Gondor Minas"}])
    with pytest.raises(RoleError, match="radius"):
        canonical_locations([{"place": "Berlin", "radius_km": "far"}])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Berlin", {"place": "Berlin", "radius_km": 50}),
        ("Berlin:25", {"place": "Berlin", "radius_km": 25}),
        ("Berlin, DE within 80km", {"place": "Berlin, DE", "radius_km": 80}),
        ("Frankfurt am Main", {"place": "Frankfurt am Main", "radius_km": 50}),
    ],
)
def test_a_location_line_reads_an_optional_radius(text: str, expected: dict[str, object]) -> None:
    assert parse_location(text) == expected


def test_a_spec_is_checked_field_by_field() -> None:
    values = RoleSpec(
        title="  Data   Engineer ", must_skills=["SQL"], nice_skills=["sql", "python"]
    ).canonical()
    assert values["title"] == "Data Engineer"
    assert values["nice_skills"] == ["Python"]
    assert values["remote_policy"] == "onsite"
    with pytest.raises(RoleError, match="compensation"):
        RoleSpec(title="x", comp_min=10, comp_max=5).canonical()
    with pytest.raises(RoleError, match="status"):
        RoleSpec(title="x", status="archived").canonical()
    assert split_list("a, b\nc,,") == ["a", "b", "c"]


def test_stages_past_contacted_include_every_closed_reason() -> None:
    stages = list(DEFAULT_STAGES)
    later = {s.key for s in stages if stage_after_contacted(stages, s.key)}
    assert "sourced" not in later
    assert "contacted" not in later
    assert {"replied", "interviewing", "hired", "not_interested", "withdrew"} <= later
    assert not stage_after_contacted(stages, "nonexistent")
