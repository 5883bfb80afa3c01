"""Every importer by format name, and recognising an upload's format from its name and first bytes.

``IMPORTERS`` maps a format name to a ready importer; ``detect_format`` picks one for a file the user
did not label. The résumé importer (PDF/DOCX/TXT) lives in ``talentscout.importers.resume`` and is
registered only when that module provides ``ResumeImporter``.
"""

from __future__ import annotations

import csv
import importlib
import re
from pathlib import Path
from typing import cast

from talentscout.importers.ats import GreenhouseImporter, LeverImporter
from talentscout.importers.base import Importer
from talentscout.importers.generic_csv import GenericCsvImporter
from talentscout.importers.jsonresume import JsonResumeImporter
from talentscout.importers.linkedin import LinkedInImporter, is_linkedin_header
from talentscout.importers.text import decode_sample, sniff_delimiter
from talentscout.importers.vcard import VCardImporter

RESUME_MODULE = "talentscout.importers.resume"
RESUME_SUFFIXES = frozenset({".pdf", ".docx", ".doc", ".rtf", ".odt", ".txt", ".md", ".zip"})
SPREADSHEET_SUFFIXES = frozenset({".csv", ".tsv", ".tab", ".xlsx", ".xlsm"})
_PDF, _ZIP, _OLE = b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0"


def _resume_importer() -> Importer | None:
    """The résumé importer, once ``talentscout.importers.resume`` defines ``ResumeImporter``."""
    try:
        module = importlib.import_module(RESUME_MODULE)
    except ImportError as exc:
        if exc.name not in (RESUME_MODULE, None):  # the module exists but one of its imports is broken
            raise
        return None
    factory = getattr(module, "ResumeImporter", None)
    return cast(Importer, factory()) if factory is not None else None


def _build_importers() -> dict[str, Importer]:
    importers: dict[str, Importer] = {
        "csv": GenericCsvImporter(),  # also reads .xlsx, by extension or ZIP content
        "linkedin": LinkedInImporter(),
        "jsonresume": JsonResumeImporter(),
        "vcard": VCardImporter(),
        "greenhouse": GreenhouseImporter(),
        "lever": LeverImporter(),
    }
    # --- résumé files (PDF/DOCX/TXT) — written in talentscout.importers.resume ----------------------
    resume = _resume_importer()
    if resume is not None:
        importers["resume"] = resume
    # -------------------------------------------------------------------------------------------------
    return importers


IMPORTERS: dict[str, Importer] = _build_importers()


def detect_format(path: Path, sample: bytes) -> str | None:
    """The format name for a file, from its extension and its first bytes (``None`` when unsure).

    vCard by ``BEGIN:VCARD``; JSON by its keys (``basics`` → JSON Resume, ``email_addresses`` or
    ``applications`` + ``current_stage`` → Greenhouse, ``emails`` + ``stage``/``archived`` → Lever);
    LinkedIn by its "Notes:" preamble or header; XLSX and CSV as ``"csv"``; PDF/DOCX/TXT (and a
    .zip of them) as ``"resume"`` when that importer is registered.
    """
    suffix = path.suffix.casefold()
    binary = _binary_format(suffix, sample)
    if binary is not None:
        return binary or None
    text = decode_sample(sample) if sample else ""
    head = text.lstrip("\ufeff \t\r\n")
    if suffix in (".vcf", ".vcard") or head[:11].upper() == "BEGIN:VCARD":
        return "vcard"
    if suffix == ".json" or head[:1] in ("{", "["):
        return _json_format(head)
    if _is_linkedin(head):
        return "linkedin"
    # a delimited .txt (or nameless) file is a spreadsheet; other text (.txt, .md) is a résumé
    if suffix in SPREADSHEET_SUFFIXES or (_looks_tabular(head) and suffix not in RESUME_SUFFIXES - {".txt"}):
        return "csv"
    return _resume_or_none(suffix)


def _binary_format(suffix: str, sample: bytes) -> str | None:
    """Formats told by magic bytes: ``"csv"`` for XLSX, ``"resume"`` for PDF/DOCX; ``""`` for an
    unknown binary; ``None`` when the sample is not one of these."""
    if sample.startswith(_ZIP) or suffix in (".xlsx", ".xlsm", ".docx"):
        if suffix in (".xlsx", ".xlsm") or b"xl/" in sample:
            return "csv"
        is_resume = suffix in (".docx", ".zip") or b"word/" in sample  # a .zip is a folder of résumés
        return (_resume_or_none(".docx") if is_resume else None) or ""
    if sample.startswith(_PDF) or suffix == ".pdf" or (sample.startswith(_OLE) and suffix == ".doc"):
        return _resume_or_none(".pdf") or ""
    if sample.startswith(_OLE):
        return ""
    return None


def _resume_or_none(suffix: str) -> str | None:
    return "resume" if suffix in RESUME_SUFFIXES and "resume" in IMPORTERS else None


def _json_format(head: str) -> str | None:
    keys = set(re.findall(r'"([A-Za-z_]+)"\s*:', head))
    if "basics" in keys:
        return "jsonresume"
    if "email_addresses" in keys or {"applications", "current_stage"} <= keys:
        return "greenhouse"
    if "emails" in keys and keys & {"stage", "archived"}:
        return "lever"
    return None


def _is_linkedin(head: str) -> bool:
    if head.startswith("Notes:"):
        return True
    lines = head.splitlines()[:30]
    return any(is_linkedin_header(cells) for cells in csv.reader(lines) if cells)


def _looks_tabular(head: str) -> bool:
    """At least two lines split into the same number (≥ 2) of cells as the first line."""
    lines = [line for line in head.splitlines()[:20] if line.strip()]
    if len(lines) < 2:
        return False
    counts = [len(cells) for cells in csv.reader(lines, delimiter=sniff_delimiter(head))]
    return counts[0] >= 2 and counts.count(counts[0]) >= max(2, len(counts) // 2)
