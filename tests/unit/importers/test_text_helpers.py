"""The shared reading helpers: encodings, delimiters, long lines, dates, ids, JSON."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from talentscout.domain.records import ImportFileError
from talentscout.importers.base import ImportOptions
from talentscout.importers.dates import parse_date
from talentscout.importers.json_input import load_json
from talentscout.importers.text import (
    LineReader,
    bounded_id,
    content_hash,
    detect_encoding,
    iter_csv,
    open_text,
    sniff_delimiter,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "importers"


def _read(path: Path, *, encoding: str | None = None, display_name: str | None = None) -> str:
    options = ImportOptions(encoding=encoding, display_name=display_name)
    with open_text(path, options=options) as handle:
        return handle.read()


def test_utf8_with_bom_is_read_without_the_bom() -> None:
    text = _read(FIXTURES / "candidates_bom.csv")
    assert text.startswith("Name,Email")
    assert "Zoë Kravitz" in text


def test_utf16_with_bom_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "utf16.csv"
    path.write_bytes("name,city\nÅsa Berg,Malmö\n".encode("utf-16"))
    assert detect_encoding(path.read_bytes()) == "utf-16"
    assert _read(path) == "name,city\nÅsa Berg,Malmö\n"


def test_latin1_file_is_read_as_cp1252_not_as_central_european() -> None:
    raw = (FIXTURES / "candidates_latin1.csv").read_bytes()
    assert detect_encoding(raw) == "cp1252"
    text = _read(FIXTURES / "candidates_latin1.csv")
    assert "Müller" in text
    assert "José" in text
    assert "Lefèvre" in text
    assert "São Bento" in text


def test_polish_cp1250_file_keeps_its_letters() -> None:
    raw = "Imię;Nazwisko\nŁukasz;Wałęsa\nZofia;Łódź\n".encode("cp1250")
    assert detect_encoding(raw) == "cp1250"


def test_cyrillic_cp1251_is_not_mistaken_for_western() -> None:
    raw = "Имя;Фамилия\nИван;Петров\nОльга;Смирнова\n".encode("cp1251")
    assert detect_encoding(raw) == "cp1251"


def test_strict_utf8_wins_even_when_the_sample_ends_mid_character() -> None:
    raw = ("Zoë," * 10).encode("utf-8")
    assert detect_encoding(raw[:-2]) == "utf-8"  # cut inside the last "ë"


def test_a_forced_encoding_overrides_detection(tmp_path: Path) -> None:
    path = tmp_path / "forced.csv"
    path.write_bytes("name\nJürgen\n".encode())
    assert _read(path, encoding="latin-1") == "name\nJÃ¼rgen\n"


def test_an_unknown_forced_encoding_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("name\nAna\n")
    with pytest.raises(ImportFileError, match="unknown encoding 'klingon'"):
        _read(path, encoding="klingon")


def test_an_empty_file_is_a_file_error_naming_the_uploaded_file(tmp_path: Path) -> None:
    path = tmp_path / "tmp123.csv"
    path.write_bytes(b"")
    with pytest.raises(ImportFileError) as excinfo:
        _read(path, display_name="my contacts.csv")
    assert excinfo.value.filename == "my contacts.csv"
    assert excinfo.value.message == "the file is empty"


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "a PNG image"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "an old Office file"),
        (bytes(range(32)) * 20, "does not look like a text file"),
    ],
)
def test_binary_content_is_refused_as_not_text(tmp_path: Path, content: bytes, what: str) -> None:
    path = tmp_path / "upload.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=what):
        _read(path)


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("name,email\nAna,ana@example.com\nBo,bo@example.com\n", ","),
        ("name;skills\nAna;Python, SQL, Go\nBo;Java, Kotlin\n", ";"),
        ("name\tcity\nAna\tRio\nBo\tOslo\n", "\t"),
        ("name|city|country\nAna|Rio|BR\n", "|"),
        ('name,note\n"Souza; Ana","likes ; and |"\n', ","),
        ("just one column\nAna\n", ","),
    ],
)
def test_the_delimiter_is_sniffed_from_a_sample(sample: str, expected: str) -> None:
    assert sniff_delimiter(sample) == expected


def test_nul_bytes_are_dropped_from_csv_lines() -> None:
    handle = io.TextIOWrapper(io.BytesIO(b"name,email\nAn\x00a,ana@example.com\n"), newline="")
    records = list(iter_csv(LineReader(handle), ","))
    assert [r.cells for r in records] == [["name", "email"], ["Ana", "ana@example.com"]]


def test_an_absurdly_long_line_becomes_an_error_record_and_reading_goes_on() -> None:
    data = b"name,email\n" + b"x" * 5000 + b"\nBo,bo@example.com\n"
    handle = io.TextIOWrapper(io.BytesIO(data), newline="")
    records = list(iter_csv(LineReader(handle, limit=1000), ","))
    assert records[0].cells == ["name", "email"]
    assert records[1].error == "a line longer than 1,000 characters was skipped"
    assert records[2].cells == ["Bo", "bo@example.com"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12 Mar 2024", date(2024, 3, 12)),
        ("2024-03-12", date(2024, 3, 12)),
        ("2024-03", date(2024, 3, 1)),
        ("2024", date(2024, 1, 1)),
        ("Mar 2024", date(2024, 3, 1)),
        ("March 2024", date(2024, 3, 1)),
        ("Sept 2021", date(2021, 9, 1)),
        ("03/2024", date(2024, 3, 1)),
        ("12-Mar-24", date(2024, 3, 12)),
        ("Mar 12, 2024", date(2024, 3, 12)),
        ("31.12.2020", date(2020, 12, 31)),
        ("2023-05-04T14:03:21.000Z", date(2023, 5, 4)),
    ],
)
def test_dates_in_the_formats_we_see_are_read(raw: str, expected: date) -> None:
    assert parse_date(raw, field="start") == (expected, False, None)


@pytest.mark.parametrize("raw", ["Present", "current", "NOW", " present "])
def test_present_current_and_now_mean_an_ongoing_period(raw: str) -> None:
    assert parse_date(raw, field="end") == (None, True, None)


@pytest.mark.parametrize("raw", ["", "   ", None])
def test_an_empty_date_is_no_date_and_no_problem(raw: str | None) -> None:
    assert parse_date(raw, field="end") == (None, False, None)


@pytest.mark.parametrize("raw", ["sometime last year", "2024-13", "2024-02-30", "Ma 2024", "13/2024"])
def test_an_unreadable_date_gives_a_non_fatal_problem_naming_the_field(raw: str) -> None:
    value, is_current, problem = parse_date(raw, field="Connected On")
    assert value is None
    assert not is_current
    assert problem is not None
    assert problem.field == "Connected On"
    assert problem.value == raw
    assert not problem.fatal


def test_the_content_hash_ignores_case_spacing_and_key_order() -> None:
    first = content_hash({"name": "Ana  Souza", "email": "ANA@example.com", "city": ""})
    second = content_hash({"email": "ana@example.com", "name": " ana souza "})
    assert first == second
    assert first.startswith("sha256:")
    assert first != content_hash({"name": "Ana Souza", "email": "bo@example.com"})


def test_an_id_too_long_for_the_database_is_hashed() -> None:
    assert bounded_id("  C-1001 ") == "C-1001"
    long_id = bounded_id("https://example.com/" + "a" * 600)
    assert long_id.startswith("sha256:")
    assert len(long_id) == 71


def test_json_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text("[" + ",".join(["{}"] * 100) + "]")
    with pytest.raises(ImportFileError, match="JSON imports stop at 50"):
        load_json(path, options=ImportOptions(), max_bytes=50)


def test_invalid_json_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"basics": {"name": "Ana"')
    with pytest.raises(ImportFileError, match="not valid JSON"):
        load_json(path, options=ImportOptions(display_name="resume.json"))


def test_deeply_nested_json_is_a_file_error_not_a_recursion_crash(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ImportFileError, match="not valid JSON"):
        load_json(path, options=ImportOptions())


def test_json_in_latin1_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "latin.json"
    path.write_bytes('{"basics": {"name": "José Müller"}}'.encode("latin-1"))
    assert load_json(path, options=ImportOptions()) == {"basics": {"name": "José Müller"}}


def test_json_text_that_no_database_can_store_is_cleaned(tmp_path: Path) -> None:
    path = tmp_path / "odd.json"
    path.write_text(r'{"name": "An\u0000a", "note": "\ud800!", "emoji": "\ud83d\ude00", "n": 1e999}')
    assert load_json(path, options=ImportOptions()) == {
        "name": "Ana",
        "note": "\ufffd!",
        "emoji": "😀",
        "n": "1e999",
    }


def test_nan_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "nan.json"
    path.write_text('{"score": NaN}')
    with pytest.raises(ImportFileError, match="NaN is not JSON"):
        load_json(path, options=ImportOptions())
