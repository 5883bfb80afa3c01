"""The résumé importer: PDF, DOCX and plain-text résumés (one file, a folder or a .zip) to people.

Each file becomes one ``ParsedRow`` whose ``external_id`` is the SHA-256 of the file's bytes, so the
same résumé imported twice (even renamed) is recognised. A file that cannot be read inside a folder or
archive becomes a rejected row and the others go on; a single unreadable file raises ``ImportFileError``.
"""

from __future__ import annotations

import contextlib
import hashlib
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import ClassVar

import phonenumbers

from talentscout.domain.records import ImportFileError, ParsedRow, Problem, SourceChannel
from talentscout.importers.base import ImportOptions
from talentscout.importers.resume.archives import MB, ZipLimits, human_size, open_checked_zip, read_member
from talentscout.importers.resume.extract import (
    RESUME_SUFFIXES,
    UNSUPPORTED_SUFFIXES,
    ExtractLimits,
    extract_text,
)
from talentscout.importers.resume.structure import parse_resume_text

__all__ = ["PARSER_NAME", "ResumeImporter", "parse_resume_text"]

#: bump when the structure rules change, so stored payloads show which rules read them
PARSER_NAME = "talentscout.resume/1"
#: payload text is cut here (a 30-page résumé is ~100k characters)
MAX_TEXT_CHARS = 200_000
#: a résumé inside a .zip expanding more than this (and over 1 MB) is refused as a bomb
MEMBER_MAX_RATIO = 100.0
_NO_TEXT = "no text could be extracted (image-only or empty PDF)"


@dataclass(frozen=True)
class _Source:
    """One file to read: its name in reports and how to get its bytes."""

    name: str
    read: Callable[[], bytes]


class ResumeImporter:
    """Résumé files to ``ParsedRow``s; see the module docstring."""

    format: ClassVar[str] = "resume"
    default_channel: ClassVar[SourceChannel] = SourceChannel.CV_DATABASE

    def __init__(
        self,
        *,
        max_bytes: int = 20 * MB,
        max_pages: int = 30,
        time_limit_s: float = 20.0,
        max_archive_bytes: int = 500 * MB,
        max_files: int = 10_000,
    ) -> None:
        self._limits = ExtractLimits(max_bytes=max_bytes, max_pages=max_pages, time_limit_s=time_limit_s)
        self._max_archive_bytes = max_archive_bytes
        self._max_files = max_files

    def parse(self, path: Path, *, options: ImportOptions) -> Iterator[ParsedRow]:
        display = options.display_name or path.name
        region = _region(options.default_country, display)
        if path.is_dir():
            yield from self._rows(self._folder_sources(path, display), options, region)
        elif path.suffix.lower() == ".zip":
            with contextlib.ExitStack() as stack:
                archive = stack.enter_context(self._open_archive(path, display))
                yield from self._rows(self._zip_sources(archive), options, region)
        else:
            data = _read_file(path, display, max_bytes=self._limits.max_bytes)
            yield self._row(1, display, data, options, region)
            if options.on_progress:
                options.on_progress(1.0)

    def _rows(self, sources: list[_Source], options: ImportOptions, region: str) -> Iterator[ParsedRow]:
        for number, source in enumerate(sources, start=1):
            yield self._safe_row(number, source, options, region)
            if options.on_progress:
                options.on_progress(number / len(sources))

    def _safe_row(self, number: int, source: _Source, options: ImportOptions, region: str) -> ParsedRow:
        try:
            data = source.read()
        except ImportFileError as error:
            return _rejected(number, source.name, error.message, external_id=_digest(source.name.encode()))
        try:
            return self._row(number, source.name, data, options, region)
        except ImportFileError as error:
            return _rejected(number, source.name, error.message, external_id=_digest(data))

    def _row(self, number: int, name: str, data: bytes, options: ImportOptions, region: str) -> ParsedRow:
        extracted = extract_text(data, name, limits=self._limits, encoding=options.encoding)
        text = extracted.text[:MAX_TEXT_CHARS]
        payload = {"filename": name, "text": text, "parser": f"{PARSER_NAME} ({extracted.extractor})"}
        if not text.strip():
            problem = Problem(
                "file", _NO_TEXT if name.lower().endswith(".pdf") else "the file holds no text", fatal=True
            )
            return ParsedRow(external_id=_digest(data), row=number, payload=payload, problems=[problem])
        candidate, problems = parse_resume_text(text, default_region=region)
        problems += [Problem("file", note) for note in extracted.notes]
        if len(extracted.text) > MAX_TEXT_CHARS:
            problems.append(Problem("file", f"text cut at {MAX_TEXT_CHARS} characters"))
        return ParsedRow(
            external_id=_digest(data), row=number, payload=payload, candidate=candidate, problems=problems
        )

    def _folder_sources(self, folder: Path, display: str) -> list[_Source]:
        files = sorted(
            (
                path
                for path in folder.rglob("*")
                if _wanted(path.relative_to(folder).as_posix()) and _is_plain_file(path)
            ),
            key=lambda path: path.relative_to(folder).as_posix(),
        )
        if len(files) > self._max_files:
            raise ImportFileError(
                display, f"{len(files)} résumé files in the folder (limit {self._max_files})"
            )
        max_bytes = self._limits.max_bytes
        return [
            _Source(name=path.relative_to(folder).as_posix(), read=_file_reader(path, folder, max_bytes))
            for path in files
        ]

    @contextlib.contextmanager
    def _open_archive(self, path: Path, display: str) -> Iterator[zipfile.ZipFile]:
        size = path.stat().st_size
        if size > self._max_archive_bytes:
            raise ImportFileError(
                display,
                f"archive is {human_size(size)}, over the {human_size(self._max_archive_bytes)} limit",
            )
        # members are checked one by one in _member_reader (a bad one is a rejected row), the whole here
        limits = ZipLimits(
            max_total_bytes=20 * self._max_archive_bytes, max_ratio=float("inf"), max_entries=self._max_files
        )
        with (
            path.open("rb") as handle,
            open_checked_zip(handle, display, limits, kind="zip archive") as archive,
        ):
            yield archive

    def _zip_sources(self, archive: zipfile.ZipFile) -> list[_Source]:
        members = sorted(
            (member for member in archive.infolist() if not member.is_dir() and _wanted(member.filename)),
            key=lambda member: member.filename,
        )
        max_bytes = self._limits.max_bytes
        return [
            _Source(name=member.filename, read=_member_reader(archive, member, max_bytes))
            for member in members
        ]


def _wanted(relative_name: str) -> bool:
    """Résumé-looking files, skipping hidden files and macOS resource forks."""
    parts = PurePosixPath(relative_name).parts
    if any(part.startswith(".") or part == "__MACOSX" for part in parts):
        return False
    suffix = PurePosixPath(relative_name).suffix.lower()
    return suffix in RESUME_SUFFIXES or suffix in UNSUPPORTED_SUFFIXES or suffix == ".zip"


def _is_plain_file(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def _file_reader(path: Path, folder: Path, max_bytes: int) -> Callable[[], bytes]:
    return lambda: _read_file(path, path.relative_to(folder).as_posix(), max_bytes=max_bytes)


def _member_reader(archive: zipfile.ZipFile, member: zipfile.ZipInfo, max_bytes: int) -> Callable[[], bytes]:
    def read() -> bytes:
        if member.filename.lower().endswith(".zip"):
            raise ImportFileError(member.filename, "zip files inside a zip are not read; unpack it first")
        return read_member(archive, member, max_bytes=max_bytes, max_ratio=MEMBER_MAX_RATIO)

    return read


def _read_file(path: Path, name: str, *, max_bytes: int) -> bytes:
    """The file's bytes; refuses an oversized file from its size alone, before reading anything."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ImportFileError(name, f"file is {human_size(size)}, over the {human_size(max_bytes)} limit")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise ImportFileError(name, f"cannot be read ({error.strerror or error})") from error
    if len(data) > max_bytes:
        raise ImportFileError(name, f"file grew over the {human_size(max_bytes)} limit while being read")
    return data


def _region(country: str | None, display: str) -> str:
    region = (country or "US").upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        raise ImportFileError(
            display, f"unknown default country {country!r}; use an ISO code such as US or DE"
        )
    return region


def _rejected(number: int, name: str, reason: str, *, external_id: str) -> ParsedRow:
    payload = {"filename": name, "text": "", "parser": PARSER_NAME}
    problem = Problem(field="file", reason=reason, value=name, fatal=True)
    return ParsedRow(external_id=external_id, row=number, payload=payload, problems=[problem])


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
