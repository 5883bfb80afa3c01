"""Greenhouse-like and Lever-like ATS exports: past applicants and silver medalists."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from talentscout.domain.records import ApplicationData, ParsedRow, SourceChannel
from talentscout.importers.ats import GreenhouseImporter, LeverImporter, is_late_stage, is_silver_medalist
from talentscout.importers.base import ImportOptions

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "importers"


def _greenhouse(path: Path = FIXTURES / "greenhouse_candidates.json") -> list[ParsedRow]:
    return list(GreenhouseImporter().parse(path, options=ImportOptions()))


def _lever(path: Path = FIXTURES / "lever_opportunities.json") -> list[ParsedRow]:
    return list(LeverImporter().parse(path, options=ImportOptions()))


def test_both_ats_importers_file_people_as_past_applicants() -> None:
    assert (GreenhouseImporter.format, LeverImporter.format) == ("greenhouse", "lever")
    assert GreenhouseImporter.default_channel is SourceChannel.PAST_APPLICANT
    assert LeverImporter.default_channel is SourceChannel.PAST_APPLICANT


@pytest.mark.parametrize(
    ("stage", "late"),
    [
        ("Onsite Interview", True),
        ("On-site interview", True),
        ("Final Round", True),
        ("Panel Interview", True),
        ("Executive Interview", True),
        ("Offer", True),
        ("Reference Check", True),
        ("Application Review", False),
        ("Phone Screen", False),
        ("Hiring Manager Screen", False),
        ("Take Home Test", False),
        (None, False),
    ],
)
def test_late_stages_are_onsite_final_panel_executive_offer_and_reference(
    stage: str | None, late: bool
) -> None:
    assert is_late_stage(stage) is late


def test_a_silver_medalist_reached_a_late_stage_and_was_not_hired() -> None:
    rejected_onsite = ApplicationData(stage_reached="Onsite", status="rejected", late_stage=True)
    hired = ApplicationData(stage_reached="Offer", status="hired", late_stage=True)
    still_active = ApplicationData(stage_reached="Final", status="active", late_stage=True)
    early = ApplicationData(stage_reached="Phone Screen", status="rejected")
    assert is_silver_medalist([early, rejected_onsite])
    assert not is_silver_medalist([hired])
    assert not is_silver_medalist([still_active, early])


def test_a_greenhouse_candidate_maps_contacts_with_work_and_personal_hints() -> None:
    maya = _greenhouse()[0]
    assert maya.external_id == "48213907"
    assert maya.row == 1
    assert maya.payload["first_name"] == "Maya"
    person = maya.candidate
    assert person is not None
    assert (person.full_name, person.current_employer) == ("Maya Chen", "Datadog")
    assert person.current_title == "Senior Site Reliability Engineer"
    assert person.emails == ["maya.chen@datadoghq.example", "mayachen.sre@gmail.com"]
    assert person.phones == ["+1 (415) 555-0182", "+1 415 555 0100"]
    assert person.contact_hints == {
        "maya.chen@datadoghq.example": "work",
        "mayachen.sre@gmail.com": "personal",
        "+1 415 555 0100": "work",
    }
    assert person.urls == ["https://mayachen.dev", "https://www.linkedin.com/in/maya-chen-sre"]
    assert person.location == "San Francisco, CA, USA"
    assert person.tags == ["SRE", "Referral"]
    assert person.educations[0].school == "University of Washington"
    assert person.experiences[0].is_current


def test_a_greenhouse_onsite_rejection_is_a_silver_medalist() -> None:
    person = _greenhouse()[0].candidate
    assert person is not None
    assert person.applications == [
        ApplicationData(
            role="Staff Site Reliability Engineer",
            stage_reached="Onsite Interview",
            status="rejected",
            rejection_reason="Hired another candidate",
            applied_at=date(2023, 4, 11),
            late_stage=True,
        )
    ]
    assert person.silver_medalist


def test_a_greenhouse_hire_at_offer_is_late_stage_but_not_a_silver_medalist() -> None:
    omar = _greenhouse()[1].candidate
    assert omar is not None
    assert omar.applications[0].status == "hired"
    assert omar.applications[0].late_stage
    assert not omar.silver_medalist


def test_an_unreadable_applied_at_is_a_warning_naming_the_application() -> None:
    lena = _greenhouse()[2]
    assert not lena.rejected
    assert [(p.field, p.value, p.fatal) for p in lena.problems] == [
        ("applications[0].applied_at", "last spring", False)
    ]
    assert lena.candidate is not None
    assert [a.late_stage for a in lena.candidate.applications] == [False, True]
    assert not lena.candidate.silver_medalist  # the final interview is still active


def test_a_greenhouse_candidate_without_any_data_is_rejected_but_keeps_its_id() -> None:
    empty = _greenhouse()[3]
    assert empty.rejected
    assert empty.external_id == "48213910"


def test_a_lever_export_wrapped_in_data_is_read_with_stage_and_archive_reason() -> None:
    sofia = _lever()[0]
    assert sofia.external_id == "9f3c2a1e-5b7d-4e8f-a1b2-c3d4e5f60718"
    person = sofia.candidate
    assert person is not None
    assert person.full_name == "Sofia Rossi"
    assert person.headline == "Bending Spoons, Android Engineer"
    assert person.location == "Milan, Italy"
    assert person.urls == ["https://github.com/sofiarossi", "https://www.linkedin.com/in/sofia-rossi-android"]
    assert person.contact_hints == {"+39 02 1234 5678": "work"}
    assert person.applications == [
        ApplicationData(
            role="Senior Android Engineer",
            stage_reached="On-site interview",
            status="archived",
            rejection_reason="Position filled",
            applied_at=date(2023, 5, 25),
            late_stage=True,
        )
    ]
    assert person.silver_medalist


def test_a_lever_opportunity_archived_as_hired_is_not_a_silver_medalist() -> None:
    jakub = _lever()[1].candidate
    assert jakub is not None
    assert jakub.applications[0].role == "Product Manager, Growth"
    assert jakub.applications[0].status == "hired"
    assert jakub.applications[0].rejection_reason is None
    assert jakub.applications[0].applied_at == date(2023, 9, 18)
    assert not jakub.silver_medalist


def test_a_lever_opportunity_without_applications_still_records_its_stage() -> None:
    chloe = _lever()[2].candidate
    assert chloe is not None
    assert chloe.phones == ["+33 6 12 34 56 78"]
    assert chloe.applications == [
        ApplicationData(stage_reached="applicant-new", status="active", applied_at=date(2024, 3, 9))
    ]
    assert not chloe.silver_medalist


def test_a_lever_record_without_a_name_or_contact_is_rejected() -> None:
    assert _lever()[3].rejected


def test_a_plain_lever_array_and_a_record_without_id_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "lever.json"
    path.write_text(
        json.dumps([{"name": "Ana Lima", "emails": ["ana@example.com"], "createdAt": "2024-02-01"}])
    )
    (ana,) = _lever(path)
    assert ana.external_id.startswith("sha256:")
    assert [(p.field, p.fatal) for p in ana.problems] == [("id", False)]
    assert ana.candidate is not None
    assert ana.candidate.applications == []


def test_an_absurd_lever_timestamp_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "lever.json"
    path.write_text(json.dumps([{"id": "x", "name": "Ana", "stage": "Offer", "createdAt": 1e300}]))
    (ana,) = _lever(path)
    assert [(p.field, p.fatal) for p in ana.problems] == [("createdAt", False)]
    assert ana.candidate is not None
    assert ana.candidate.applications[0].applied_at is None
