"""Reading résumé files: PDF, DOCX, text, folders and zips, and refusing the hostile ones."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from talentscout.domain.records import ImportFileError, ParsedRow, SourceChannel
from talentscout.importers.base import Importer, ImportOptions
from talentscout.importers.resume import ResumeImporter

MB = 1024 * 1024
RESUME_LINES = [
    "Jane Doe",
    "Data Engineer",
    "Leeds, UK | jane.doe@example.com | +44 113 496 0000",
    "Experience",
    "Data Engineer, Acme Ltd, 2019 - Present",
    "Skills",
    "Python, SQL",
]


def make_pdf(lines: list[str], *, image_only: bool = False) -> bytes:
    """A minimal valid PDF: one page showing ``lines`` in Helvetica (or a lone image, no text)."""
    escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
    if image_only:
        content = b"q 200 0 0 200 72 500 cm /Im1 Do Q"
    else:
        content = (
            "BT /F1 11 Tf 72 760 Td 14 TL " + " ".join(f"({line}) Tj T*" for line in escaped) + " ET"
        ).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def make_docx() -> bytes:
    document = docx.Document()
    header = document.sections[0].header
    header.paragraphs[0].text = "Jane Doe"
    header.add_paragraph("jane.doe@example.com | +44 113 496 0000 | Leeds, UK")
    document.add_paragraph("Experience")
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(
        table.rows[0].cells, ["Jan 2018 - Present", "Acme Ltd", "Senior Engineer"], strict=True
    ):
        cell.text = text
    document.add_paragraph("Skills")
    document.add_paragraph("Python, SQL")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def parse(path: Path, **options: str) -> list[ParsedRow]:
    return list(ResumeImporter().parse(path, options=ImportOptions(**options)))  # type: ignore[arg-type]


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_the_importer_implements_the_importer_port() -> None:
    importer: Importer = ResumeImporter()

    assert (importer.format, importer.default_channel) == ("resume", SourceChannel.CV_DATABASE)


def test_a_pdf_resume_becomes_one_structured_row(tmp_path: Path) -> None:
    [row] = parse(write(tmp_path / "jane.pdf", make_pdf(RESUME_LINES)))

    assert row.candidate is not None
    assert not row.rejected
    assert row.candidate.full_name == "Jane Doe"
    assert row.candidate.emails == ["jane.doe@example.com"]
    assert row.candidate.phones == ["+44 113 496 0000"]
    assert row.candidate.experiences[0].employer == "Acme Ltd"
    assert row.row == 1
    assert row.payload["filename"] == "jane.pdf"
    assert "Data Engineer" in row.payload["text"]
    assert row.payload["parser"].startswith("talentscout.resume/1 (pdfminer.six")


def test_the_external_id_is_the_file_hash_so_a_renamed_file_is_the_same_record(tmp_path: Path) -> None:
    data = make_pdf(RESUME_LINES)
    [first] = parse(write(tmp_path / "jane.pdf", data))
    [renamed] = parse(write(tmp_path / "cv-final-v2.pdf", data))

    assert first.external_id == renamed.external_id
    assert len(first.external_id) == 64


@pytest.mark.parametrize("image_only", [True, False])
def test_an_image_only_or_blank_pdf_gives_no_person_and_a_fatal_problem(
    tmp_path: Path, image_only: bool
) -> None:
    [row] = parse(write(tmp_path / "scan.pdf", make_pdf([], image_only=image_only)))

    assert row.candidate is None
    assert row.rejected
    assert [(p.field, p.reason, p.fatal) for p in row.problems] == [
        ("file", "no text could be extracted (image-only or empty PDF)", True)
    ]


def test_a_password_protected_pdf_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(RESUME_LINES))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)

    with pytest.raises(ImportFileError, match="password-protected"):
        parse(write(tmp_path / "locked.pdf", buffer.getvalue()))


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage", b"hello, I am not a PDF", b""],
)
def test_a_corrupt_pdf_is_refused_with_a_clear_message(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(ImportFileError, match="PDF") as raised:
        parse(write(tmp_path / "broken.pdf", data))

    assert raised.value.filename == "broken.pdf"


def test_only_the_first_pages_are_read_and_the_cut_is_reported(tmp_path: Path) -> None:
    reader = PdfReader(io.BytesIO(make_pdf(RESUME_LINES)))
    writer = PdfWriter()
    for _ in range(3):
        writer.add_page(reader.pages[0])
    buffer = io.BytesIO()
    writer.write(buffer)
    importer = ResumeImporter(max_pages=2)

    [row] = importer.parse(write(tmp_path / "long.pdf", buffer.getvalue()), options=ImportOptions())

    assert row.payload["text"].count("Jane Doe") == 2
    assert "only the first 2 pages were read" in [p.reason for p in row.problems]


def test_a_docx_is_read_with_its_page_header_and_table_cells(tmp_path: Path) -> None:
    [row] = parse(write(tmp_path / "jane.docx", make_docx()))

    assert row.candidate is not None
    assert row.candidate.full_name == "Jane Doe"
    assert row.candidate.emails == ["jane.doe@example.com"]
    assert row.candidate.location == "Leeds, UK"
    job = row.candidate.experiences[0]
    assert (job.title, job.employer, job.is_current) == ("Senior Engineer", "Acme Ltd", True)
    assert row.candidate.skills == ["Python", "SQL"]


def test_a_zip_bomb_disguised_as_docx_is_refused_fast_without_inflating_it(tmp_path: Path) -> None:
    bomb = tmp_path / "cv.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * MB
            for _ in range(200):
                member.write(chunk)
    assert bomb.stat().st_size < 2 * MB

    started = time.monotonic()
    with pytest.raises(ImportFileError, match="zip bomb") as raised:
        parse(bomb)

    assert time.monotonic() - started < 2.0
    assert "200.0 MB" in raised.value.message


def test_an_old_word_doc_renamed_to_docx_is_refused_with_advice(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match=r"old Word \.doc"):
        parse(write(tmp_path / "cv.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512))


def test_a_file_over_the_size_limit_is_refused_from_its_size_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as handle:
        handle.truncate(50 * MB)

    started = time.monotonic()
    with pytest.raises(ImportFileError, match=r"50\.0 MB, over the 20\.0 MB limit"):
        parse(huge)

    assert time.monotonic() - started < 0.5


def test_a_text_resume_in_a_legacy_encoding_is_decoded(tmp_path: Path) -> None:
    text = "Zoë Müller\nIngénieure logiciel\nzoe.muller@example.fr\nSkills\nPython, Rust\n" * 3
    [row] = parse(write(tmp_path / "zoe.txt", text.encode("cp1252")))

    assert row.candidate is not None
    assert row.candidate.full_name == "Zoë Müller"
    assert row.candidate.emails == ["zoe.muller@example.fr"]


def test_a_forced_encoding_overrides_detection(tmp_path: Path) -> None:
    [row] = parse(
        write(tmp_path / "cv.txt", "Łukasz Żółw\nSkills\nC\n".encode("iso-8859-2")), encoding="iso-8859-2"
    )

    assert row.candidate is not None
    assert row.candidate.full_name == "Łukasz Żółw"


def test_a_folder_yields_one_row_per_resume_sorted_and_a_bad_file_does_not_stop_the_rest(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "inbox"
    write(folder / "b.pdf", make_pdf(RESUME_LINES))
    write(folder / "a-broken.pdf", b"%PDF-1.7 truncated")
    write(folder / "c-scan.pdf", make_pdf([], image_only=True))
    write(folder / "d.doc", b"\xd0\xcf\x11\xe0")
    write(folder / "nested" / "e.docx", make_docx())
    write(folder / ".hidden.txt", b"Jane Doe")
    write(folder / "notes.md", b"# not a resume")
    progress: list[float] = []

    rows = list(ResumeImporter().parse(folder, options=ImportOptions(on_progress=progress.append)))

    assert [(row.row, row.payload["filename"], row.rejected) for row in rows] == [
        (1, "a-broken.pdf", True),
        (2, "b.pdf", False),
        (3, "c-scan.pdf", True),
        (4, "d.doc", True),
        (5, "nested/e.docx", False),
    ]
    assert rows[0].problems[0].field == "file"
    assert "damaged PDF" in rows[0].problems[0].reason
    assert ".doc files cannot be read" in rows[3].problems[0].reason
    assert progress[-1] == 1.0


def test_a_zip_of_resumes_is_read_member_by_member_with_limits(tmp_path: Path) -> None:
    archive_path = tmp_path / "batch.zip"
    with zipfile.ZipFile(archive_path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("jane.pdf", make_pdf(RESUME_LINES))
        archive.writestr("__MACOSX/._jane.pdf", b"junk")
        archive.writestr("inner.zip", b"PK\x05\x06" + b"\0" * 18)
        archive.writestr("big.txt", os.urandom(2 * MB + 10))
        archive.writestr("zeros.txt", b"\0" * (3 * MB // 2))

    rows = list(ResumeImporter(max_bytes=2 * MB).parse(archive_path, options=ImportOptions()))

    assert [(row.payload["filename"], row.rejected) for row in rows] == [
        ("big.txt", True),
        ("inner.zip", True),
        ("jane.pdf", False),
        ("zeros.txt", True),
    ]
    assert "over the 2.0 MB limit" in rows[0].problems[0].reason
    assert "zip files inside a zip are not read" in rows[1].problems[0].reason
    assert rows[2].candidate is not None
    assert rows[2].candidate.full_name == "Jane Doe"
    assert "zip bomb" in rows[3].problems[0].reason


def test_a_zip_of_resumes_expanding_past_the_limit_is_refused_as_a_whole(tmp_path: Path) -> None:
    archive_path = tmp_path / "batch.zip"
    with zipfile.ZipFile(archive_path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.txt", b"\0" * (50 * MB))

    with pytest.raises(ImportFileError, match="zip bomb"):
        list(ResumeImporter(max_archive_bytes=1 * MB).parse(archive_path, options=ImportOptions()))


def test_an_unsupported_single_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match=r"unsupported file type \.png"):
        parse(write(tmp_path / "photo.png", b"\x89PNG"))


def test_an_unknown_default_country_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="unknown default country"):
        parse(write(tmp_path / "cv.txt", b"Jane Doe"), default_country="XX")


def test_a_single_markdown_resume_is_read_as_text(tmp_path: Path) -> None:
    [row] = parse(write(tmp_path / "cv.md", b"# Jane Doe\n\njane@example.com\n\n## Skills\n\nGo, SQL\n"))

    assert row.candidate is not None
    assert row.candidate.full_name == "Jane Doe"
    assert row.candidate.emails == ["jane@example.com"]
    assert row.candidate.skills == ["Go", "SQL"]


def test_a_plain_zip_renamed_to_docx_is_refused_as_not_a_word_document(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")

    with pytest.raises(ImportFileError, match="not a Word document"):
        parse(write(tmp_path / "cv.docx", buffer.getvalue()))
