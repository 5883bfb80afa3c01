"""What an importer produces: one parsed source row, before it touches the database.

Every importer (CSV, LinkedIn, JSON Resume, vCard, ATS, résumé files) turns its input into a stream of
``ParsedRow``. A row either carries a ``CandidateData`` (possibly with non-fatal ``Problem``s, e.g. an
invalid phone kept as raw text) or is rejected with at least one fatal ``Problem``. Nothing here knows
about SQL, HTTP or files on disk.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from typing import Any


class SourceChannel(enum.StrEnum):
    """Where a source record came from, in a recruiter's words."""

    SOCIAL = "social"
    EVENT = "event"
    REFERRAL = "referral"
    PAST_APPLICANT = "past_applicant"
    CV_DATABASE = "cv_database"
    AGENCY = "agency"
    MANUAL = "manual"


@dataclass(frozen=True)
class Problem:
    """Something wrong with one field of one row.

    ``fatal`` problems reject the row; the others are kept as warnings next to the imported value
    (an invalid email is stored as raw text and flagged, never silently dropped).
    """

    field: str
    reason: str
    value: str | None = None
    fatal: bool = False


@dataclass
class ExperienceData:
    employer: str | None = None
    title: str | None = None
    start: date | None = None
    end: date | None = None
    is_current: bool = False
    location: str | None = None
    description: str | None = None


@dataclass
class EducationData:
    school: str | None = None
    degree: str | None = None
    field_of_study: str | None = None
    start: date | None = None
    end: date | None = None


@dataclass
class ApplicationData:
    """A past application (ATS exports): what role, how far it got and why it ended."""

    role: str | None = None
    stage_reached: str | None = None
    status: str | None = None
    rejection_reason: str | None = None
    applied_at: date | None = None
    late_stage: bool = False


@dataclass
class CandidateData:
    """Everything a source says about one person, raw but structured.

    Contact values are kept as written (``emails``, ``phones``, ``urls``); normalisation and the
    personal/work decision happen in ``talentscout.domain.contacts`` so every importer agrees.
    """

    full_name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    headline: str | None = None
    current_title: str | None = None
    current_employer: str | None = None
    location: str | None = None
    city: str | None = None
    region: str | None = None
    country: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    #: what the source says about a contact value: raw value -> "work" or "personal" (vCard TYPE=work…)
    contact_hints: dict[str, str] = field(default_factory=dict)
    experiences: list[ExperienceData] = field(default_factory=list)
    educations: list[EducationData] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    applications: list[ApplicationData] = field(default_factory=list)
    summary: str | None = None
    connected_on: date | None = None
    referred_by: str | None = None
    agency: str | None = None
    event: str | None = None
    silver_medalist: bool = False

    def is_empty(self) -> bool:
        """True when the source gave us nothing that identifies or describes a person."""
        return not any(
            (
                self.full_name,
                self.given_name,
                self.family_name,
                self.emails,
                self.phones,
                self.urls,
                self.headline,
                self.current_title,
                self.current_employer,
                self.experiences,
                self.skills,
            )
        )


@dataclass
class ParsedRow:
    """One row (or file, for résumés) of a source, as read.

    ``external_id`` is the source's own identifier for the row (or a stable one derived from its
    content when the source has none) and is what makes re-imports idempotent. ``payload`` is the
    row exactly as read, kept so a later fix can re-derive the person.
    """

    external_id: str
    row: int | None
    payload: dict[str, Any]
    candidate: CandidateData | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        return self.candidate is None or any(p.fatal for p in self.problems)


class ImportFileError(Exception):
    """The whole file cannot be read (wrong format, too large, a zip bomb…)."""

    def __init__(self, filename: str, message: str) -> None:
        super().__init__(f"{filename}: {message}")
        self.filename = filename
        self.message = message
