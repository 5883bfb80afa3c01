"""The command line: `talentscout import` for every format, re-import, and `export records`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from talentscout.cli import app

FIXTURES = Path(__file__).parents[1] / "fixtures"
FORMATS = [
    ("importers/linkedin_connections.csv", "linkedin"),
    ("importers/candidates_latin1.csv", "csv"),
    ("importers/resumes_array.json", "jsonresume"),
    ("importers/contacts_v4.vcf", "vcard"),
    ("importers/greenhouse_candidates.json", "greenhouse"),
    ("importers/lever_opportunities.json", "lever"),
]


def _summary(output: str) -> dict[str, int]:
    line = next(x for x in output.splitlines() if "rows read" in x)
    numbers: dict[str, int] = {}
    for part in line.replace(":", ",").split(","):
        words = part.split()
        if len(words) >= 2 and words[-1].isdigit():
            numbers[" ".join(words[:-1])] = int(words[-1])
    return numbers


@pytest.mark.parametrize(("fixture", "fmt"), FORMATS)
def test_each_format_imports_from_the_command_line_and_a_reimport_changes_nothing(
    cli: CliRunner, fixture: str, fmt: str
) -> None:
    path = FIXTURES / fixture
    first = cli.invoke(app, ["import", str(path), "--format", fmt, "--source", f"test {fmt}"])
    assert first.exit_code == 0, first.output
    counts = _summary(first.output)
    assert counts["created"] > 0
    again = cli.invoke(app, ["import", str(path), "--format", fmt, "--source", f"test {fmt}"])
    assert again.exit_code == 0, again.output
    repeat = _summary(again.output)
    assert repeat["created"] == 0
    assert repeat["updated"] == 0
    assert repeat["unchanged"] == counts["created"] + counts["updated"]


def test_the_reject_report_names_file_row_and_field(cli: CliRunner) -> None:
    result = cli.invoke(
        app, ["import", str(FIXTURES / "pool" / "candidates.csv"), "--id-column", "Candidate ID"]
    )
    assert result.exit_code == 0, result.output
    assert "candidates.csv, row 3" in result.output
    assert "candidates.csv, row 4, field email" in result.output


def test_export_records_lists_every_source_record_with_its_person(cli: CliRunner) -> None:
    for fixture, fmt in FORMATS[:3]:
        assert cli.invoke(app, ["import", str(FIXTURES / fixture), "--format", fmt]).exit_code == 0
    result = cli.invoke(app, ["export", "records", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0].keys()) == ["source", "source_id", "person_id"]
    assert len({r["source"] for r in rows}) == 3
    assert all(r["person_id"].isdigit() for r in rows)


def test_exported_people_have_formula_cells_neutralised(cli: CliRunner) -> None:
    cli.invoke(app, ["import", str(FIXTURES / "pool" / "candidates.csv"), "--id-column", "Candidate ID"])
    result = cli.invoke(app, ["export", "people"])
    names = [r["display_name"] for r in csv.DictReader(io.StringIO(result.stdout))]
    formula = [n for n in names if "HYPERLINK" in n]
    assert formula == ['\'=HYPERLINK("http://evil.example","click")']
