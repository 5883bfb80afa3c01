from __future__ import annotations

import pytest

from talentscout.domain.spreadsheet import safe_cell


@pytest.mark.parametrize(
    "cell",
    ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "-2+3+cmd", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_formula_looking_cells_are_neutralised_with_a_leading_quote(cell: str) -> None:
    assert safe_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["+49 30 1234567", "-5", "Ada Lovelace", "", "a=b"])
def test_ordinary_values_and_phone_numbers_are_left_alone(cell: str) -> None:
    assert safe_cell(cell) == cell


def test_none_becomes_an_empty_cell() -> None:
    assert safe_cell(None) == ""
