"""JSON Resume files, one résumé or an array of them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from talentscout.domain.records import EducationData, ImportFileError, ParsedRow, SourceChannel
from talentscout.importers.base import ImportOptions
from talentscout.importers.jsonresume import JsonResumeImporter

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "importers"


def _parse(path: Path, options: ImportOptions | None = None) -> list[ParsedRow]:
    return list(JsonResumeImporter().parse(path, options=options or ImportOptions()))


def test_json_resumes_are_filed_under_the_cv_database_channel() -> None:
    assert JsonResumeImporter.format == "jsonresume"
    assert JsonResumeImporter.default_channel is SourceChannel.CV_DATABASE


def test_a_single_resume_maps_basics_location_and_profiles() -> None:
    (row,) = _parse(FIXTURES / "resume_single.json")
    assert row.row == 1
    assert row.external_id == "richard.hendricks@example.com"
    assert row.payload["basics"]["name"] == "Richard Hendricks"
    person = row.candidate
    assert person is not None
    assert person.full_name == "Richard Hendricks"
    assert person.headline == "Programmer"
    assert person.emails == ["richard.hendricks@example.com"]
    assert person.phones == ["(912) 555-4321"]
    assert (person.city, person.region, person.country) == ("San Francisco", "California", "US")
    assert person.urls == [
        "https://richardhendricks.example.com",
        "https://twitter.com/neutralthoughts",
        "https://github.com/rhendricks",
        "https://soundcloud.example/dandymusicnl",
    ]
    assert person.summary is not None
    assert person.summary.startswith("Richard hails from Tulsa")


def test_the_work_entry_without_an_end_date_is_the_current_job() -> None:
    person = _parse(FIXTURES / "resume_single.json")[0].candidate
    assert person is not None
    assert (person.current_title, person.current_employer) == ("CEO/President", "Pied Piper")
    pied_piper, hooli = person.experiences
    assert pied_piper.is_current
    assert pied_piper.start == date(2013, 12, 1)
    assert pied_piper.location == "Palo Alto, CA"
    assert pied_piper.description is not None
    assert "- Successfully won Techcrunch Disrupt" in pied_piper.description
    assert not hooli.is_current
    assert (hooli.start, hooli.end) == (date(2011, 6, 1), date(2013, 11, 1))


def test_education_skills_and_languages_are_read() -> None:
    person = _parse(FIXTURES / "resume_single.json")[0].candidate
    assert person is not None
    assert person.educations == [
        EducationData(
            school="University of Oklahoma",
            degree="Bachelor",
            field_of_study="Information Technology",
            start=date(2011, 6, 1),
            end=date(2014, 1, 1),
        )
    ]
    assert person.skills == [
        "Web Development",
        "HTML",
        "CSS",
        "JavaScript",
        "Compression",
        "Mpeg",
        "MP4",
        "GIF",
    ]
    assert person.languages == ["English", "Spanish"]


def test_an_array_of_resumes_yields_one_row_per_item_numbered_from_one() -> None:
    rows = _parse(FIXTURES / "resumes_array.json")
    assert [r.row for r in rows] == [1, 2, 3, 4]
    assert [r.rejected for r in rows] == [False, True, True, False]
    assert rows[1].payload == {"value": "not a resume"}
    assert rows[1].problems[0].fatal
    assert rows[2].payload == {}


def test_present_as_an_end_date_marks_the_current_job_and_a_bad_date_is_a_warning() -> None:
    ines = _parse(FIXTURES / "resumes_array.json")[0]
    assert ines.candidate is not None
    assert ines.candidate.current_employer == "OutSystems"
    outsystems, talkdesk = ines.candidate.experiences
    assert outsystems.is_current
    assert talkdesk.start == date(2018, 1, 1)
    assert talkdesk.end is None
    assert not talkdesk.is_current
    assert [(p.field, p.value, p.fatal) for p in ines.problems] == [
        ("work[1].endDate", "the summer of 2020", False)
    ]


def test_a_resume_without_email_or_url_is_identified_by_its_first_profile() -> None:
    kwame = _parse(FIXTURES / "resumes_array.json")[3]
    assert kwame.external_id == "https://github.com/kmensah"
    assert kwame.candidate is not None
    assert kwame.candidate.current_title == "Engineering Lead"


def test_a_resume_with_no_email_url_or_profile_gets_a_stable_hash(tmp_path: Path) -> None:
    path = tmp_path / "anon.json"
    path.write_text('{"basics": {"name": "Ana Lima", "label": "Chef"}}')
    first, second = _parse(path)[0], _parse(path)[0]
    assert first.external_id == second.external_id
    assert first.external_id.startswith("sha256:")


def test_wrong_types_in_a_resume_are_ignored_not_crashed_on(tmp_path: Path) -> None:
    path = tmp_path / "odd.json"
    odd = {
        "basics": {"name": 42, "email": ["x"], "location": "Berlin", "profiles": {}},
        "work": [None, {"name": "Acme", "highlights": "one"}],
        "skills": ["Python"],
    }
    path.write_text(json.dumps(odd))
    (row,) = _parse(path)
    assert row.candidate is not None
    assert row.candidate.full_name == "42"
    assert row.candidate.emails == []
    assert row.candidate.current_employer == "Acme"
    assert row.candidate.skills == []


def test_a_json_scalar_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('"hello"')
    with pytest.raises(ImportFileError, match="expected a JSON object or an array of objects"):
        _parse(path)


def test_truncated_json_is_a_file_error_with_the_display_name(tmp_path: Path) -> None:
    path = tmp_path / "tmp-upload"
    path.write_text('[{"basics": {"name": "Ana"}')
    with pytest.raises(ImportFileError) as excinfo:
        _parse(path, ImportOptions(display_name="resumes.json"))
    assert excinfo.value.filename == "resumes.json"


def test_progress_is_reported_per_hundred_resumes(tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    path.write_text(json.dumps([{"basics": {"name": f"Person {i}"}} for i in range(250)]))
    seen: list[float] = []
    rows = _parse(path, ImportOptions(on_progress=seen.append))
    assert len(rows) == 250
    assert seen == [0.4, 0.8, 1.0]
