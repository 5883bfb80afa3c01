"""Past applicants from an applicant tracking system: Greenhouse-like and Lever-like JSON exports.

Both map each candidate's applications to ``ApplicationData`` and flag silver medalists: people who got
to a late stage (see ``LATE_STAGE_MARKERS``) and were not hired. The channel is ``PAST_APPLICANT``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ClassVar

from talentscout.domain.records import (
    ApplicationData,
    CandidateData,
    EducationData,
    ExperienceData,
    ParsedRow,
    Problem,
    SourceChannel,
)
from talentscout.importers.base import ImportOptions
from talentscout.importers.dates import parse_date
from talentscout.importers.json_input import as_dict, as_list, as_text, iter_json_records
from talentscout.importers.text import bounded_id, content_hash

#: a stage whose name contains one of these (case-insensitive) is "late": an onsite or final interview,
#: a panel or executive round, an offer, a reference or background check, or a hire
LATE_STAGE_MARKERS = (
    "onsite",
    "on-site",
    "on site",
    "final",
    "panel",
    "executive",
    "offer",
    "reference",
    "background check",
    "hired",
)
#: outcomes that do not make a silver medalist: hired, or still in the process
NOT_SILVER_STATUSES = frozenset({"hired", "active"})
_Parser = Callable[[dict[str, Any], list[Problem]], CandidateData]
_HINTS = {"work": "work", "business": "work", "personal": "personal", "home": "personal"}


def is_late_stage(stage: str | None) -> bool:
    """True for onsite/final/panel/executive/offer/reference stages and later."""
    name = (stage or "").casefold()
    return any(marker in name for marker in LATE_STAGE_MARKERS)


def is_silver_medalist(applications: Iterable[ApplicationData]) -> bool:
    """Reached a late stage in some application that ended without a hire.

    An application still ``active`` is not counted: that person may yet be hired.
    """
    return any(a.late_stage and (a.status or "").casefold() not in NOT_SILVER_STATUSES for a in applications)


class GreenhouseImporter:
    """Greenhouse Harvest-style candidates: an array (or ``{"candidates": [...]}``)."""

    format: ClassVar[str] = "greenhouse"
    default_channel: ClassVar[SourceChannel] = SourceChannel.PAST_APPLICANT

    def parse(self, path: Path, *, options: ImportOptions) -> Iterator[ParsedRow]:
        for index, record in iter_json_records(path, options=options, wrappers=("candidates", "data")):
            yield _finish(record, index, parse_greenhouse)


class LeverImporter:
    """Lever-style opportunities/contacts: an array or ``{"data": [...]}``."""

    format: ClassVar[str] = "lever"
    default_channel: ClassVar[SourceChannel] = SourceChannel.PAST_APPLICANT

    def parse(self, path: Path, *, options: ImportOptions) -> Iterator[ParsedRow]:
        for index, record in iter_json_records(path, options=options, wrappers=("data", "opportunities")):
            yield _finish(record, index, parse_lever)


def _finish(record: object, row: int, parse: _Parser) -> ParsedRow:
    """Shared ending: reject non-objects and empty people; use the ATS id (else a hash) as the id."""
    if not isinstance(record, dict):
        problem = Problem("record", "not a JSON object", value=str(record)[:200], fatal=True)
        return ParsedRow(f"row-{row}", row, {"value": record}, None, [problem])
    problems: list[Problem] = []
    candidate: CandidateData = parse(record, problems)
    candidate.silver_medalist = is_silver_medalist(candidate.applications)
    source_id = as_text(record.get("id"))
    if source_id is None:
        problems.append(Problem("id", "the record has no id; a content hash identifies it instead"))
    external_id = bounded_id(source_id) if source_id else content_hash(record)
    if candidate.is_empty():
        problems.append(Problem("record", "no name, email, phone, link, title or company", fatal=True))
        return ParsedRow(external_id, row, record, None, problems)
    return ParsedRow(external_id, row, record, candidate, problems)


def _label(value: object) -> str | None:
    """A name that may come as text or as ``{"name": …}`` / ``{"text": …}``."""
    if isinstance(value, dict):
        return as_text(value.get("name")) or as_text(value.get("text")) or as_text(value.get("title"))
    return as_text(value)


def _typed_values(items: object, hints: dict[str, str]) -> list[str]:
    """``[{"value": …, "type": "work"}]`` (or plain strings) → values, with work/personal hints."""
    values = []
    for item in as_list(items):
        value = as_text(as_dict(item).get("value")) if isinstance(item, dict) else as_text(item)
        if not value:
            continue
        values.append(value)
        hint = _HINTS.get((as_text(as_dict(item).get("type")) or "").casefold())
        if hint:
            hints[value] = hint
    return list(dict.fromkeys(values))


def _texts(items: object) -> list[str]:
    return list(dict.fromkeys(t for t in (_label(i) for i in as_list(items)) if t))


# --- Greenhouse --------------------------------------------------------------------------------------


def parse_greenhouse(record: dict[str, Any], problems: list[Problem]) -> CandidateData:
    """One Greenhouse candidate → ``CandidateData`` (applications included)."""
    given, family = as_text(record.get("first_name")), as_text(record.get("last_name"))
    data = CandidateData(
        full_name=" ".join(n for n in (given, family) if n) or None,
        given_name=given,
        family_name=family,
        current_employer=as_text(record.get("company")),
        current_title=as_text(record.get("title")),
        tags=_texts(record.get("tags")),
    )
    data.emails = _typed_values(record.get("email_addresses"), data.contact_hints)
    data.phones = _typed_values(record.get("phone_numbers"), data.contact_hints)
    urls = [*as_list(record.get("website_addresses")), *as_list(record.get("social_media_addresses"))]
    data.urls = _typed_values(urls, {})
    data.location = next(iter(_typed_values(record.get("addresses"), {})), None)
    jobs = [_gh_employment(as_dict(e)) for e in as_list(record.get("employments"))]
    data.experiences = [j for j in jobs if j.employer or j.title]
    schools = [_gh_education(as_dict(e)) for e in as_list(record.get("educations"))]
    data.educations = [s for s in schools if s.school or s.degree or s.field_of_study]
    data.applications = [
        _gh_application(as_dict(a), f"applications[{i}]", problems)
        for i, a in enumerate(as_list(record.get("applications")))
    ]
    return data


def _gh_application(app: dict[str, Any], where: str, problems: list[Problem]) -> ApplicationData:
    applied = parse_date(app.get("applied_at"), field=f"{where}.applied_at")
    if applied.problem:
        problems.append(applied.problem)
    stage, status = _label(app.get("current_stage")), as_text(app.get("status"))
    return ApplicationData(
        role=", ".join(_texts(app.get("jobs"))) or None,
        stage_reached=stage,
        status=status,
        rejection_reason=_label(app.get("rejection_reason")),
        applied_at=applied.value,
        late_stage=is_late_stage(stage) or (status or "").casefold() == "hired",
    )


def _gh_employment(job: dict[str, Any]) -> ExperienceData:
    start = parse_date(job.get("start_date"), field="employments.start_date").value
    end = parse_date(job.get("end_date"), field="employments.end_date")
    return ExperienceData(
        employer=as_text(job.get("company_name")),
        title=as_text(job.get("title")),
        start=start,
        end=end.value,
        is_current=end.is_current or not job.get("end_date"),
    )


def _gh_education(school: dict[str, Any]) -> EducationData:
    return EducationData(
        school=_label(school.get("school_name")),
        degree=_label(school.get("degree")),
        field_of_study=_label(school.get("discipline")),
        start=parse_date(school.get("start_date"), field="educations.start_date").value,
        end=parse_date(school.get("end_date"), field="educations.end_date").value,
    )


# --- Lever -------------------------------------------------------------------------------------------


def parse_lever(record: dict[str, Any], problems: list[Problem]) -> CandidateData:
    """One Lever opportunity (or contact) → ``CandidateData`` (its stage becomes an application)."""
    location = record.get("location")
    data = CandidateData(
        full_name=as_text(record.get("name")),
        headline=as_text(record.get("headline")),
        location=_label(location),
        emails=_texts(record.get("emails")),
        urls=_texts(record.get("links")),
        tags=_texts(record.get("tags")),
    )
    data.phones = _typed_values(record.get("phones"), data.contact_hints)
    created = _epoch_date(record.get("createdAt"), "createdAt", problems)
    stage = _label(record.get("stage"))
    archived = as_dict(record.get("archived"))
    reason = _label(archived.get("reason"))
    status = "hired" if reason and "hired" in reason.casefold() else "archived" if archived else "active"
    base = ApplicationData(
        stage_reached=stage,
        status=status,
        rejection_reason=None if status == "hired" else reason,
        applied_at=created,
        late_stage=is_late_stage(stage) or status == "hired",
    )
    apps = [as_dict(a) for a in as_list(record.get("applications"))]
    data.applications = [
        _lever_application(base, a, f"applications[{i}]", problems) for i, a in enumerate(apps)
    ]
    if not data.applications and (stage or archived):
        data.applications = [base]
    return data


def _lever_application(
    base: ApplicationData, app: dict[str, Any], where: str, problems: list[Problem]
) -> ApplicationData:
    posting = app.get("posting")
    role = as_text(app.get("postingTitle")) or _label(posting)
    applied = _epoch_date(app.get("createdAt"), f"{where}.createdAt", problems) or base.applied_at
    return ApplicationData(
        role=role,
        stage_reached=base.stage_reached,
        status=base.status,
        rejection_reason=base.rejection_reason,
        applied_at=applied,
        late_stage=base.late_stage,
    )


def _epoch_date(value: object, field: str, problems: list[Problem]) -> date | None:
    """Lever timestamps are milliseconds since the epoch; ISO text is accepted too."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value / 1000, tz=UTC).date()
        except (OverflowError, OSError, ValueError):
            problems.append(Problem(field, "not a timestamp we can read", value=str(value)[:50]))
            return None
    parsed = parse_date(value, field=field)
    if parsed.problem:
        problems.append(parsed.problem)
    return parsed.value
