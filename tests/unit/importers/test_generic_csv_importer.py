"""The generic CSV importer: mapping, ids, encodings, delimiters, ragged rows, hostile content."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from talentscout.domain.records import ImportFileError, ParsedRow, SourceChannel
from talentscout.importers.base import ImportOptions
from talentscout.importers.generic_csv import (
    MAPPABLE_FIELDS,
    GenericCsvImporter,
    guess_id_column,
    guess_mapping,
    read_headers,
    split_values,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "importers"


def _parse(path: Path, options: ImportOptions | None = None) -> list[ParsedRow]:
    return list(GenericCsvImporter().parse(path, options=options or ImportOptions()))


def _write(tmp_path: Path, text: str, name: str = "people.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_generic_csv_is_registered_as_csv_with_the_manual_channel() -> None:
    assert GenericCsvImporter.format == "csv"
    assert GenericCsvImporter.default_channel is SourceChannel.MANUAL


def test_common_headers_are_guessed_whatever_their_case_and_punctuation() -> None:
    headers = ["Candidate ID", "Full Name", "E-mail", "Phone", "Company", "Job Title", "City", "Country",
               "LinkedIn", "GitHub", "Skills", "Tags", "Notes", "Favourite colour"]  # fmt: skip
    assert guess_mapping(headers) == {
        "Full Name": "full_name",
        "E-mail": "emails",
        "Phone": "phones",
        "Company": "current_employer",
        "Job Title": "current_title",
        "City": "city",
        "Country": "country",
        "LinkedIn": "urls",
        "GitHub": "urls",
        "Skills": "skills",
        "Tags": "tags",
        "Notes": "notes",
    }


def test_first_and_last_name_columns_are_guessed_separately() -> None:
    assert guess_mapping(["first_name", "LAST NAME", "mobile", "organisation", "position", "headline"]) == {
        "first_name": "given_name",
        "LAST NAME": "family_name",
        "mobile": "phones",
        "organisation": "current_employer",
        "position": "current_title",
        "headline": "headline",
    }


def test_a_single_valued_field_takes_only_the_first_column_that_names_it() -> None:
    assert guess_mapping(["Title", "Position"]) == {"Title": "current_title"}


def test_numbered_columns_feed_multi_valued_fields_only() -> None:
    assert guess_mapping(["Email 1", "Email 2", "Phone (2)", "Name 2"]) == {
        "Email 1": "emails",
        "Email 2": "emails",
        "Phone (2)": "phones",
    }


def test_the_id_column_is_guessed_from_id_or_candidate_id() -> None:
    assert guess_id_column(["Name", "Candidate ID", "Email"]) == "Candidate ID"
    assert guess_id_column(["id", "name"]) == "id"
    assert guess_id_column(["name", "email"]) is None


def test_the_mapping_form_can_read_the_headers_without_importing() -> None:
    headers = read_headers(FIXTURES / "candidates_semicolon.csv", options=ImportOptions())
    assert headers == ["Vorname", "Nachname", "E-Mail", "Telefon", "Firma", "Position", "Skills"]
    assert guess_mapping(headers) == {
        "Vorname": "given_name",
        "Nachname": "family_name",
        "E-Mail": "emails",
        "Telefon": "phones",
        "Firma": "current_employer",
        "Position": "current_title",
        "Skills": "skills",
    }


def test_duplicate_and_blank_headers_are_made_unique(tmp_path: Path) -> None:
    path = _write(tmp_path, "Email,Email,,Name\na@example.com,b@example.com,x,Ana\n")
    assert read_headers(path, options=ImportOptions()) == ["Email", "Email (2)", "Column 3", "Name"]
    (ana,) = _parse(path)
    assert ana.candidate is not None
    assert ana.candidate.emails == ["a@example.com", "b@example.com"]


def test_every_guessed_field_is_a_mappable_field() -> None:
    assert set(guess_mapping(["name", "email", "city", "skills", "connected on"]).values()) <= set(
        MAPPABLE_FIELDS
    )


def test_multi_valued_cells_split_on_commas_semicolons_and_pipes() -> None:
    assert split_values("skills", "Python, Spark; Airflow|SQL, python") == [
        "Python",
        "Spark",
        "Airflow",
        "SQL",
    ]
    assert split_values("emails", "a@example.com b@example.com;c@example.com") == [
        "a@example.com",
        "b@example.com",
        "c@example.com",
    ]
    assert split_values("phones", "+46 70 123 45 67, +46 8 555 000") == ["+46 70 123 45 67", "+46 8 555 000"]
    assert split_values("notes", "Met at PyData, strong SQL") == ["Met at PyData, strong SQL"]


def test_a_mixed_export_is_mapped_by_guessed_headers_and_keeps_raw_values() -> None:
    rows = _parse(FIXTURES / "candidates_mixed.csv")
    ana = rows[0]
    assert ana.external_id == "C-1001"
    assert ana.row == 1
    assert ana.problems == []
    assert ana.candidate is not None
    assert ana.candidate.full_name == "Ana Souza"
    assert ana.candidate.emails == ["ana.souza@example.com", "ana@souza.dev"]
    assert ana.candidate.phones == ["+55 11 91234-5678"]
    assert ana.candidate.skills == ["Python", "Spark", "Airflow", "SQL"]
    assert ana.candidate.tags == ["backend", "data"]
    assert ana.candidate.urls == ["https://www.linkedin.com/in/anasouza"]
    assert ana.candidate.city == "São Paulo"
    assert ana.candidate.notes == ["Met at PyData, strong SQL"]
    assert ana.payload["Full Name"] == "Ana Souza"
    assert ana.payload["Skills"] == "Python, Spark; Airflow|SQL"


def test_formula_and_script_text_in_names_are_kept_as_data() -> None:
    rows = {r.external_id: r for r in _parse(FIXTURES / "candidates_mixed.csv")}
    assert rows["C-1002"].candidate is not None
    assert rows["C-1002"].candidate.full_name == '=HYPERLINK("http://evil.example/x","Click me")'
    assert rows["C-1003"].candidate is not None
    assert rows["C-1003"].candidate.full_name == "<script>alert(1)</script>"


def test_a_row_with_nothing_identifying_is_rejected_and_the_others_still_come() -> None:
    rows = _parse(FIXTURES / "candidates_mixed.csv")
    rejected = [r for r in rows if r.rejected]
    assert [r.external_id for r in rejected] == ["C-1004"]
    assert rejected[0].row == 4
    assert rejected[0].payload["Tags"] == "tags-only"
    assert rejected[0].problems[-1].fatal
    assert rejected[0].problems[-1].field == "row"
    assert len(rows) - len(rejected) == 5


def test_a_row_with_an_empty_id_gets_a_content_hash_and_a_warning() -> None:
    mei = _parse(FIXTURES / "candidates_mixed.csv")[-1]
    assert mei.external_id.startswith("sha256:")
    assert mei.candidate is not None
    assert mei.candidate.full_name == "Mei Tanaka"
    assert [(p.field, p.fatal) for p in mei.problems] == [("Candidate ID", False)]


def test_without_an_id_column_the_hash_is_stable_across_reimports() -> None:
    first = [r.external_id for r in _parse(FIXTURES / "candidates_bom.csv")]
    second = [r.external_id for r in _parse(FIXTURES / "candidates_bom.csv")]
    assert first == second
    assert len(set(first)) == 2


def test_a_bom_does_not_end_up_in_the_first_header() -> None:
    rows = _parse(FIXTURES / "candidates_bom.csv")
    assert list(rows[0].payload) == ["Name", "Email", "Company", "Title"]
    assert rows[0].candidate is not None
    assert rows[0].candidate.full_name == "Zoë Kravitz"
    assert rows[1].candidate is not None
    assert rows[1].candidate.full_name == "Ólafur Arnalds"


def test_a_latin1_export_keeps_its_accented_names() -> None:
    names = [r.candidate.full_name for r in _parse(FIXTURES / "candidates_latin1.csv") if r.candidate]
    assert names == ["Jürgen Müller", "José García", "Françoise Lefèvre", "João São Bento"]


def test_a_semicolon_export_with_german_headers_is_split_and_mapped() -> None:
    rows = _parse(FIXTURES / "candidates_semicolon.csv")
    assert len(rows) == 3
    katrin = rows[0].candidate
    assert katrin is not None
    assert katrin.full_name == "Katrin Schulz"
    assert katrin.current_employer == "SAP SE"
    assert katrin.phones == ["+49 30 1234567"]
    assert katrin.skills == ["Python", "R", "SQL"]
    assert rows[2].candidate is not None
    assert rows[2].candidate.phones == []


def test_ragged_rows_are_recovered_with_a_warning() -> None:
    rows = _parse(FIXTURES / "candidates_ragged.csv")
    assert [r.rejected for r in rows] == [False, False, False, False]
    assert rows[0].problems == []
    short, long, trailing = rows[1], rows[2], rows[3]
    assert short.candidate is not None
    assert short.candidate.current_employer is None
    assert short.problems[0].reason == "only 2 cells but the header has 3; missing cells read as empty"
    assert long.payload["_extra"] == ["extra-value", "another"]
    assert long.candidate is not None
    assert long.candidate.current_employer == "Itaú"
    assert not long.problems[0].fatal
    assert trailing.problems == []


def test_an_explicit_mapping_and_id_column_override_the_guess(tmp_path: Path) -> None:
    path = _write(tmp_path, "Ref,Who,Contact,Org\nR-9,Ana Lima,ana@example.com,Globo\n")
    rows = _parse(
        path,
        ImportOptions(mapping={"Who": "full_name", "Contact": "emails", "Org": "agency"}, id_column="Ref"),
    )
    assert rows[0].external_id == "R-9"
    assert rows[0].candidate is not None
    assert rows[0].candidate.agency == "Globo"
    assert rows[0].candidate.current_employer is None


def test_a_mapping_to_an_unknown_field_is_a_file_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "Who\nAna\n")
    with pytest.raises(ImportFileError, match="unknown field\\(s\\): salary"):
        _parse(path, ImportOptions(mapping={"Who": "salary"}))


def test_a_mapping_naming_a_missing_column_is_a_file_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "Who\nAna\n")
    with pytest.raises(ImportFileError, match="mapped column\\(s\\) not in the file: Name"):
        _parse(path, ImportOptions(mapping={"Name": "full_name"}))


def test_an_id_column_that_is_not_in_the_file_is_a_file_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "name\nAna\n")
    with pytest.raises(ImportFileError, match="the id column 'Ref' is not in the file"):
        _parse(path, ImportOptions(id_column="Ref"))


def test_headers_we_cannot_map_are_a_file_error_listing_them(tmp_path: Path) -> None:
    path = _write(tmp_path, "foo,bar\n1,2\n")
    with pytest.raises(ImportFileError, match="no column looks like a candidate field \\(foo, bar\\)"):
        _parse(path)


def test_an_unreadable_connected_on_date_is_a_warning_not_a_rejection(tmp_path: Path) -> None:
    path = _write(tmp_path, "name,connected on\nAna,12 Mar 2024\nBo,yesterday\n")
    ana, bo = _parse(path)
    assert ana.candidate is not None
    assert ana.candidate.connected_on is not None
    assert ana.candidate.connected_on.isoformat() == "2024-03-12"
    assert bo.candidate is not None
    assert bo.candidate.connected_on is None
    assert [(p.field, p.value, p.fatal) for p in bo.problems] == [("connected on", "yesterday", False)]


def test_blank_lines_are_skipped_but_still_counted_in_row_numbers(tmp_path: Path) -> None:
    path = _write(tmp_path, "\n\nname,email\nAna,ana@example.com\n\n,\nBo,bo@example.com\n")
    rows = _parse(path)
    assert [(r.row, r.candidate.full_name if r.candidate else None) for r in rows] == [(1, "Ana"), (4, "Bo")]


def test_a_quoted_cell_may_span_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, 'name,notes\nAna,"line one\nline two"\nBo,short\n')
    rows = _parse(path)
    assert rows[0].candidate is not None
    assert rows[0].candidate.notes == ["line one\nline two"]
    assert rows[1].row == 2


def test_a_nul_byte_in_a_cell_does_not_crash_the_import(tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(b"name,email\nAn\x00a,ana@example.com\nBo,bo@example.com\n")
    rows = _parse(path)
    assert [r.candidate.full_name for r in rows if r.candidate] == ["Ana", "Bo"]


def test_an_absurd_field_is_rejected_and_the_next_rows_still_import(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text('name,email\n"' + "x" * 2_000_000 + '",a@example.com\nBo,bo@example.com\n')
    rows = _parse(path)
    assert rows[0].rejected
    assert rows[0].problems[0].reason.startswith("unreadable CSV record: field larger than field limit")
    assert rows[-1].candidate is not None
    assert rows[-1].candidate.full_name == "Bo"


def test_a_whitespace_only_file_has_no_header(tmp_path: Path) -> None:
    path = _write(tmp_path, "\n\n   \n")
    with pytest.raises(ImportFileError, match="no header row found"):
        _parse(path)


def test_a_header_only_file_yields_nothing(tmp_path: Path) -> None:
    assert _parse(_write(tmp_path, "name,email\n")) == []


def test_a_png_renamed_to_csv_is_refused_with_the_display_name(tmp_path: Path) -> None:
    path = tmp_path / "upload-1234"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    with pytest.raises(ImportFileError) as excinfo:
        _parse(path, ImportOptions(display_name="people.csv"))
    assert str(excinfo.value) == "people.csv: this is a PNG image, not a text file"


def test_progress_is_reported_while_reading_and_ends_at_one(tmp_path: Path) -> None:
    lines = "".join(f"Person {i},p{i}@example.com\n" for i in range(2500))
    path = _write(tmp_path, "name,email\n" + lines)
    seen: list[float] = []
    rows = _parse(path, ImportOptions(on_progress=seen.append))
    assert len(rows) == 2500
    assert len(seen) == 3
    assert 0 < seen[0] <= seen[1] <= 1.0
    assert seen[-1] == 1.0


def _peak_memory_for(path: Path) -> int:
    tracemalloc.start()
    try:
        count = sum(1 for _ in GenericCsvImporter().parse(path, options=ImportOptions()))
        assert count > 0
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_however_many_rows_the_file_has(tmp_path: Path) -> None:
    def write(rows: int) -> Path:
        path = tmp_path / f"{rows}.csv"
        with path.open("w", encoding="utf-8") as handle:
            handle.write("id,name,email,company,skills\n")
            handle.writelines(
                f'{i},Person {i},p{i}@example.com,Co {i % 97},"Python, SQL"\n' for i in range(rows)
            )
        return path

    small, large = _peak_memory_for(write(1_500)), _peak_memory_for(write(12_000))
    assert large < small * 1.25  # 8x the rows, about the same peak: nothing accumulates
