"""XLSX input: the first worksheet streamed through openpyxl's read-only mode, zip bombs refused first."""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import BinaryIO

import openpyxl
from openpyxl.workbook.workbook import Workbook

from talentscout.domain.records import ImportFileError
from talentscout.importers.base import ImportOptions
from talentscout.importers.text import (
    Progress,
    TableRow,
    display_name,
    is_blank,
    table_payload,
    unique_headers,
)

MAX_XLSX_UNCOMPRESSED = 512 * 1024 * 1024
MAX_XLSX_RATIO = 100  # checked once the archive unpacks to more than RATIO_FLOOR
RATIO_FLOOR = 8 * 1024 * 1024
MAX_XLSX_MEMBERS = 10_000
_ZIP_MAGIC = b"PK\x03\x04"


def is_xlsx(path: Path) -> bool:
    """An ``.xlsx``/``.xlsm`` name, or ZIP content whatever the name says."""
    if path.suffix.casefold() in (".xlsx", ".xlsm"):
        return True
    try:
        with path.open("rb") as handle:
            return handle.read(4) == _ZIP_MAGIC
    except OSError:
        return False


def refuse_zip_bomb(path: Path, name: str) -> None:
    """Check the archive's declared sizes before openpyxl unpacks anything.

    Python's ``zipfile`` never inflates a member past its declared size, so these numbers bound the
    work openpyxl can be made to do.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFileError(name, "this is not a valid XLSX file (it is not a ZIP archive)") from exc
    unpacked = sum(m.file_size for m in members)
    packed = max(sum(m.compress_size for m in members), 1)
    if len(members) > MAX_XLSX_MEMBERS:
        raise ImportFileError(name, f"the XLSX archive holds {len(members):,} files; refusing it")
    if unpacked > MAX_XLSX_UNCOMPRESSED:
        limit = MAX_XLSX_UNCOMPRESSED
        raise ImportFileError(name, f"the XLSX unpacks to {unpacked:,} bytes (limit {limit:,}); refusing it")
    if unpacked > RATIO_FLOOR and unpacked / packed > MAX_XLSX_RATIO:
        ratio = unpacked // packed
        raise ImportFileError(name, f"the XLSX is compressed {ratio:,}:1, like a zip bomb; refusing it")


class XlsxTable:
    """The first worksheet of an XLSX as ``headers`` plus streamed ``rows()`` (openpyxl read-only)."""

    def __init__(self, path: Path, *, options: ImportOptions) -> None:
        self.name = display_name(path, options)
        refuse_zip_bomb(path, self.name)
        self._file = path.open("rb")  # a handle, not the path: openpyxl refuses names without ".xlsx"
        try:
            self._book = _open_workbook(self._file, self.name)
        except BaseException:
            self._file.close()
            raise
        try:
            if not self._book.worksheets:
                raise ImportFileError(self.name, "the spreadsheet has no worksheet")
            sheet = self._book.worksheets[0]
            self._progress = Progress(options.on_progress, int(getattr(sheet, "max_row", 0) or 0))
            self._values = iter(sheet.iter_rows(values_only=True))
            self._number = 0
            self.headers = self._find_header()
        except BaseException:
            self.close()
            raise

    def _next_cells(self) -> list[str] | None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                values = next(self._values)
        except StopIteration:
            return None
        except Exception as exc:  # a damaged sheet fails half-way through
            raise ImportFileError(self.name, f"the spreadsheet is damaged ({type(exc).__name__})") from exc
        self._number += 1
        return [cell_text(v) for v in values]

    def _find_header(self) -> list[str]:
        while (cells := self._next_cells()) is not None:
            if not is_blank(cells):
                return unique_headers(_trim(cells))
        raise ImportFileError(self.name, "the first worksheet is empty")

    def rows(self) -> Iterator[TableRow]:
        header_row = self._number
        while (cells := self._next_cells()) is not None:
            self._progress.step(self._number)
            if not is_blank(cells):
                payload, problems = table_payload(self.headers, _trim(cells), pad_silently=True)
                yield TableRow(self._number - header_row, payload, problems)
        self._progress.done()

    def close(self) -> None:
        self._book.close()
        self._file.close()


def _open_workbook(handle: BinaryIO, name: str) -> Workbook:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises a dozen types for damaged files
        raise ImportFileError(name, f"cannot open the spreadsheet ({type(exc).__name__})") from exc


def _trim(cells: list[str]) -> list[str]:
    """Drop trailing empty cells (openpyxl pads rows to the sheet's width)."""
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


def cell_text(value: object) -> str:
    """A spreadsheet value as the text a user sees (``4915112345678.0`` → ``"4915112345678"``)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value).replace("\x00", "")
