"""What a writer reports about each record: where it is, the id the importer will see, and who it is."""

from __future__ import annotations

from dataclasses import dataclass

NO_NAME_OR_CONTACT = "no_name_or_contact"
INVALID_EMAIL = "invalid_email"
INVALID_PHONE = "invalid_phone"
HTML_IN_NAME = "html_in_name"


@dataclass(frozen=True)
class TruthRow:
    #: 1-based position of the record in its source (data rows only, after any preamble and header)
    row: int
    #: the source's own id for the record when it has one (Greenhouse id, vCard UID, id column, URL…)
    source_id: str
    #: the ground-truth person; empty for junk rows that are nobody
    person_key: str
    #: why the row is deliberately bad, if it is (see the constants above)
    defect: str = ""
    #: for sources made of many files (the CV database): the record's file, relative to the source folder
    file: str = ""
