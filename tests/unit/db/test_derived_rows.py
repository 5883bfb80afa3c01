"""A profile as the plain rows the import writes: one tuple per row, in the columns the writer names."""

from __future__ import annotations

import json
from datetime import date

from talentscout.db.people_writer import CHILDREN, PERSON_COLUMNS, derived_rows
from talentscout.domain.profile import derive_profile
from talentscout.domain.records import ApplicationData, CandidateData, EducationData, ExperienceData


def _profile() -> object:
    return derive_profile(
        CandidateData(
            full_name="Ada Lovelace",
            emails=["ada@gmail.com", "not-an-email"],
            phones=["+44 20 7946 0018"],
            urls=["https://linkedin.com/in/ada"],
            experiences=[
                ExperienceData(employer="Engines", title="Engineer", start=date(2020, 2, 1), is_current=True)
            ],
            educations=[EducationData(school="UCL", end=date(1835, 6, 1))],
            applications=[ApplicationData(role="CTO", applied_at=date(2024, 5, 6), late_stage=True)],
            skills=["Python", "python", "SQL"],
            languages=["English"],
            tags=[" Backend ", "backend"],
            notes=["Met at PyCon"],
            city="London",
            country="GB",
        ),
        default_country=None,
    )


def test_every_row_has_the_columns_its_table_spec_names() -> None:
    rows = derived_rows(_profile())  # type: ignore[arg-type]
    assert len(rows.person) == len(PERSON_COLUMNS)
    assert len(rows.children) == len(CHILDREN)
    for spec, table_rows in zip(CHILDREN, rows.children, strict=True):
        assert table_rows, spec.table.name
        assert all(len(r) == len(spec.columns) for r in table_rows), spec.table.name


def test_values_are_plain_driver_values_dates_as_iso_text_and_json_as_text() -> None:
    profile = _profile()
    rows = derived_rows(profile)  # type: ignore[arg-type]
    person = dict(zip(PERSON_COLUMNS, rows.person, strict=True))
    assert person["display_name"] == "Ada Lovelace"
    assert person["silver_medalist"] is False
    assert "Python" in person["search_text"]
    by_table = {spec.table.name: r for spec, r in zip(CHILDREN, rows.children, strict=True)}
    assert json.loads(by_table["field_provenance"][0][0]) == profile.fields  # type: ignore[attr-defined]
    assert {type(v) for row in by_table["contact_points"] for v in row[:4]} == {str}
    assert by_table["experiences"][0][2] == "2020-02-01"
    assert by_table["educations"][0][4] == "1835-06-01"
    assert by_table["applications"][0][4:] == ("2024-05-06", True)
    assert by_table["tags"] == (("backend",),)
    assert [p.field for p in rows.problems] == ["email"]
