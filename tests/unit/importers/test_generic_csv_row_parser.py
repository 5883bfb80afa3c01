"""The generic CSV importer split in two: records read here, parsed elsewhere (a worker process)."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from talentscout.importers.base import ImportOptions
from talentscout.importers.generic_csv import GenericCsvImporter, RowParser, candidate_from_values

CSV = (
    "id,Name,Email,Email 2,Phone,Company,Connected On,Connected Again,Skills\n"
    "a1,Ada Lovelace,ada@example.org,ADA@example.org b@example.org,+44 20 7946 0018,Engines,present,"
    '2024-03,"Python, SQL"\n'
    "a2,,,,,,,,\n"
)


def _round_trip(value: Any) -> Any:
    """What a process pool does to an argument (our own data, not untrusted input)."""
    return pickle.loads(pickle.dumps(value))  # noqa: S301


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "people.csv"
    path.write_text(CSV, encoding="utf-8", newline="")
    return path


def test_reading_and_parsing_apart_gives_what_parse_gives(tmp_path: Path) -> None:
    path, options = _file(tmp_path), ImportOptions(id_column="id")
    importer = GenericCsvImporter()
    with importer.open_records(path, options=options) as records:
        rows = list(records)
        parser = _round_trip(records.parser)  # as a worker process receives it
    assert all(type(r) is tuple for r in rows)
    assert [parser(r) for r in _round_trip(rows)] == list(importer.parse(path, options=options))


def test_the_first_column_with_a_value_wins_and_multi_valued_columns_merge_in_order() -> None:
    mapping = {"Company": "current_employer", "Employer": "current_employer", "E1": "emails", "E2": "emails"}
    values = {"Company": " ", "Employer": "Globex", "E1": "a@x.org; b@x.org", "E2": "B@X.ORG c@x.org"}
    data, problems = candidate_from_values(values, mapping)
    assert data.current_employer == "Globex"
    assert data.emails == ["a@x.org", "b@x.org", "c@x.org"]
    assert problems == []


def test_a_date_column_saying_present_leaves_the_date_to_a_later_column() -> None:
    parser = RowParser.for_mapping({"A": "connected_on", "B": "connected_on", "Name": "full_name"}, None)
    data, _ = parser.candidate({"A": "present", "B": "2024-03", "Name": "Ada"})
    assert data.connected_on is not None
    assert data.connected_on.isoformat() == "2024-03-01"


def test_the_records_close_the_file_when_done(tmp_path: Path) -> None:
    with GenericCsvImporter().open_records(_file(tmp_path), options=ImportOptions()) as records:
        table = records._table
    assert table._handle.closed  # type: ignore[attr-defined]
