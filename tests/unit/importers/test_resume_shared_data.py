"""The résumé importer on real PDFs from the shared evaluation data (skipped when it is absent)."""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

import pytest

from talentscout.importers.base import ImportOptions
from talentscout.importers.resume import ResumeImporter

RESUMES = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "resumes"
CONTACT_LIKE = re.compile(r"@|\d{3}\)?[-. ]\d{3}[-. ]\d{4}")


def _sample(texts: dict[str, str]) -> list[str]:
    """Ten résumés that mention an e-mail or phone somewhere, plus ten drawn at random (fixed seed)."""
    with_contacts = sorted(rid for rid, text in texts.items() if CONTACT_LIKE.search(text))[:10]
    others = sorted(set(texts) - set(with_contacts))
    return with_contacts + random.Random(7).sample(others, 10)


@pytest.mark.shared_data
def test_every_email_and_phone_read_from_real_pdfs_is_written_literally_in_the_resume() -> None:
    if not (RESUMES / "pdf").is_dir() or not (RESUMES / "resumes_dev.csv").is_file():
        pytest.skip(f"shared résumé data not found at {RESUMES} (pdf/ and resumes_dev.csv)")
    csv.field_size_limit(10**8)
    with (RESUMES / "resumes_dev.csv").open(newline="", encoding="utf-8") as handle:
        texts = {row["ID"]: row["Resume_str"] for row in csv.DictReader(handle)}
    paths = {path.stem: path for path in (RESUMES / "pdf").rglob("*.pdf")}
    importer = ResumeImporter()
    checked = 0

    for rid in _sample({rid: text for rid, text in texts.items() if rid in paths}):
        [row] = importer.parse(paths[rid], options=ImportOptions())
        assert not row.rejected, (rid, row.problems)
        assert row.candidate is not None
        for value in [*row.candidate.emails, *row.candidate.phones]:
            assert value in texts[rid], f"{rid}: {value!r} is not in the résumé text"
            checked += 1

    assert checked > 0, "the sample should contain at least one e-mail or phone to check"
