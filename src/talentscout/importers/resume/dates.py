"""Date ranges as résumés write them: "Jan 2018 - Present", "01/2016 to 12/2017", "2015 – 2019"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_YEAR = r"(?:19[4-9]\d|20\d\d)"
DATE = rf"(?:{_MONTH}\.?,?\s*{_YEAR}|(?:0?[1-9]|1[0-2])\s*[/.]\s*{_YEAR}|{_YEAR})"
NOW = r"(?:present|current(?:ly)?|now|today|to\s+date|till\s+date|ongoing)"
_DASHES = "-‐‑‒–—―−－~"
RANGE = re.compile(
    rf"(?i)(?<![\w/.])(?P<start>{DATE})\s*(?:[{_DASHES}]+|\bto\b|\buntil\b|\bthrough\b|\btill\b)\s*"
    rf"(?P<end>{DATE}|{NOW})(?![\w/])"
)
_SINGLE = re.compile(
    rf"(?i)^(?:(?P<month>{_MONTH})\.?,?\s*|(?P<mm>0?[1-9]|1[0-2])\s*[/.]\s*)?(?P<year>{_YEAR})$"
)
_NOW_ONLY = re.compile(rf"(?i)^{NOW}$")
_JOINER = re.compile(rf"(?i)^(?:[{_DASHES}]+|to|until|through|till)$")
_DATE_ONLY = re.compile(rf"(?i)^{DATE}$")
_END_ONLY = re.compile(rf"(?i)^(?:{DATE}|{NOW})$")
YEAR = re.compile(rf"(?<!\d){_YEAR}(?!\d)")


@dataclass(frozen=True)
class DateRange:
    start: date | None
    end: date | None
    is_current: bool
    span: tuple[int, int]


def parse_date(text: str) -> date | None:
    """The first day of the month (or year) written in ``text``; None for "Present" or nonsense."""
    match = _SINGLE.match(text.strip())
    if not match:
        return None
    month = 1
    if match.group("month"):
        month = _MONTHS[match.group("month")[:3].lower()]
    elif match.group("mm"):
        month = int(match.group("mm"))
    return date(int(match.group("year")), month, 1)


def find_range(text: str) -> DateRange | None:
    """The first plausible date range in ``text`` (start not after end, not in the future)."""
    for match in RANGE.finditer(text):
        start = parse_date(match.group("start"))
        is_current = bool(_NOW_ONLY.match(match.group("end").strip()))
        end = None if is_current else parse_date(match.group("end"))
        if start is None or (end is not None and end < start) or start > date.today():
            continue
        return DateRange(start=start, end=end, is_current=is_current, span=match.span())
    return None


def is_split_range(first: str, second: str, third: str) -> bool:
    """True for a range broken over three lines: "January 2014" / "to" / "Current"."""
    return bool(_DATE_ONLY.match(first) and _JOINER.match(second) and _END_ONLY.match(third))
