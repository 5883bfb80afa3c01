"""PDF bytes to text with pdfminer.six, page by page, under a page cap and a time budget.

pdfminer.six was chosen over pypdf for its line layout (see docs/decisions/002-resume-text-extraction.md):
it keeps "Company Name July 2011 to November 2012 Accountant" on one line where pypdf breaks it apart.
"""

from __future__ import annotations

import io
import time
import warnings
from dataclasses import dataclass, field
from importlib.metadata import version

from pdfminer.converter import TextConverter
from pdfminer.layout import LAParams
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser

from talentscout.domain.records import ImportFileError

EXTRACTOR = f"pdfminer.six {version('pdfminer.six')}"
PDF_MAGIC = b"%PDF-"


@dataclass
class PageText:
    """Text read from a document, and what was left unread."""

    text: str
    pages_read: int = 0
    notes: list[str] = field(default_factory=list)


def is_pdf(data: bytes) -> bool:
    """PDF readers accept the header anywhere in the first KiB."""
    return PDF_MAGIC in data[:1024]


def pdf_text(data: bytes, name: str, *, max_pages: int, deadline: float) -> PageText:
    """The text of the first ``max_pages`` pages; stops between pages once ``deadline`` has passed.

    Raises ``ImportFileError`` for encrypted, damaged or non-PDF input. pdfminer raises a zoo of
    exception types on hostile input (``PSEOF``, ``KeyError``, ``struct.error``…), so everything it
    raises is reported as a damaged PDF rather than allowed to abort a whole folder import.
    """
    if not is_pdf(data):
        raise ImportFileError(name, "not a PDF file (no %PDF header)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        document = _open(data, name)
        try:
            return _read_pages(document, name, max_pages=max_pages, deadline=deadline)
        except ImportFileError:
            raise
        except Exception as error:  # hostile input: any error means damaged (see docstring)
            raise ImportFileError(
                name, f"damaged PDF, text could not be read ({type(error).__name__})"
            ) from error


def _open(data: bytes, name: str) -> PDFDocument:
    try:
        return PDFDocument(PDFParser(io.BytesIO(data)), password="")
    except PDFPasswordIncorrect as error:
        raise ImportFileError(name, "the PDF is password-protected; ask for an unprotected copy") from error
    except PDFEncryptionError as error:
        raise ImportFileError(name, f"the PDF is encrypted in a way that cannot be read ({error})") from error
    except Exception as error:  # hostile input: see pdf_text
        raise ImportFileError(name, f"damaged PDF, cannot be opened ({type(error).__name__})") from error


def _read_pages(document: PDFDocument, name: str, *, max_pages: int, deadline: float) -> PageText:
    out = io.StringIO()
    resources = PDFResourceManager(caching=True)
    device = TextConverter(resources, out, laparams=LAParams())
    interpreter = PDFPageInterpreter(resources, device)
    result = PageText(text="")
    for page in PDFPage.create_pages(document):
        if result.pages_read >= max_pages:
            result.notes.append(f"only the first {max_pages} pages were read")
            break
        if time.monotonic() > deadline:
            if result.pages_read == 0:
                raise ImportFileError(name, "reading the PDF took too long")
            result.notes.append(f"reading stopped after {result.pages_read} pages (time limit)")
            break
        interpreter.process_page(page)
        result.pages_read += 1
    device.close()
    result.text = out.getvalue()
    return result
