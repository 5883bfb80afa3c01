"""Plain-text résumés: bytes decoded with the encoding charset-normalizer detects (or the one forced)."""

from __future__ import annotations

import codecs
import contextlib
from importlib.metadata import version

from charset_normalizer import from_bytes

from talentscout.domain.records import ImportFileError

EXTRACTOR = f"charset-normalizer {version('charset-normalizer')}"
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def plain_text(data: bytes, name: str, *, encoding: str | None = None) -> str:
    """Decode ``data``; refuse binary files instead of returning mojibake."""
    if encoding:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as error:
            raise ImportFileError(name, f"cannot be read as {encoding}: {error}") from error
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(bom_encoding, errors="replace")
    if not data.strip():
        return ""
    if b"\x00" in data[:4096]:
        raise ImportFileError(name, "this is a binary file, not plain text")
    with contextlib.suppress(UnicodeDecodeError):
        return data.decode("utf-8")
    return _detected(data, name)


def _detected(data: bytes, name: str) -> str:
    """charset-normalizer's guess, preferring Windows-1252 (the usual legacy résumé encoding) on a tie."""
    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise ImportFileError(name, "the text encoding could not be recognised; save it as UTF-8")
    for match in results:
        if match.chaos <= best.chaos and "cp1252" in match.could_be_from_charset:
            return data.decode("cp1252", errors="replace")
    return str(best)
