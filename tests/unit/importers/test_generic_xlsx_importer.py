"""The generic importer reading XLSX: streamed with openpyxl, guarded against zip bombs."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from talentscout.domain.records import ImportFileError, ParsedRow
from talentscout.importers import xlsx
from talentscout.importers.base import ImportOptions
from talentscout.importers.generic_csv import GenericCsvImporter
from talentscout.importers.xlsx import cell_text


def _parse(path: Path, options: ImportOptions | None = None) -> list[ParsedRow]:
    return list(GenericCsvImporter().parse(path, options=options or ImportOptions()))


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_an_xlsx_sheet_is_read_with_guessed_mapping_and_numbers_as_text(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "people.xlsx",
        [
            ["Candidate ID", "Name", "Email", "Mobile", "Company", "Skills", "Connected On"],
            [
                1001,
                "Ana Souza",
                "ana@example.com",
                5511912345678,
                "Nubank",
                "Python; SQL",
                datetime(2024, 3, 12),
            ],
            [1002, "Lars Nilsson", "lars@example.se", None, "Spotify", "Java", None],
        ],
    )
    ana, lars = _parse(path)
    assert ana.external_id == "1001"
    assert ana.row == 1
    assert ana.payload["Mobile"] == "5511912345678"
    assert ana.payload["Connected On"] == "2024-03-12"
    assert ana.candidate is not None
    assert ana.candidate.phones == ["5511912345678"]
    assert ana.candidate.skills == ["Python", "SQL"]
    assert ana.candidate.connected_on is not None
    assert ana.candidate.connected_on.isoformat() == "2024-03-12"
    assert lars.row == 2
    assert lars.candidate is not None
    assert lars.candidate.current_employer == "Spotify"
    assert lars.problems == []


def test_xlsx_formulas_and_markup_stay_data(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "hostile.xlsx",
        [["Name", "Email"], ["<script>alert(1)</script>", "x@example.com"], ["'=1+2", "y@example.com"]],
    )
    rows = _parse(path)
    assert [r.candidate.full_name for r in rows if r.candidate] == ["<script>alert(1)</script>", "'=1+2"]


def test_blank_xlsx_rows_are_skipped_and_counted(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "gaps.xlsx",
        [[None], ["Name", "Email"], ["Ana", "a@example.com"], [None, None], ["Bo", "b@example.com"]],
    )
    assert [(r.row, r.candidate.full_name if r.candidate else None) for r in _parse(path)] == [
        (1, "Ana"),
        (3, "Bo"),
    ]


def test_an_xlsx_uploaded_without_its_extension_is_recognised_by_content(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "book.xlsx", [["Name"], ["Ana"]]).rename(tmp_path / "upload-77")
    rows = _parse(path, ImportOptions(display_name="people.xlsx"))
    assert rows[0].candidate is not None
    assert rows[0].candidate.full_name == "Ana"


def test_an_empty_worksheet_is_a_file_error(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "empty.xlsx", [])
    with pytest.raises(ImportFileError, match="the first worksheet is empty"):
        _parse(path)


def test_a_csv_renamed_to_xlsx_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("name\nAna\n")
    with pytest.raises(ImportFileError, match="not a valid XLSX file"):
        _parse(path)


def test_a_zip_that_is_not_a_workbook_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("holiday.txt", "not a spreadsheet")
    with pytest.raises(ImportFileError, match="cannot open the spreadsheet"):
        _parse(path, ImportOptions(display_name="candidates.xlsx"))


def _zip_bomb(path: Path, megabytes: int) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(megabytes):
                member.write(chunk)
    return path


def test_a_zip_bomb_disguised_as_xlsx_is_refused_by_its_compression_ratio(tmp_path: Path) -> None:
    path = _zip_bomb(tmp_path / "bomb.xlsx", megabytes=16)
    assert path.stat().st_size < 100_000
    with pytest.raises(ImportFileError) as excinfo:
        _parse(path, ImportOptions(display_name="candidates.xlsx"))
    assert excinfo.value.filename == "candidates.xlsx"
    assert "like a zip bomb" in excinfo.value.message


def test_an_xlsx_unpacking_past_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "MAX_XLSX_UNCOMPRESSED", 1024 * 1024)
    path = _zip_bomb(tmp_path / "big.xlsx", megabytes=2)
    with pytest.raises(ImportFileError, match=r"unpacks to 2,097,1\d\d bytes \(limit 1,048,576\)"):
        _parse(path)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (4915112345678.0, "4915112345678"),
        (1.5, "1.5"),
        (datetime(2024, 3, 12), "2024-03-12"),
        (datetime(2024, 3, 12, 9, 30), "2024-03-12T09:30:00"),
        (True, "True"),
    ],
)
def test_spreadsheet_values_become_the_text_a_user_sees(value: object, text: str) -> None:
    assert cell_text(value) == text
