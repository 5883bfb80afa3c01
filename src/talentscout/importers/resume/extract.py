"""One résumé file's bytes to text, by format, under the size, page and time limits."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import PurePath

from talentscout.domain.records import ImportFileError
from talentscout.importers.resume import docx_text, pdf_text, plain_text
from talentscout.importers.resume.archives import MB, ZipLimits

#: the suffixes read as résumés
RESUME_SUFFIXES = frozenset({".pdf", ".docx", ".txt"})
#: read as plain text when given as a single file (not picked up from folders: README.md is no résumé)
TEXT_SUFFIXES = frozenset({".txt", ".md"})
#: résumé formats people send that cannot be read: reported, not silently skipped
UNSUPPORTED_SUFFIXES = frozenset({".doc", ".rtf", ".odt", ".pages", ".wps"})


@dataclass(frozen=True)
class ExtractLimits:
    """How much of one file is read."""

    max_bytes: int = 20 * MB
    max_pages: int = 30
    time_limit_s: float = 20.0

    @property
    def docx_zip(self) -> ZipLimits:
        return ZipLimits(max_total_bytes=5 * self.max_bytes, max_ratio=100.0, max_entries=2_000)


@dataclass
class Extracted:
    """The text of one file and how it was obtained."""

    text: str
    extractor: str
    notes: list[str] = field(default_factory=list)


def extract_text(data: bytes, name: str, *, limits: ExtractLimits, encoding: str | None = None) -> Extracted:
    """Text of a .pdf, .docx or .txt file's bytes. Raises ``ImportFileError`` when it cannot be read."""
    suffix = PurePath(name).suffix.lower()
    if len(data) > limits.max_bytes:
        raise ImportFileError(name, f"file is over the {limits.max_bytes // MB} MB limit")
    if suffix == ".pdf" or (suffix not in RESUME_SUFFIXES | TEXT_SUFFIXES and pdf_text.is_pdf(data)):
        deadline = time.monotonic() + limits.time_limit_s
        pages = pdf_text.pdf_text(data, name, max_pages=limits.max_pages, deadline=deadline)
        return Extracted(text=pages.text, extractor=pdf_text.EXTRACTOR, notes=pages.notes)
    if suffix == ".docx":
        return Extracted(
            text=docx_text.docx_text(data, name, limits=limits.docx_zip), extractor=docx_text.EXTRACTOR
        )
    if suffix in TEXT_SUFFIXES:
        return Extracted(
            text=plain_text.plain_text(data, name, encoding=encoding), extractor=plain_text.EXTRACTOR
        )
    if suffix in UNSUPPORTED_SUFFIXES:
        raise ImportFileError(name, f"{suffix} files cannot be read; save the résumé as PDF or DOCX")
    raise ImportFileError(
        name, f"unsupported file type {suffix or '(none)'}; expected .pdf, .docx, .txt or .md"
    )
