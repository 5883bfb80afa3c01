"""vCard 3.0 and 4.0 files, card by card."""

from __future__ import annotations

from pathlib import Path

import pytest

from talentscout.domain.records import ImportFileError, ParsedRow, SourceChannel
from talentscout.importers.base import ImportOptions
from talentscout.importers.vcard import MAX_CARD_CHARS, VCardImporter, split_cards

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "importers"


def _parse(path: Path, options: ImportOptions | None = None) -> list[ParsedRow]:
    return list(VCardImporter().parse(path, options=options or ImportOptions()))


def test_vcards_come_from_the_event_channel() -> None:
    assert VCardImporter.format == "vcard"
    assert VCardImporter.default_channel is SourceChannel.EVENT


def test_a_vcard3_badge_scan_maps_every_field() -> None:
    chinedu = _parse(FIXTURES / "contacts_v3.vcf")[0]
    assert chinedu.external_id == "badge-2024-000187"
    assert chinedu.row == 1
    assert chinedu.payload["vcard"].startswith("BEGIN:VCARD\r\nVERSION:3.0")
    person = chinedu.candidate
    assert person is not None
    assert (person.full_name, person.given_name, person.family_name) == (
        "Chinedu Okafor",
        "Chinedu",
        "Okafor",
    )
    assert person.current_employer == "Paystack"
    assert person.current_title == "Senior Software Engineer"
    assert person.emails == ["chinedu.okafor@paystack.example", "chinedu.o@gmail.com"]
    assert person.phones == ["+234 803 123 4567", "+234 1 555 0100"]
    assert person.contact_hints == {
        "chinedu.okafor@paystack.example": "work",
        "chinedu.o@gmail.com": "personal",
        "+234 1 555 0100": "work",
    }
    assert (person.city, person.region, person.country) == ("Lagos", "Lagos State", "Nigeria")
    assert person.urls == ["https://github.com/cokafor"]
    assert person.notes == ["Met at PyCon Africa, booth 12. Interested in infra roles."]
    assert person.tags == ["pycon-africa-2024", "python", "infra"]


def test_a_broken_card_is_rejected_with_its_index_and_the_next_card_still_imports() -> None:
    rows = _parse(FIXTURES / "contacts_v3.vcf")
    assert [r.rejected for r in rows] == [False, True, False]
    broken = rows[1]
    assert broken.row == 2
    assert broken.external_id == "card-2"
    assert broken.problems[0].fatal
    assert broken.problems[0].reason.startswith("card 2 could not be read: At line 4: Failed to parse line")
    ingrid = rows[2]
    assert ingrid.external_id == "ingrid.hansen@equinor.example"
    assert ingrid.candidate is not None
    assert ingrid.candidate.current_employer == "Equinor"


def test_a_vcard4_file_reads_uri_phones_quoted_types_and_urn_uids() -> None:
    rows = _parse(FIXTURES / "contacts_v4.vcf")
    assert [r.rejected for r in rows] == [False, True, False]
    ana = rows[0]
    assert ana.external_id == "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"
    assert ana.candidate is not None
    assert ana.candidate.phones == ["+49-151-1234567"]
    assert ana.candidate.contact_hints == {
        "ana.silva@acme.example": "work",
        "anasilva@proton.example": "personal",
    }
    assert ana.candidate.location == "Berlin, BE, Germany"
    assert ana.candidate.tags == ["qr-exchange", "data"]


def test_a_card_without_uid_or_email_gets_a_hash_of_its_content() -> None:
    rui = _parse(FIXTURES / "contacts_v4.vcf")[2]
    assert rui.external_id.startswith("sha256:")
    assert rui.external_id == _parse(FIXTURES / "contacts_v4.vcf")[2].external_id
    assert rui.candidate is not None
    assert rui.candidate.phones == ["+81 90 1234 5678", "+81-3-1234-5678"]
    assert rui.candidate.contact_hints == {"+81-3-1234-5678": "work"}


def test_a_vcard21_card_with_bare_type_parameters_is_read(tmp_path: Path) -> None:
    path = tmp_path / "old.vcf"
    path.write_text(
        "BEGIN:VCARD\nVERSION:2.1\nN:Doe;John\nEMAIL;WORK;INTERNET:john@acme.example\nEND:VCARD\n"
    )
    (john,) = _parse(path)
    assert john.candidate is not None
    assert john.candidate.full_name == "John Doe"
    assert john.candidate.contact_hints == {"john@acme.example": "work"}


def test_a_card_without_any_person_data_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "empty.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nREV:2024-01-01\nEND:VCARD\n")
    (row,) = _parse(path)
    assert row.rejected
    assert row.problems[0].reason == "the card has no name, email, phone, URL, title or organisation"


def test_a_card_that_never_ends_is_rejected_and_the_cards_before_it_import(tmp_path: Path) -> None:
    path = tmp_path / "cut.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ana\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:Bo\n")
    ana, cut = _parse(path)
    assert ana.candidate is not None
    assert ana.candidate.full_name == "Ana"
    assert cut.rejected
    assert cut.problems[0].reason == "card 2: the file ends before END:VCARD"


def test_an_oversized_card_is_rejected_without_keeping_it_all(tmp_path: Path) -> None:
    photo = "PHOTO;ENCODING=b:" + "A" * 70 + "\n"
    cards = list(split_cards(["BEGIN:VCARD\n", *[photo] * (MAX_CARD_CHARS // 80 + 10), "END:VCARD\n"]))
    assert len(cards) == 1
    assert cards[0].error == f"the card is longer than {MAX_CARD_CHARS:,} characters"
    assert len(cards[0].text) <= MAX_CARD_CHARS


def test_a_file_without_any_card_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "upload"
    path.write_text("name,email\nAna,ana@example.com\n")
    with pytest.raises(ImportFileError) as excinfo:
        _parse(path, ImportOptions(display_name="contacts.vcf"))
    assert str(excinfo.value) == "contacts.vcf: no BEGIN:VCARD … END:VCARD card found"
