"""Plain-text résumés: bytes decoded with the encoding charset-normalizer detects (or the one forced)."""

from __future__ import annotations

import codecs
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
    best = from_bytes(data).best()
    if best is None:
        raise ImportFileError(name, "the text encoding could not be recognised; save it as UTF-8")
    return str(best)
