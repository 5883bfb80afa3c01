"""Any spreadsheet of people (CSV or XLSX), mapped column by column onto ``CandidateData``.

The web import page shows a mapping form: ``read_headers(path, options=...)`` gives the file's columns,
the form lists ``MAPPABLE_FIELDS`` and is pre-filled with ``guess_mapping(headers)`` (and
``guess_id_column(headers)``); the chosen mapping comes back as ``ImportOptions.mapping``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Protocol, cast

from talentscout.domain.records import CandidateData, ImportFileError, ParsedRow, Problem, SourceChannel
from talentscout.importers.base import ImportOptions
from talentscout.importers.dates import parse_date
from talentscout.importers.text import (
    CsvTable,
    TableRow,
    bounded_id,
    content_hash,
)
from talentscout.importers.xlsx import XlsxTable, is_xlsx

#: the CandidateData fields a column can be mapped to, in the order the mapping form shows them
MAPPABLE_FIELDS: tuple[str, ...] = (
    "full_name",
    "given_name",
    "family_name",
    "emails",
    "phones",
    "urls",
    "headline",
    "current_title",
    "current_employer",
    "location",
    "city",
    "region",
    "country",
    "skills",
    "languages",
    "tags",
    "notes",
    "summary",
    "referred_by",
    "agency",
    "event",
    "connected_on",
)
#: fields that take several values; a cell is split on , ; | (emails and URLs also on whitespace)
MULTI_VALUED_FIELDS = frozenset({"emails", "phones", "urls", "skills", "languages", "tags", "notes"})
DATE_FIELDS = frozenset({"connected_on"})

#: normalised header names (see ``normalise_header``) each field is guessed from, English first
_ALIASES: dict[str, str] = {
    "full_name": "name fullname candidatename candidate contactname displayname vollername",
    "given_name": "firstname givenname forename first vorname prénom prenom nombre",
    "family_name": "lastname surname familyname last nachname nom apellido apellidos",
    "emails": "email emails emailaddress emailaddresses mail workemail personalemail",
    "phones": "phone phones phonenumber mobile mobilephone cell telephone tel telefon handy téléphone",
    "urls": "linkedin linkedinurl linkedinprofile github githuburl website url homepage portfolio profileurl "
    "twitter links",
    "headline": "headline",
    "current_title": "title jobtitle position role currenttitle currentposition",
    "current_employer": "company employer organisation organization currentcompany currentemployer "
    "companyname firma unternehmen arbeitgeber entreprise empresa",
    "location": "location address",
    "city": "city town stadt ort wohnort ville ciudad",
    "region": "region state province county",
    "country": "country countrycode land pays país pais",
    "skills": "skills skill keywords technologies",
    "languages": "languages language spokenlanguages",
    "tags": "tags tag labels",
    "notes": "notes note comments comment",
    "summary": "summary bio about description",
    "referred_by": "referredby referrer referral",
    "agency": "agency",
    "event": "event",
    "connected_on": "connectedon",
}
_HEADER_TO_FIELD = {alias: field for field, aliases in _ALIASES.items() for alias in aliases.split()}
_ID_ALIASES = ("candidateid", "externalid", "applicantid", "personid", "contactid", "id")


def normalise_header(header: str) -> str:
    """``"E-mail Address"`` → ``"emailaddress"``: case, spaces, dashes, dots and underscores ignored."""
    return re.sub(r"[\s_\-.:/#*()]+", "", header.casefold())


def guess_mapping(headers: Iterable[str]) -> dict[str, str]:
    """Guess {column → field} from common header names; columns we do not recognise are left out.

    Several columns may feed one multi-valued field (LinkedIn + GitHub → ``urls``); a single-valued
    field takes the first column that names it.
    """
    mapping: dict[str, str] = {}
    for header in headers:
        name = normalise_header(header)
        field = _HEADER_TO_FIELD.get(name)
        if field is None and _HEADER_TO_FIELD.get(name.rstrip("0123456789")) in MULTI_VALUED_FIELDS:
            field = _HEADER_TO_FIELD[name.rstrip("0123456789")]  # "Email 2", "Phone (2)"
        if field and (field in MULTI_VALUED_FIELDS or field not in mapping.values()):
            mapping[header] = field
    return mapping


def guess_id_column(headers: Iterable[str]) -> str | None:
    """The column that looks like the source's own id ("Candidate ID", "id"), if any."""
    by_name = {normalise_header(h): h for h in reversed(list(headers))}
    return next((by_name[alias] for alias in _ID_ALIASES if alias in by_name), None)


_SPLIT_LOOSE = re.compile(r"[,;|\s]+")  # emails and URLs never contain spaces
_SPLIT = re.compile(r"\s*[,;|]\s*")


def split_values(field: str, raw: str) -> list[str]:
    """Split a multi-valued cell; duplicates (ignoring case) are dropped, order is kept."""
    if field == "notes":
        return [raw.strip()] if raw.strip() else []
    pattern = _SPLIT_LOOSE if field in ("emails", "urls") else _SPLIT
    raw = raw.strip()
    if pattern.search(raw) is None:  # one value: the common case
        return [raw] if raw else []
    values: dict[str, str] = {}
    for value in pattern.split(raw):
        if value:
            values.setdefault(value.casefold(), value)
    return list(values.values())


def candidate_from_values(
    values: Mapping[str, Any], mapping: Mapping[str, str]
) -> tuple[CandidateData, list[Problem]]:
    """Build a ``CandidateData`` from one row; values stay raw (normalisation happens downstream)."""
    return RowParser.for_mapping(mapping, None).candidate(values)


#: a table row as ``TableRecords`` yields it: ``TableRow`` fields (number, payload, problems) as a tuple
Record = tuple[int, dict[str, Any], list[Problem]] | TableRow


@dataclass(frozen=True)
class RowParser:
    """Turns one table row into a ``ParsedRow``, with the mapping worked out once per file.

    Picklable, so a process pool can parse rows while the importing process reads the file. For each
    field the first column with a value wins (single values) or the columns' values are merged in
    mapping order (multi-valued fields), exactly as the mapping lists them.
    """

    texts: tuple[tuple[str, str], ...]
    multi: tuple[tuple[str, str], ...]
    dates: tuple[tuple[str, str], ...]
    id_column: str | None

    @classmethod
    def for_mapping(cls, mapping: Mapping[str, str], id_column: str | None) -> RowParser:
        items = list(mapping.items())
        return cls(
            texts=tuple((c, f) for c, f in items if f not in MULTI_VALUED_FIELDS and f not in DATE_FIELDS),
            multi=tuple((c, f) for c, f in items if f in MULTI_VALUED_FIELDS),
            dates=tuple((c, f) for c, f in items if f in DATE_FIELDS),
            id_column=id_column,
        )

    def candidate(self, values: Mapping[str, Any]) -> tuple[CandidateData, list[Problem]]:
        found: dict[str, Any] = {}
        problems: list[Problem] = []
        for column, field in self.texts:
            if field not in found and (raw := _text(values.get(column))):
                found[field] = raw
        for column, field in self.multi:
            if raw := _text(values.get(column)):
                current: list[str] | None = found.get(field)
                if current is None:
                    found[field] = split_values(field, raw)
                else:
                    seen = {v.casefold() for v in current}
                    current.extend(v for v in split_values(field, raw) if v.casefold() not in seen)
        for column, field in self.dates:
            if raw := _text(values.get(column)):
                parsed = parse_date(raw, field=column)
                if parsed.problem:
                    problems.append(parsed.problem)
                elif found.get(field) is None:
                    found[field] = parsed.value
        data = CandidateData(**found)
        if not data.full_name and (data.given_name or data.family_name):
            data.full_name = " ".join(n for n in (data.given_name, data.family_name) if n)
        return data, problems

    def __call__(self, row: Record) -> ParsedRow:
        number, payload, problems = row[0], row[1], list(row[2])
        if any(p.fatal for p in problems):
            return ParsedRow(f"row-{number}", number, payload, None, problems)
        candidate, more = self.candidate(payload)
        problems.extend(more)
        id_column = self.id_column
        source_id = _text(payload.get(id_column)) if id_column else ""
        if id_column and not source_id:
            problems.append(Problem(id_column, "empty id; a content hash identifies this row instead"))
        if source_id:
            external_id = bounded_id(source_id)
        else:
            external_id = content_hash({k: v for k, v in payload.items() if k != id_column})
        if candidate.is_empty():
            reason = "no name, email, phone, URL, title, employer or skills in this row"
            return ParsedRow(
                external_id, number, payload, None, [*problems, Problem("row", reason, fatal=True)]
            )
        return ParsedRow(external_id, number, payload, candidate, problems)


def _text(value: Any) -> str:
    return str(value or "").strip()


class TableRecords:
    """A table's rows, not yet parsed, and the picklable ``parser`` that turns each into a ``ParsedRow``.

    ``parse`` is ``map(parser, records)``; the ingest service uses the two halves separately so that
    parsing can run in worker processes. Close it (or use it as a context manager) when done.
    """

    def __init__(self, table: _Table, parser: RowParser) -> None:
        self._table = table
        self.parser = parser

    def __iter__(self) -> Iterator[Record]:
        # plain tuples: a NamedTuple costs ~3× more to pickle for a worker process
        return cast("Iterator[Record]", map(tuple, self._table.rows()))

    def close(self) -> None:
        self._table.close()

    def __enter__(self) -> TableRecords:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Table(Protocol):
    name: str
    headers: list[str]

    def rows(self) -> Iterator[TableRow]: ...
    def close(self) -> None: ...


class GenericCsvImporter:
    """CSV (any delimiter, any common encoding) or XLSX, with a column mapping.

    The default channel is ``MANUAL``: a hand-made spreadsheet says nothing about where its people
    came from, so the recruiter picks the real channel on the import page.
    """

    format: ClassVar[str] = "csv"
    default_channel: ClassVar[SourceChannel] = SourceChannel.MANUAL

    def parse(self, path: Path, *, options: ImportOptions) -> Iterator[ParsedRow]:
        with self.open_records(path, options=options) as records:
            parser = records.parser
            for row in records:
                yield parser(row)

    def open_records(self, path: Path, *, options: ImportOptions) -> TableRecords:
        """The file's rows and their parser (raises ``ImportFileError`` like ``parse``)."""
        table = _open_table(path, options)
        try:
            parser = RowParser.for_mapping(
                _checked_mapping(table, options), _checked_id_column(table, options)
            )
        except BaseException:
            table.close()
            raise
        return TableRecords(table, parser)


def read_headers(path: Path, *, options: ImportOptions) -> list[str]:
    """The header row of a CSV or XLSX, for the mapping form (raises ``ImportFileError`` like ``parse``)."""
    table = _open_table(path, options)
    table.close()
    return table.headers


def _open_table(path: Path, options: ImportOptions) -> _Table:
    return XlsxTable(path, options=options) if is_xlsx(path) else CsvTable(path, options=options)


def _checked_mapping(table: _Table, options: ImportOptions) -> dict[str, str]:
    mapping = {c.strip(): f for c, f in options.mapping.items() if f} or guess_mapping(table.headers)
    unknown = sorted({f for f in mapping.values() if f not in MAPPABLE_FIELDS})
    if unknown:
        raise ImportFileError(table.name, f"the mapping names unknown field(s): {', '.join(unknown)}")
    missing = [c for c in mapping if c not in table.headers]
    if missing:
        raise ImportFileError(table.name, f"mapped column(s) not in the file: {', '.join(missing)}")
    if not mapping:
        columns = ", ".join(table.headers[:20])
        raise ImportFileError(table.name, f"no column looks like a candidate field ({columns}); map them")
    return mapping


def _checked_id_column(table: _Table, options: ImportOptions) -> str | None:
    if options.id_column is None:
        return guess_id_column(table.headers)
    if options.id_column.strip() not in table.headers:
        raise ImportFileError(table.name, f"the id column {options.id_column!r} is not in the file")
    return options.id_column.strip()
