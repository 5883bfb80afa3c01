"""Jobs and schools: experience entries anchored on date ranges, education entries on degree words.

An experience entry is a line holding a date range; its title/employer come from the rest of that line
or, when the line holds only dates, from the short lines just above (and one below). A part becomes an
employer only with a company word ("Inc", "Bank", "University"…) or when it sits next to a known job
title; anything unclear is left out rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from talentscout.domain.records import EducationData, ExperienceData
from talentscout.importers.resume.dates import YEAR, DateRange, find_range, is_split_range, parse_date
from talentscout.importers.resume.person import find_location_in
from talentscout.importers.resume.sections import Line, ResumeText
from talentscout.importers.resume.vocabulary import COMPANY_MARKERS, PLACEHOLDERS, SCHOOL_WORDS, TITLE_WORDS

MAX_EXPERIENCES = 30
MAX_EDUCATIONS = 10
MAX_DESCRIPTION = 2000
_PART_SPLIT = re.compile(r"\s*(?:\||•|·|,|;|\s[-–—－]\s|－|\s@\s|\bat\b)\s*")
_NOT_EMPLOYER = frozenset(
    {"remote", "freelance", "self-employed", "self employed", "contract", "full-time", "part-time"}
)
_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in sorted(PLACEHOLDERS, key=len, reverse=True)), re.I)
_DEGREE = re.compile(
    r"(?:\b(?:[Bb]achelor|[Mm]aster)(?:'?s)?(?:\s+(?:[Dd]egree\s+)?(?:of|in)\s+(?:Science|Arts|"
    r"Business Administration|Engineering|Fine Arts|Education|Laws|Applied Science|Technology|Music|"
    r"Nursing|Social Work|Public Health|"
    r"Computer Applications|Philosophy|Commerce))?|\b[Aa]ssociate(?:'?s)?\s+(?:[Dd]egree|of\s+(?:Applied\s+)?"
    r"(?:Science|Arts|Occupational Science))|\b[Dd]octor(?:ate)?\s+of\s+[A-Z][a-z]+|\bPh\.?\s?D\b\.?|\bMBA\b|"
    r"\b[Hh]igh [Ss]chool [Dd]iploma|\b[Dd]iploma\b|\bGED\b|\b(?:B|M)\.(?:Sc|Eng|Ed|A|S)\b\.?|"
    r"\b(?:BSc|MSc|BEng|MEng|BBA|BFA|MFA|LLB|LLM)\b|\b(?:BA|BS|MA|MS)(?=\s*(?::|\bin\b|\bof\b|,)))"
)
_FIELD = re.compile(
    r"^\s*(?:\([^)]{1,12}\))?\s*(?:\bin\b|:|,|[-–])\s*(?P<field>[A-Z][\w&/'’ -]{1,60}?)"
    r"(?=\s*(?:,|\(|\d|$|\bfrom\b|\bat\b|[|－]))"
)


@dataclass(frozen=True)
class _Anchor:
    position: int
    first: int
    last: int
    experience: ExperienceData


def find_experiences(doc: ResumeText) -> list[ExperienceData]:
    """One entry per date-range line in the experience sections, in document order."""
    lines = _merge_split_ranges(_experience_lines(doc))
    anchors: list[_Anchor] = []
    floor = 0
    for position, line in enumerate(lines):
        found = find_range(line.text)
        if found is not None:
            anchors.append(_anchor(lines, position, found, floor))
            floor = anchors[-1].last + 1
    for number, anchor in enumerate(anchors):
        stop = anchors[number + 1].first if number + 1 < len(anchors) else len(lines)
        text = "\n".join(line.text for line in lines[anchor.last + 1 : stop])
        anchor.experience.description = text[:MAX_DESCRIPTION] or None
    return [anchor.experience for anchor in anchors[:MAX_EXPERIENCES]]


def _anchor(lines: list[Line], position: int, found: DateRange, floor: int) -> _Anchor:
    text = lines[position].text
    first = _context_start(lines, position, floor)
    experience = _classify(
        text[: found.span[0]] + " | " + text[found.span[1] :], [lines[i].text for i in range(first, position)]
    )
    last = position
    if experience.title is None and experience.employer is None and _is_role_line(lines, position + 1):
        following = _classify("", [lines[position + 1].text])
        if following.title or following.employer:
            experience, last = following, position + 1
    experience.start, experience.end, experience.is_current = found.start, found.end, found.is_current
    return _Anchor(position=position, first=first, last=last, experience=experience)


def find_educations(doc: ResumeText) -> list[EducationData]:
    """Degree lines (and school-only lines) of the education sections."""
    lines = doc.section("education")
    found: list[EducationData] = []
    used: set[int] = set()
    for position, line in enumerate(lines):
        if position in used:
            continue
        degree = _DEGREE.search(line.text)
        school = school_in(line.text)
        if degree is None and school is None:
            continue
        if degree is not None and school is None and position + 1 < len(lines):
            school = (
                school_in(lines[position + 1].text) if not _DEGREE.search(lines[position + 1].text) else None
            )
            if school:
                used.add(position + 1)
        found.append(_education(line.text, degree, school))
    return found[:MAX_EDUCATIONS]


def school_in(text: str) -> str | None:
    """The span of ``text`` naming a school: "Fayetteville State University", "University of Texas"."""
    tokens = _PLACEHOLDER.sub(" | ", text).split()
    for index, token in enumerate(tokens):
        if _bare(token).lower() in SCHOOL_WORDS and token[:1].isupper():
            left = index
            while (
                left > 0
                and index - left < 3
                and _school_word(tokens[left - 1])
                and tokens[left - 1][-1] not in ",;:"
            ):
                left -= 1
            right = index
            while (
                right + 1 < len(tokens)
                and _school_word(tokens[right + 1])
                and not tokens[right].endswith(",")
            ):
                right += 1
            span = " ".join(tokens[left : right + 1]).strip(",;:-–")
            return span if _bare(span).lower() not in SCHOOL_WORDS else None
    return None


def _education(text: str, degree: re.Match[str] | None, school: str | None) -> EducationData:
    field: str | None = None
    if degree is not None:
        tail = _FIELD.match(text[degree.end() :])
        if tail:
            field = tail.group("field").strip()
            if school and school in field:
                field = field[: field.index(school)].strip() or None
            elif school:
                field = _cut_at(field, school)
    dated = find_range(text)
    years = [int(year) for year in YEAR.findall(text)]
    end = dated.end if dated else (parse_date(str(max(years))) if years else None)
    return EducationData(
        school=school,
        degree=degree.group(0).strip() if degree else None,
        field_of_study=field,
        start=dated.start if dated else None,
        end=end,
    )


def _cut_at(field: str, school: str) -> str | None:
    first_word = school.split()[0]
    position = field.find(first_word)
    return (field[:position].strip() if position > 0 else field) or None


def _school_word(token: str) -> bool:
    bare = _bare(token)
    lower = bare.lower()
    if "(" in token or ")" in token:
        return False
    if lower in {"of", "the", "and", "&", "at", "de", "del", "la", "für", "di"}:
        return True
    return bool(bare) and bare[0].isupper() and bare.isalpha() and not _DEGREE.fullmatch(bare)


def _bare(token: str) -> str:
    return token.strip(",;:()[]-–'\".")


def _experience_lines(doc: ResumeText) -> list[Line]:
    if doc.has_section("experience"):
        return doc.section("experience")
    return [
        line for line in doc.section("body") if not school_in(line.text) and not _DEGREE.search(line.text)
    ]


def _merge_split_ranges(lines: list[Line]) -> list[Line]:
    merged: list[Line] = []
    position = 0
    while position < len(lines):
        window = lines[position : position + 3]
        if len(window) == 3 and is_split_range(*(line.text for line in window)):
            text = " ".join(line.text for line in window)
            merged.append(Line(index=window[0].index, text=text, section=window[0].section))
            position += 3
        else:
            merged.append(lines[position])
            position += 1
    return merged


def _context_start(lines: list[Line], position: int, floor: int) -> int:
    """How far up the title/employer lines of the entry anchored at ``position`` go (at most two lines)."""
    first = position
    while first > floor and position - first < 2 and _is_role_line(lines, first - 1):
        first -= 1
    return first


def _is_role_line(lines: list[Line], position: int) -> bool:
    if not 0 <= position < len(lines):
        return False
    text = lines[position].text
    return len(text) <= 80 and not text.endswith(".") and find_range(text) is None and text[:1].isupper()


def _classify(own: str, context: list[str]) -> ExperienceData:
    """Title/employer/location from the date line's own text and the role lines around it.

    Only the date line's own leftover text may become an employer without a company word, and only
    when a job title sits beside it ("Software Engineer | Google | 2018 - 2020").
    """
    experience = ExperienceData()
    unclear = [part for part in _parts(own) if not _assign(experience, part)]
    for part in (part for text in context for part in _parts(text)):
        _assign(experience, part)
    if (
        experience.title
        and experience.employer is None
        and len(unclear) == 1
        and _plausible_employer(unclear[0])
    ):
        experience.employer = unclear[0]
    return experience


def _parts(text: str) -> list[str]:
    parts = (part.strip(" -–—－,;:|") for part in _PART_SPLIT.split(_PLACEHOLDER.sub(" | ", text)))
    return [part for part in parts if len(part) > 1 and part.lower() not in PLACEHOLDERS]


def _assign(experience: ExperienceData, part: str) -> bool:
    words = [_bare(word).lower() for word in part.split()]
    titled = bool(set(words) & TITLE_WORDS) and not (
        words[-1] in COMPANY_MARKERS and words[-1] not in TITLE_WORDS
    )
    if experience.location is None and find_location_in(part):
        experience.location = part
    elif (
        experience.title is None and titled and (words[-1] in TITLE_WORDS or not set(words) & COMPANY_MARKERS)
    ):
        experience.title = part
    elif experience.employer is None and set(words) & COMPANY_MARKERS:
        experience.employer = part
    elif experience.title is None and titled:
        experience.title = part
    else:
        return False
    return True


def _plausible_employer(text: str) -> bool:
    words = text.split()
    return (
        1 <= len(words) <= 5
        and text[0].isupper()
        and not any(ch.isdigit() for ch in text)
        and text.lower() not in _NOT_EMPLOYER
        and not {_bare(word).lower() for word in words} & TITLE_WORDS
    )
