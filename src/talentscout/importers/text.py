"""Shared reading helpers for the text-based importers: encodings, CSV, ids and progress.

Everything here streams: a CSV is read one physical line at a time (capped at ``MAX_LINE_CHARS``) so a
million-row file imports with flat memory and an absurd line or a NUL byte becomes a row problem, not a
crash. Dates are in ``importers.dates``, JSON input in ``importers.json_input``.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple, cast

from charset_normalizer import from_bytes

from talentscout.domain.records import ImportFileError, Problem
from talentscout.importers.base import ImportOptions

SAMPLE_BYTES = 64 * 1024
MAX_FIELD_CHARS = 1_000_000
MAX_LINE_CHARS = 4_000_000
MAX_EXTERNAL_ID = 500  # the width of source_records.external_id
PROGRESS_EVERY = 1000
DELIMITERS = (",", ";", "\t", "|")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: single-byte code pages charset-normalizer confuses on short Western samples (it reads "José" as cp1250)
_LATIN_LOOKALIKES = {"cp1250", "cp1252", "iso8859_1", "iso8859_2", "iso8859_15", "mac_roman", "cp850"}
_BINARY_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (an .xlsx or .docx?)",
    b"\xd0\xcf\x11\xe0": "an old Office file (.xls/.doc); save it as CSV or XLSX",
}


def display_name(path: Path, options: ImportOptions) -> str:
    """The file name used in every message: the uploaded name, not a temporary path."""
    return options.display_name or path.name


# --- encodings ---------------------------------------------------------------------------------------


def detect_encoding(head: bytes) -> str:
    """Guess the encoding of a file from its first bytes: BOM, strict UTF-8, charset-normalizer, cp1252."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    best = from_bytes(head).best()
    guess = codecs.lookup(best.encoding).name.replace("-", "_") if best else None
    if guess is None or guess in _LATIN_LOOKALIKES:
        return _best_latin(head, guess)
    return guess


def _best_latin(head: bytes, guess: str | None) -> str:
    """cp1252 unless the other code page turns clearly more of the non-ASCII bytes into letters."""

    def letters(encoding: str) -> int:
        text = head.decode(encoding, errors="replace")
        return sum(1 if unicodedata.category(c).startswith("L") else -1 for c in text if ord(c) > 127)

    if guess and guess != "cp1252" and letters(guess) > letters("cp1252"):
        return guess
    return "cp1252"


def decode_sample(sample: bytes) -> str:
    """Decode a short sample leniently (used to sniff formats)."""
    return sample.decode(detect_encoding(sample), errors="replace")


def open_text(path: Path, *, options: ImportOptions) -> io.TextIOWrapper:
    """Open ``path`` as a streaming text handle (``newline=""``, undecodable bytes replaced).

    Raises ``ImportFileError`` for a missing or empty file, an unknown forced encoding, or content that
    is clearly binary (a PDF, an image, an old ``.xls``…).
    """
    name = display_name(path, options)
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise ImportFileError(name, f"cannot open the file ({exc.strerror})") from exc
    try:
        head = raw.read(SAMPLE_BYTES)
        raw.seek(0)
        if not head:
            raise ImportFileError(name, "the file is empty")
        encoding = _chosen_encoding(name, head, options.encoding)
        _refuse_binary(name, head, encoding)
    except BaseException:
        raw.close()
        raise
    return io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")


def _chosen_encoding(name: str, head: bytes, forced: str | None) -> str:
    if not forced:
        return detect_encoding(head)
    try:
        return codecs.lookup(forced).name
    except LookupError as exc:
        raise ImportFileError(name, f"unknown encoding {forced!r}") from exc


def _refuse_binary(name: str, head: bytes, encoding: str) -> None:
    for magic, what in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise ImportFileError(name, f"this is {what}, not a text file")
    text = head.decode(encoding, errors="replace")
    odd = sum(1 for c in text if (ord(c) < 32 and c not in "\t\n\r\f\v") or c == "\ufffd")
    if odd > max(8, len(text) // 20):
        raise ImportFileError(name, "this does not look like a text file (too many control bytes)")


# --- CSV ---------------------------------------------------------------------------------------------


def sniff_delimiter(sample: str) -> str:
    """Pick the delimiter (comma, semicolon, tab or pipe) that splits the sample most consistently."""
    lines = sample.splitlines(keepends=True)
    if len(sample) >= SAMPLE_BYTES // 2 and len(lines) > 1:
        lines = lines[:-1]  # probably cut in the middle
    lines = [line for line in lines[:50] if line.strip()]
    best, best_score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        counts = [len(cells) for cells in csv.reader(lines, delimiter=delimiter) if cells]
        if not counts:
            continue
        modal = max(set(counts), key=counts.count)
        score = (counts.count(modal) / len(counts), modal) if modal > 1 else (0.0, 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


class LineReader:
    """Iterate a text handle line by line, dropping NUL characters and skipping absurdly long lines.

    An over-long line is replaced by an empty one and counted in ``oversized`` so the caller can report
    it; memory stays bounded by ``limit``.
    """

    def __init__(self, handle: io.TextIOWrapper, limit: int = MAX_LINE_CHARS) -> None:
        self.handle = handle
        self.limit = limit
        self.oversized = 0

    def __iter__(self) -> LineReader:
        return self

    def __next__(self) -> str:
        line = self.handle.readline(self.limit)
        if not line:
            raise StopIteration
        if len(line) >= self.limit and not line.endswith(("\n", "\r")):
            while (rest := self.handle.readline(self.limit)) and not rest.endswith(("\n", "\r")):
                pass
            self.oversized += 1
            return "\n"
        return line.replace("\x00", "") if "\x00" in line else line


class CsvRecord(NamedTuple):
    cells: list[str]
    error: str | None


def iter_csv(lines: LineReader, delimiter: str) -> Iterator[CsvRecord]:
    """Yield every CSV record; a record the csv module chokes on comes back with ``error`` set."""
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FIELD_CHARS))
    reader = csv.reader(lines, delimiter=delimiter)
    while True:
        before = lines.oversized
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield CsvRecord([], f"unreadable CSV record: {exc}")
            continue
        if lines.oversized > before:
            yield CsvRecord([], f"a line longer than {lines.limit:,} characters was skipped")
        else:
            yield CsvRecord(cells, None)


def unique_headers(cells: list[str]) -> list[str]:
    """Header names made unique and non-empty (``Email``, ``Email (2)``, ``Column 3``)."""
    seen: dict[str, int] = {}
    headers = []
    for index, cell in enumerate(cells, start=1):
        base = cell.strip() or f"Column {index}"
        seen[base] = seen.get(base, 0) + 1
        headers.append(base if seen[base] == 1 else f"{base} ({seen[base]})")
    return headers


def table_payload(
    headers: list[str], cells: list[str], *, pad_silently: bool = False
) -> tuple[dict[str, Any], list[Problem]]:
    """Zip one record with the header; ragged records are recovered and flagged (non-fatal).

    Extra non-blank cells are kept under ``"_extra"`` in the payload; missing cells read as empty.
    """
    payload: dict[str, Any] = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(headers)}
    problems: list[Problem] = []
    extra = cells[len(headers) :]
    if any(c.strip() for c in extra):
        payload["_extra"] = extra
        reason = f"{len(cells)} cells but the header has {len(headers)}; extra cells not imported"
        problems.append(Problem("row", reason))
    elif len(cells) < len(headers) and not pad_silently:
        reason = f"only {len(cells)} cells but the header has {len(headers)}; missing cells read as empty"
        problems.append(Problem("row", reason))
    return payload, problems


def is_blank(cells: list[str]) -> bool:
    return not any(c.strip() for c in cells)


class TableRow(NamedTuple):
    number: int  # 1-based data row (records after the header, blank ones included)
    payload: dict[str, Any]
    problems: list[Problem]


class CsvTable:
    """A CSV file as ``headers`` plus a stream of ``rows()``; use it as a context manager.

    The header is the first record passing ``header_test`` (default: the first non-blank one) within
    ``max_preamble`` records, so exports with a preamble (LinkedIn's "Notes:") work. Blank records are
    skipped but still counted, so row numbers match what a user sees.
    """

    def __init__(
        self,
        path: Path,
        *,
        options: ImportOptions,
        delimiter: str | None = None,
        header_test: Callable[[list[str]], bool] | None = None,
        max_preamble: int = 1000,
        no_header: str = "no header row found",
    ) -> None:
        self.name = display_name(path, options)
        self._handle = open_text(path, options=options)
        try:
            self._progress = Progress(options.on_progress, path.stat().st_size)
            sample = self._handle.read(SAMPLE_BYTES)
            self._handle.seek(0)
            self._records = iter_csv(LineReader(self._handle), delimiter or sniff_delimiter(sample))
            test = header_test or (lambda cells: not is_blank(cells))
            self.headers = self._find_header(test, max_preamble, no_header)
        except BaseException:
            self._handle.close()
            raise

    def _find_header(self, test: Callable[[list[str]], bool], max_preamble: int, no_header: str) -> list[str]:
        for _, record in zip(range(max_preamble), self._records, strict=False):
            if record.error is None and test(record.cells):
                return unique_headers(record.cells)
        raise ImportFileError(self.name, no_header)

    def rows(self) -> Iterator[TableRow]:
        raw = cast("BinaryIO", self._handle.buffer)
        for number, record in enumerate(self._records, start=1):
            self._progress.step(raw.tell())
            if record.error is not None:
                yield TableRow(number, {}, [Problem("row", record.error, fatal=True)])
            elif not is_blank(record.cells):
                payload, problems = table_payload(self.headers, record.cells)
                yield TableRow(number, payload, problems)
        self._progress.done()

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> CsvTable:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- ids and progress ------------------------------------------------------------------------------


def content_hash(values: Mapping[str, Any]) -> str:
    """A stable id for a record without one: SHA-256 of its case- and space-normalised values."""
    normal = []
    for key, value in values.items():
        if value is None or value == [] or value == {}:
            continue
        text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, default=str)
        text = " ".join(text.split()).casefold()
        if text:
            normal.append((key, text))
    digest = hashlib.sha256(json.dumps(sorted(normal), ensure_ascii=False).encode("utf-8")).hexdigest()
    return f"sha256:{digest}"


def bounded_id(value: str) -> str:
    """An external id that fits the database column (very long ids are hashed)."""
    value = value.strip()
    if len(value) <= MAX_EXTERNAL_ID:
        return value
    return "sha256:" + hashlib.sha256(value.encode("utf-8")).hexdigest()


class Progress:
    """Calls ``options.on_progress`` with a 0..1 fraction every ``every`` steps and at the end."""

    def __init__(
        self, callback: Callable[[float], None] | None, total: int, every: int = PROGRESS_EVERY
    ) -> None:
        self.callback = callback
        self.total = max(total, 1)
        self.every = every
        self.steps = 0

    def step(self, position: int) -> None:
        self.steps += 1
        if self.callback is not None and self.steps % self.every == 0:
            self.callback(min(position / self.total, 1.0))

    def done(self) -> None:
        if self.callback is not None:
            self.callback(1.0)
