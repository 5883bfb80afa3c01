"""The candidate's own e-mails, phones and links, exactly as written.

Precision first: a value is kept only when it is certainly well-formed (email-validator syntax check,
``phonenumbers`` validity) *and* certainly the candidate's. Résumés are full of other people's contact
details (supervisors, references, schools, employers), so a value counts as the candidate's only when its
line is in the header or a contact section, or is tied to the candidate (first-person wording, the
candidate's name, a page footer); never in a references section or next to words such as "Supervisor".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from talentscout.importers.resume.dates import find_range
from talentscout.importers.resume.sections import HEADER, Line, ResumeText

_EMAIL = re.compile(
    r"(?<![\w.+%-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+"
)
_URL = re.compile(
    r"(?i)(?<![@\w.])(?:https?://[^\s<>\"'|]+|www\.[^\s<>\"'|]+|"
    r"(?:[a-z]{2,3}\.)?(?:linkedin\.com|github\.com|gitlab\.com)/[^\s<>\"'|]+)"
)
_PROFILE_URL = re.compile(
    r"(?i)(?:linkedin\.com/(?:in|pub)/[\w%\-.]{2,}|(?:github|gitlab)\.com/[\w\-]{2,}/?$)"
)
_BARE_PROFILE_ROOT = re.compile(r"(?i)linkedin\.com/(?:in|pub)/?$")
_THIRD_PARTY = re.compile(
    r"(?i)\b(?:supervisor|reference|referee|principal|professor|manager\s*:|contact\s+person|"
    r"okay\s+to\s+contact|may\s+contact|isbn|company\s+website|director\s*:|hr\s+department)\b"
)
_FIRST_PERSON = re.compile(
    r"(?i)\b(?:call\s+me|reach\s+me|reached\s+at|contact\s+me|e-?mail\s+me|my\s+(?:cell|phone))\b"
)
_PAGE_MARK = re.compile(r"(?i)\bpage\s+\d+\b")
_FAX_BEFORE = re.compile(r"(?i)fax\W{0,4}$")
_OWN_SECTIONS = (HEADER, "contact")
_YEARISH = re.compile(r"(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d.*")
_TRAILING = ".,;:)]}>'\"!?"


def find_emails(doc: ResumeText, *, name: str | None) -> list[str]:
    """Syntactically valid e-mail addresses written on the candidate's own contact lines."""
    found: list[str] = []
    for line in doc.lines:
        for match in _EMAIL.finditer(line.text):
            value = match.group(0).rstrip(_TRAILING)
            if _is_valid_email(value) and is_own_contact_line(doc, line, name=name):
                found.append(value)
    return _unique(found)


def find_phones(doc: ResumeText, *, name: str | None, region: str) -> list[str]:
    """Valid phone numbers (for ``region`` when written without +country) on the candidate's own lines."""
    found: list[str] = []
    for line in doc.lines:
        if not any(ch.isdigit() for ch in line.text):
            continue
        for match in phonenumbers.PhoneNumberMatcher(line.text, region, leniency=phonenumbers.Leniency.VALID):
            if _FAX_BEFORE.search(line.text[: match.start]) or _looks_like_dates(match.raw_string):
                continue
            if is_own_contact_line(doc, line, name=name):
                found.append(match.raw_string.strip())
    return _unique(found)


def find_urls(doc: ResumeText, *, name: str | None) -> list[str]:
    """Profile links anywhere outside references; any other link only on the candidate's own lines."""
    found: list[str] = []
    for line in doc.lines:
        if line.section == "references":
            continue
        for match in _URL.finditer(line.text):
            value = match.group(0).rstrip(_TRAILING)
            if _BARE_PROFILE_ROOT.search(value):
                continue
            if _PROFILE_URL.search(value) or is_own_contact_line(doc, line, name=name):
                found.append(value)
    return _unique(found)


def is_own_contact_line(doc: ResumeText, line: Line, *, name: str | None) -> bool:
    """True when a contact value on ``line`` certainly belongs to the candidate."""
    if line.section == "references":
        return False
    if line.section in _OWN_SECTIONS:
        return line.section == HEADER or not _THIRD_PARTY.search(line.text)
    if _THIRD_PARTY.search(line.text):
        return False
    if _FIRST_PERSON.search(line.text):
        return True
    if _is_footer(line):
        return True
    previous = doc.before(line)
    if len(line.text) <= 40 and previous and _is_footer(previous[0]):
        return True
    nearby = [line, *previous]
    return name is not None and any(_mentions_name(other.text, name) for other in nearby)


def _looks_like_dates(raw: str) -> bool:
    """ "2013 - 07/2013" is a valid New Jersey number to ``phonenumbers`` and a date range to a reader."""
    return "/" in raw or find_range(raw) is not None or bool(_YEARISH.fullmatch(raw.strip()))


def _is_footer(line: Line) -> bool:
    """A running header/footer: "Jane Doe - Page 2 jane@x.com" is short and holds little else."""
    return bool(_PAGE_MARK.search(line.text)) and len(line.text) <= 120 and line.text.count(" ") <= 14


def _mentions_name(text: str, name: str) -> bool:
    tokens = [token for token in re.split(r"\W+", name.lower()) if len(token) > 1]
    words = set(re.split(r"\W+", text.lower()))
    return len(tokens) >= 2 and all(token in words for token in tokens)


def _is_valid_email(value: str) -> bool:
    if ".." in value or value.rsplit(".", 1)[-1].isdigit():
        return False
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def _unique(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    kept: list[str] = []
    for value in values:
        key = value.lower()
        if key not in seen:
            seen.add(key)
            kept.append(value)
    return kept
