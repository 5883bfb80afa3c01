"""JSON Resume files (https://jsonresume.org/schema, version 1.0.0): one résumé, or an array of them.

The channel is ``CV_DATABASE``, not ``SOCIAL``: a JSON Resume is a résumé document that a person wrote
about themselves (exported from a CV builder, the JSON Resume registry or a CV bank), i.e. exactly what
a CV database holds; nothing in it says the recruiter is connected to the person on a social network.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from talentscout.domain.records import (
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

#: profile networks whose URL we can build from a username when the profile gives none
_PROFILE_URLS = {
    "github": "https://github.com/{}",
    "gitlab": "https://gitlab.com/{}",
    "linkedin": "https://www.linkedin.com/in/{}",
    "twitter": "https://twitter.com/{}",
    "x": "https://x.com/{}",
}


class JsonResumeImporter:
    """One ``ParsedRow`` per résumé object; ``row`` is the array index + 1."""

    format: ClassVar[str] = "jsonresume"
    default_channel: ClassVar[SourceChannel] = SourceChannel.CV_DATABASE

    def parse(self, path: Path, *, options: ImportOptions) -> Iterator[ParsedRow]:
        for index, record in iter_json_records(path, options=options, wrappers=("resumes",)):
            yield parse_resume(record, row=index)


def parse_resume(record: object, *, row: int) -> ParsedRow:
    """Turn one JSON Resume object into a ``ParsedRow``."""
    if not isinstance(record, dict):
        problem = Problem("record", "not a JSON Resume object", value=str(record)[:200], fatal=True)
        return ParsedRow(f"row-{row}", row, {"value": record}, None, [problem])
    problems: list[Problem] = []
    candidate = _basics(as_dict(record.get("basics")))
    works = [_work(w, f"work[{i}]", problems) for i, w in _items(record, "work")]
    candidate.experiences = [w for w in works if w.employer or w.title or w.description]
    schools = [_education(e, f"education[{i}]", problems) for i, e in _items(record, "education")]
    candidate.educations = [e for e in schools if e.school or e.degree or e.field_of_study]
    candidate.skills = _skills(as_list(record.get("skills")))
    languages = (as_text(as_dict(lang).get("language")) for lang in as_list(record.get("languages")))
    candidate.languages = [lang for lang in languages if lang]
    current = next((e for e in candidate.experiences if e.is_current), None)
    if current:
        candidate.current_title, candidate.current_employer = current.title, current.employer
    external_id = _external_id(candidate, record)
    if candidate.is_empty():
        problems.append(Problem("basics", "no name, email, phone, URL, work history or skills", fatal=True))
        return ParsedRow(external_id, row, record, None, problems)
    return ParsedRow(external_id, row, record, candidate, problems)


def _items(record: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    return [(i, item) for i, item in enumerate(as_list(record.get(key))) if isinstance(item, dict)]


def _basics(basics: dict[str, Any]) -> CandidateData:
    location = as_dict(basics.get("location"))
    city, region = as_text(location.get("city")), as_text(location.get("region"))
    country = as_text(location.get("countryCode"))
    urls = [as_text(basics.get("url")) or as_text(basics.get("website"))]
    urls += [_profile_url(as_dict(p)) for p in as_list(basics.get("profiles"))]
    email, phone = as_text(basics.get("email")), as_text(basics.get("phone"))
    return CandidateData(
        full_name=as_text(basics.get("name")),
        headline=as_text(basics.get("label")),
        summary=as_text(basics.get("summary")),
        emails=[email] if email else [],
        phones=[phone] if phone else [],
        urls=list(dict.fromkeys(u for u in urls if u)),
        city=city,
        region=region,
        country=country,
        location=", ".join(p for p in (city, region, country) if p) or as_text(location.get("address")),
    )


def _profile_url(profile: dict[str, Any]) -> str | None:
    url = as_text(profile.get("url"))
    network = (as_text(profile.get("network")) or "").casefold()
    username = as_text(profile.get("username"))
    if url or not username or network not in _PROFILE_URLS:
        return url
    return _PROFILE_URLS[network].format(username)


def _work(work: dict[str, Any], where: str, problems: list[Problem]) -> ExperienceData:
    start = parse_date(work.get("startDate"), field=f"{where}.startDate")
    end = parse_date(work.get("endDate"), field=f"{where}.endDate")
    problems.extend(p for p in (start.problem, end.problem) if p)
    highlights = [h for h in (as_text(x) for x in as_list(work.get("highlights"))) if h]
    description = "\n".join([as_text(work.get("summary")) or "", *(f"- {h}" for h in highlights)]).strip()
    return ExperienceData(
        employer=as_text(work.get("name")) or as_text(work.get("company")),
        title=as_text(work.get("position")),
        start=start.value,
        end=end.value,
        is_current=end.is_current or (end.value is None and end.problem is None),
        location=as_text(work.get("location")),
        description=description or None,
    )


def _education(education: dict[str, Any], where: str, problems: list[Problem]) -> EducationData:
    start = parse_date(education.get("startDate"), field=f"{where}.startDate")
    end = parse_date(education.get("endDate"), field=f"{where}.endDate")
    problems.extend(p for p in (start.problem, end.problem) if p)
    return EducationData(
        school=as_text(education.get("institution")),
        degree=as_text(education.get("studyType")),
        field_of_study=as_text(education.get("area")),
        start=start.value,
        end=end.value,
    )


def _skills(skills: list[Any]) -> list[str]:
    """Skill names and their keywords, first spelling kept, duplicates (ignoring case) dropped."""
    names: dict[str, str] = {}
    for skill in (as_dict(s) for s in skills):
        for name in [skill.get("name"), *as_list(skill.get("keywords"))]:
            text = as_text(name)
            if text and text.casefold() not in names:
                names[text.casefold()] = text
    return list(names.values())


def _external_id(candidate: CandidateData, record: dict[str, Any]) -> str:
    """basics.email, else basics.url, else the first profile URL, else a hash of the résumé."""
    if candidate.emails:
        return bounded_id(candidate.emails[0].casefold())
    if candidate.urls:
        return bounded_id(candidate.urls[0].rstrip("/"))
    return content_hash(record)
