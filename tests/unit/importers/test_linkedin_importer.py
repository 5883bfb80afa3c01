"""LinkedIn's Connections.csv export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from talentscout.domain.records import ImportFileError, ParsedRow, SourceChannel
from talentscout.importers.base import ImportOptions
from talentscout.importers.linkedin import LinkedInImporter

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "importers"
EXPORT = FIXTURES / "linkedin_connections.csv"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def _parse(path: Path, options: ImportOptions | None = None) -> list[ParsedRow]:
    return list(LinkedInImporter().parse(path, options=options or ImportOptions()))


def test_linkedin_connections_come_from_the_social_channel() -> None:
    assert LinkedInImporter.format == "linkedin"
    assert LinkedInImporter.default_channel is SourceChannel.SOCIAL


def test_linkedin_export_skips_the_notes_preamble() -> None:
    rows = _parse(EXPORT)
    assert [r.row for r in rows] == [1, 2, 3, 4, 6, 7]
    first = rows[0]
    assert first.payload == {
        "First Name": "Priya",
        "Last Name": "Raman",
        "URL": "https://www.linkedin.com/in/priya-raman-4b1a2c",
        "Email Address": "",
        "Company": "Stripe",
        "Position": "Senior Backend Engineer",
        "Connected On": "12 Mar 2024",
    }


def test_a_connection_is_mapped_to_names_employer_title_and_connection_date() -> None:
    jonas = _parse(EXPORT)[1].candidate
    assert jonas is not None
    assert jonas.full_name == "Jonas Müller"
    assert jonas.given_name == "Jonas"
    assert jonas.family_name == "Müller"
    assert jonas.current_employer == "Zalando SE"
    assert jonas.current_title == "Staff Engineer, Platform"
    assert jonas.emails == ["jonas.mueller@posteo.de"]
    assert jonas.urls == ["https://www.linkedin.com/in/jonasmueller"]
    assert jonas.connected_on == date(2023, 1, 3)


def test_the_profile_url_is_the_id_and_the_email_stands_in_when_there_is_none() -> None:
    ids = [r.external_id for r in _parse(EXPORT)]
    assert ids[:4] == [
        "https://www.linkedin.com/in/priya-raman-4b1a2c",
        "https://www.linkedin.com/in/jonasmueller",
        "https://www.linkedin.com/in/mjgarcia",
        "https://www.linkedin.com/in/tkowalski",
    ]
    assert ids[4] == "aisha.bello@gmail.com"
    assert ids[5].startswith("sha256:")


def test_an_unreadable_connected_on_keeps_the_connection_with_a_warning() -> None:
    tomasz = _parse(EXPORT)[3]
    assert not tomasz.rejected
    assert tomasz.candidate is not None
    assert tomasz.candidate.connected_on is None
    assert [(p.field, p.value, p.fatal) for p in tomasz.problems] == [
        ("Connected On", "sometime last year", False)
    ]


def test_a_row_with_only_a_date_is_rejected() -> None:
    last = _parse(EXPORT)[-1]
    assert last.rejected
    assert last.candidate is None
    assert last.problems[0].fatal


def test_an_export_without_the_preamble_and_with_columns_reordered_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(
        "Connected On,Position,Company,Email Address,URL,Last Name,First Name\n"
        "01 Feb 2020,CTO,Acme,,https://www.linkedin.com/in/ana/,Lima,Ana\n"
    )
    (ana,) = _parse(path)
    assert ana.external_id == "https://www.linkedin.com/in/ana"
    assert ana.candidate is not None
    assert ana.candidate.full_name == "Ana Lima"
    assert ana.candidate.connected_on == date(2020, 2, 1)


def test_a_bom_and_formula_text_are_handled_as_plain_data(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(
        ("\ufeffNotes:\n\n" + HEADER + '"=HYPERLINK(""x"")",<b>Bo</b>,,bo@example.com,,,\n').encode()
    )
    (bo,) = _parse(path)
    assert bo.candidate is not None
    assert bo.candidate.full_name == '=HYPERLINK("x") <b>Bo</b>'


def test_a_file_that_is_not_a_linkedin_export_names_the_expected_header(tmp_path: Path) -> None:
    path = tmp_path / "upload.tmp"
    path.write_text("name,email\nAna,ana@example.com\n")
    with pytest.raises(ImportFileError) as excinfo:
        _parse(path, ImportOptions(display_name="Connections.csv"))
    assert excinfo.value.filename == "Connections.csv"
    assert excinfo.value.message.startswith("no LinkedIn header (First Name, Last Name, URL")
