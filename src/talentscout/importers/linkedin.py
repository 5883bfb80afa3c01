"""LinkedIn's ``Connections.csv`` export (Settings → Data privacy → Get a copy of your data).

The file opens with a few "Notes:" lines and a blank line, then the header
``First Name,Last Name,URL,Email Address,Company,Position,Connected On``. Email addresses are often
empty (members hide them), so the profile URL is the id; "Connected On" reads like "12 Mar 2024".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

from talentscout.domain.records import CandidateData, ParsedRow, Problem, SourceChannel
from talentscout.importers.base import ImportOptions
from talentscout.importers.dates import parse_date
from talentscout.importers.text import CsvTable, TableRow, bounded_id, content_hash

LINKEDIN_HEADER = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On")
MAX_PREAMBLE = 20


def _key(header: str) -> str:
    return "".join(header.casefold().split())


def is_linkedin_header(cells: list[str]) -> bool:
    """The header of a Connections export (column order and later additions do not matter)."""
    names = {_key(c) for c in cells}
    return {"firstname", "lastname"} <= names and bool({"url", "emailaddress"} & names)


class LinkedInImporter:
    """One row per first-degree connection; the channel is ``SOCIAL``."""

    format: ClassVar[str] = "linkedin"
    default_channel: ClassVar[SourceChannel] = SourceChannel.SOCIAL

    def parse(self, path: Path, *, options: ImportOptions) -> Iterator[ParsedRow]:
        no_header = f"no LinkedIn header ({', '.join(LINKEDIN_HEADER)}) in the first {MAX_PREAMBLE} lines"
        with CsvTable(
            path,
            options=options,
            header_test=is_linkedin_header,
            max_preamble=MAX_PREAMBLE,
            no_header=no_header,
        ) as table:
            columns = {_key(h): h for h in reversed(table.headers)}
            for row in table.rows():
                yield _parsed_row(row, columns)


def _parsed_row(row: TableRow, columns: Mapping[str, str]) -> ParsedRow:
    problems = list(row.problems)
    if any(p.fatal for p in problems):
        return ParsedRow(f"row-{row.number}", row.number, row.payload, None, problems)

    def cell(key: str) -> str:
        return str(row.payload.get(columns.get(key, ""), "") or "").strip()

    candidate, more = _candidate(cell)
    problems.extend(more)
    external_id = _external_id(candidate, row.payload)
    if candidate.is_empty():
        problems.append(Problem("row", "no name, profile URL, email, company or position", fatal=True))
        return ParsedRow(external_id, row.number, row.payload, None, problems)
    return ParsedRow(external_id, row.number, row.payload, candidate, problems)


def _candidate(cell: Callable[[str], str]) -> tuple[CandidateData, list[Problem]]:
    given, family = cell("firstname") or None, cell("lastname") or None
    data = CandidateData(
        full_name=" ".join(n for n in (given, family) if n) or None,
        given_name=given,
        family_name=family,
        current_employer=cell("company") or None,
        current_title=cell("position") or None,
        urls=[cell("url")] if cell("url") else [],
        emails=[cell("emailaddress")] if cell("emailaddress") else [],
    )
    connected = parse_date(cell("connectedon"), field="Connected On")
    data.connected_on = connected.value
    return data, [connected.problem] if connected.problem else []


def _external_id(candidate: CandidateData, payload: dict[str, Any]) -> str:
    """The profile URL, else the email, else a hash of the row (LinkedIn rows have no id of their own)."""
    if candidate.urls:
        return bounded_id(candidate.urls[0].rstrip("/"))
    if candidate.emails:
        return bounded_id(candidate.emails[0].casefold())
    return content_hash(payload)
