"""Résumé text in, ``CandidateData`` out: pure functions, no files, no I/O.

``parse_resume_text`` is the single entry point; each field has its own small rule module
(``person``, ``contacts``, ``history``) so it can be tested on a hand-written snippet.
"""

from __future__ import annotations

import re

from talentscout.domain.records import CandidateData, Problem
from talentscout.importers.resume.contacts import find_emails, find_phones, find_urls
from talentscout.importers.resume.history import find_educations, find_experiences
from talentscout.importers.resume.person import find_headline, find_location, find_name
from talentscout.importers.resume.sections import ResumeText, split_sections

MAX_SKILLS = 100
MAX_SUMMARY = 2000
_ITEM_SPLIT = re.compile(r"\s*(?:,|;|\||•|·|●|▪|◆|►|➢|✓|\t|\s[-–—]\s|\s{3,})\s*")
_BULLET = re.compile(r"^[\s\-*•·●▪◦■◆►➢✓>]+")
_MONTHS_AND_YEARS = re.compile(r"\d{4}")


def parse_resume_text(text: str, *, default_region: str = "US") -> tuple[CandidateData | None, list[Problem]]:
    """Structure a résumé's text. Returns ``(None, [fatal problem])`` when the text holds no person.

    Nothing is invented: every value is copied from ``text`` (contacts and names exactly as written).
    """
    if not text.strip():
        return None, [Problem("file", "no text could be extracted (image-only or empty PDF)", fatal=True)]
    doc = split_sections(text)
    candidate = _candidate(doc, region=default_region)
    if candidate.is_empty():
        reason = "no résumé content recognised (no name, contact details, title, experience or skills)"
        return None, [Problem("file", reason, fatal=True)]
    return candidate, _warnings(candidate)


def _candidate(doc: ResumeText, *, region: str) -> CandidateData:
    name = find_name(doc)
    location = find_location(doc)
    experiences = find_experiences(doc)
    current = next((experience for experience in experiences if experience.is_current), None)
    given, family = _split_name(name)
    return CandidateData(
        full_name=name,
        given_name=given,
        family_name=family,
        headline=find_headline(doc, name=name),
        current_title=current.title if current else None,
        current_employer=current.employer if current else None,
        location=location.text if location else None,
        city=location.city if location else None,
        region=location.region if location else None,
        country=location.country if location else None,
        emails=find_emails(doc, name=name),
        phones=find_phones(doc, name=name, region=region),
        urls=find_urls(doc, name=name),
        experiences=experiences,
        educations=find_educations(doc),
        skills=find_list_items(doc, "skills")[:MAX_SKILLS],
        languages=find_list_items(doc, "languages")[:20],
        summary=find_summary(doc),
    )


def find_list_items(doc: ResumeText, section: str) -> list[str]:
    """Short items of a list section, split on commas and bullets, without duplicates."""
    items: list[str] = []
    seen: set[str] = set()
    for line in doc.section(section):
        for raw in split_items(line.text):
            item = _BULLET.sub("", raw).strip().strip(".:")
            key = item.lower()
            if _is_item(item) and key not in seen:
                seen.add(key)
                items.append(item)
    return items


def split_items(text: str) -> list[str]:
    """Split a list line on commas and bullets, but not inside parentheses: "Office (Word, Excel)"."""
    masked = re.sub(r"\([^()]*\)", lambda match: match.group(0).replace(",", "\0"), text)
    return [item.replace("\0", ",") for item in _ITEM_SPLIT.split(masked)]


def find_summary(doc: ResumeText) -> str | None:
    """The summary section as one paragraph (wrapped lines joined)."""
    text = " ".join(line.text for line in doc.section("summary")).strip()
    return text[:MAX_SUMMARY] or None


def _is_item(item: str) -> bool:
    words = item.split()
    return (
        0 < len(words) <= 6
        and len(item) <= 60
        and any(ch.isalpha() for ch in item)
        and not _MONTHS_AND_YEARS.search(item)
    )


def _split_name(name: str | None) -> tuple[str | None, str | None]:
    if not name:
        return None, None
    words = name.split()
    return words[0], words[-1]


def _warnings(candidate: CandidateData) -> list[Problem]:
    problems: list[Problem] = []
    if candidate.full_name is None:
        problems.append(Problem("full_name", "no name recognised in the résumé; add it by hand"))
    if not candidate.emails and not candidate.phones:
        problems.append(Problem("emails", "no e-mail address or phone number of the candidate found"))
    return problems
