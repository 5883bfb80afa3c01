"""The importer registry and format detection."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from talentscout.importers.registry import IMPORTERS, detect_format

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "importers"


def test_every_structured_format_is_registered_under_its_own_name() -> None:
    assert {"csv", "linkedin", "jsonresume", "vcard", "greenhouse", "lever"} <= set(IMPORTERS)
    for name, importer in IMPORTERS.items():
        assert importer.format == name


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("linkedin_connections.csv", "linkedin"),
        ("candidates_mixed.csv", "csv"),
        ("candidates_bom.csv", "csv"),
        ("candidates_latin1.csv", "csv"),
        ("candidates_semicolon.csv", "csv"),
        ("resume_single.json", "jsonresume"),
        ("resumes_array.json", "jsonresume"),
        ("contacts_v3.vcf", "vcard"),
        ("contacts_v4.vcf", "vcard"),
        ("greenhouse_candidates.json", "greenhouse"),
        ("lever_opportunities.json", "lever"),
    ],
)
def test_each_fixture_is_recognised_by_name_and_content(fixture: str, expected: str) -> None:
    sample = (FIXTURES / fixture).read_bytes()[:65536]
    assert detect_format(FIXTURES / fixture, sample) == expected


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("linkedin_connections.csv", "linkedin"),
        ("resume_single.json", "jsonresume"),
        ("contacts_v3.vcf", "vcard"),
        ("greenhouse_candidates.json", "greenhouse"),
        ("lever_opportunities.json", "lever"),
        ("candidates_semicolon.csv", "csv"),
    ],
)
def test_an_upload_without_an_extension_is_recognised_by_content_alone(fixture: str, expected: str) -> None:
    sample = (FIXTURES / fixture).read_bytes()[:65536]
    assert detect_format(Path("/tmp/upload-8f2a"), sample) == expected


def test_a_linkedin_export_without_the_notes_is_recognised_by_its_header() -> None:
    sample = b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAna,Lima,,,,,\n"
    assert detect_format(Path("Connections.csv"), sample) == "linkedin"


def test_an_xlsx_is_handled_by_the_csv_importer_even_without_its_extension() -> None:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    assert detect_format(Path("people.xlsx"), b"") == "csv"
    assert detect_format(Path("upload"), buffer.getvalue()[:65536]) == "csv"


def test_json_that_matches_no_known_shape_is_not_guessed() -> None:
    assert detect_format(Path("data.json"), b'[{"foo": 1}]') is None


@pytest.mark.parametrize(
    ("name", "sample"),
    [
        ("cv.pdf", b"%PDF-1.7\n"),
        ("cv.docx", b"PK\x03\x04\x14\x00word/document.xml"),
        ("cv.txt", b"Jane Doe\nSenior Engineer\n\nExperience\nAcme 2019-2024\n"),
        ("cvs.zip", b"PK\x03\x04\x14\x00jane-doe.pdf"),
    ],
)
def test_resume_files_go_to_the_resume_importer_once_it_is_registered(name: str, sample: bytes) -> None:
    expected = "resume" if "resume" in IMPORTERS else None
    assert detect_format(Path(name), sample) == expected


def test_a_delimited_txt_file_is_a_spreadsheet() -> None:
    assert detect_format(Path("export.txt"), b"name\temail\nAna\ta@example.com\nBo\tb@example.com\n") == "csv"


def test_an_old_xls_or_an_image_is_not_guessed() -> None:
    assert detect_format(Path("people.xls"), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") is None
    assert detect_format(Path("photo.png"), b"\x89PNG\r\n\x1a\n") is None
