"""Whatever bytes arrive, an importer yields rows or raises ImportFileError — nothing else."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentscout.domain.records import ImportFileError, ParsedRow
from talentscout.importers.base import ImportOptions
from talentscout.importers.registry import IMPORTERS, detect_format

STRUCTURED = ["csv", "linkedin", "jsonresume", "vcard", "greenhouse", "lever"]
SUFFIXES = {"csv": ".csv", "linkedin": ".csv", "jsonresume": ".json", "vcard": ".vcf",
            "greenhouse": ".json", "lever": ".json"}  # fmt: skip

#: text shaped like the formats, so the fuzzing reaches past the first checks
_FRAGMENTS = st.sampled_from(
    [
        "Notes:\n", "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
        "name,email\n", "Ana,ana@example.com\n", '"', ",", ";", "\n", "\r\n", "\x00", "=HYPERLINK(",
        "BEGIN:VCARD\n", "END:VCARD\n", "VERSION:3.0\n", "FN:Ana\n", "N:;;\n", "EMAIL;TYPE=work:a@b\n",
        "ADR:;;;;\n", "ORG:\n", '{"basics": {"name": "Ana"}}', "[", "]", "{", "}", '"id": 1,',
        '"email_addresses": [{"value": 1}]', '"applications": [{"current_stage": null}]',
        '"emails": ["x"], "stage": {"text": 5}', '"createdAt": -1e400', '"work": [{"startDate": 7}]',
    ]
)  # fmt: skip
_TEXTISH = st.lists(st.one_of(_FRAGMENTS, st.text(max_size=20)), max_size=30).map("".join)


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


def _run(fmt: str, data: bytes, folder: Path) -> list[ParsedRow] | None:
    path = folder / f"input{SUFFIXES[fmt]}"
    path.write_bytes(data)
    try:
        rows = list(IMPORTERS[fmt].parse(path, options=ImportOptions()))
    except ImportFileError:
        return None
    for row in rows:
        assert row.external_id
        assert "\\u0000" not in json.dumps(row.payload, allow_nan=False)  # storable as JSON anywhere
        assert row.candidate is not None or row.rejected
    return rows


@pytest.mark.parametrize("fmt", STRUCTURED)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000))
def test_random_bytes_yield_rows_or_a_file_error(fmt: str, data: bytes, workdir: Path) -> None:
    _run(fmt, data, workdir)


@pytest.mark.parametrize("fmt", STRUCTURED)
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_TEXTISH, encoding=st.sampled_from(["utf-8", "utf-16", "latin-1"]))
def test_format_shaped_text_yields_rows_or_a_file_error(
    fmt: str, text: str, encoding: str, workdir: Path
) -> None:
    _run(fmt, text.encode(encoding, errors="replace"), workdir)


@settings(max_examples=100, deadline=None)
@given(
    name=st.sampled_from(["x.csv", "x.json", "x.vcf", "x.xlsx", "x.txt", "x"]), sample=st.binary(max_size=500)
)
def test_format_detection_never_crashes(name: str, sample: bytes) -> None:
    assert detect_format(Path(name), sample) in {*IMPORTERS, None}
