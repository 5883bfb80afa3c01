"""DOCX bytes to text with python-docx: page headers, body (paragraphs, tables, text boxes), footers.

Résumé templates put the name and contact details in page headers, table cells and text boxes, which
``Document.paragraphs`` alone never shows, so the XML is walked in document order. A table row whose
cells each hold one line becomes one line ("Jan 2018 - Present | Acme Corp"). The zip container is
checked for bombs before python-docx sees it.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from importlib.metadata import version
from typing import Any

import docx
from docx.oxml.ns import qn

from talentscout.domain.records import ImportFileError
from talentscout.importers.resume.archives import ZipLimits, open_checked_zip

EXTRACTOR = f"python-docx {version('python-docx')}"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_W_P, _W_TBL, _W_TR, _W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_W_T, _W_TAB, _W_BR, _W_CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_W_TXBX, _W_SDT, _W_SDT_CONTENT = qn("w:txbxContent"), qn("w:sdt"), qn("w:sdtContent")


def docx_text(data: bytes, name: str, *, limits: ZipLimits) -> str:
    """All visible text of a .docx, headers first. Raises ``ImportFileError`` for anything else."""
    if data[:4] == OLE_MAGIC:
        raise ImportFileError(name, "this is an old Word .doc file, not .docx; save it as .docx or PDF")
    with open_checked_zip(data, name, limits, kind="DOCX file") as archive:
        if "word/document.xml" not in archive.namelist():
            raise ImportFileError(name, "not a Word document (no word/document.xml inside)")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # hostile input: python-docx/lxml raise many types on broken parts
        raise ImportFileError(name, f"damaged Word document ({type(error).__name__})") from error
    lines = [
        *_page_parts(document, "header"),
        *_block_lines(document.element.body),
        *_page_parts(document, "footer"),
    ]
    return "\n".join(line for line in lines if line.strip())


def _page_parts(document: Any, kind: str) -> Iterator[str]:
    """Lines of every defined page header (or footer) of every section, each distinct part once."""
    seen: set[str] = set()
    for section in document.sections:
        for part in (
            getattr(section, kind),
            getattr(section, f"first_page_{kind}"),
            getattr(section, f"even_page_{kind}"),
        ):
            if part.is_linked_to_previous:
                continue
            text = "\n".join(_block_lines(part._element))
            if text and text not in seen:
                seen.add(text)
                yield text


def _block_lines(container: Any) -> Iterator[str]:
    for child in container.iterchildren():
        if child.tag == _W_P:
            yield from _paragraph_lines(child)
        elif child.tag == _W_TBL:
            yield from _table_lines(child)
        elif child.tag == _W_SDT:
            content = child.find(_W_SDT_CONTENT)
            if content is not None:
                yield from _block_lines(content)


def _paragraph_lines(paragraph: Any) -> Iterator[str]:
    boxes: list[Any] = []
    text = _inline_text(paragraph, boxes)
    yield from (line.strip() for line in text.split("\n"))
    for box in boxes:
        yield from _block_lines(box)


def _inline_text(node: Any, boxes: list[Any]) -> str:
    """Text of runs under ``node``; text boxes are set aside (``boxes``), VML fallbacks skipped."""
    out: list[str] = []
    for child in node.iterchildren():
        tag = child.tag
        if tag == _MC_FALLBACK:
            continue
        if tag == _W_TXBX:
            boxes.append(child)
        elif tag == _W_T:
            out.append(child.text or "")
        elif tag == _W_TAB:
            out.append("\t")
        elif tag in (_W_BR, _W_CR):
            out.append("\n")
        elif isinstance(tag, str):
            out.append(_inline_text(child, boxes))
    return "".join(out)


def _table_lines(table: Any) -> Iterator[str]:
    for row in table.iterchildren(_W_TR):
        cells = [[line for line in _block_lines(cell) if line] for cell in row.iterchildren(_W_TC)]
        if all(len(cell) <= 1 for cell in cells):
            yield " | ".join(cell[0] for cell in cells if cell)
        else:
            for cell in cells:
                yield from cell
