"""Reading the dates recruiting data is full of: "12 Mar 2024", "2024-03", "03/2024", "Present"."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, NamedTuple

from talentscout.domain.records import Problem

_MONTH_NAMES = "january february march april may june july august september october november december"
_CURRENT_WORDS = {"present", "current", "now", "today", "ongoing", "till date", "to date"}
_DATE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), order)
    for pattern, order in (
        (r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", "ymd"),
        (r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})", "ymd"),
        (r"(\d{4})[-/.](\d{1,2})", "ym"),
        (r"(\d{4})", "y"),
        (r"(\d{1,2})[/.-](\d{4})", "my"),
        (r"(\d{1,2})\.(\d{1,2})\.(\d{4})", "dmy"),
        (r"(\d{1,2})(?:st|nd|rd|th)?[ -]([a-z]+)\.?[ ,-]+(\d{2}|\d{4})", "dMy"),
        (r"([a-z]+)\.? (\d{1,2}),? (\d{4})", "Mdy"),
        (r"([a-z]+)\.?[ ,-]+(\d{4})", "My"),
    )
)


class ParsedDate(NamedTuple):
    value: date | None
    is_current: bool
    problem: Problem | None


def parse_date(raw: object, *, field: str) -> ParsedDate:
    """Read the dates recruiting data is full of ("12 Mar 2024", "2024-03", "03/2024", "Present"…).

    Month or year precision rounds down to the first day. "Present"/"current"/"now" give
    ``is_current``. Anything else unreadable gives a non-fatal ``Problem`` naming ``field``.
    """
    text = " ".join(str(raw).split()) if raw is not None else ""
    if not text:
        return ParsedDate(None, False, None)
    if text.casefold() in _CURRENT_WORDS:
        return ParsedDate(None, True, None)
    for pattern, order in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            value = _build_date(order, match.groups())
            if value is not None:
                return ParsedDate(value, False, None)
            break
    return ParsedDate(None, False, Problem(field, "not a date we can read", value=text[:200]))


def _build_date(order: str, parts: tuple[str | Any, ...]) -> date | None:
    fields = dict(zip(order, parts, strict=True))
    month = _month_number(fields["M"]) if "M" in fields else int(fields.get("m", 1))
    year = int(fields["y"])
    if len(fields["y"]) == 2:
        year += 2000 if year <= date.today().year % 100 + 1 else 1900
    if month is None or not 1800 <= year <= 2200:
        return None
    try:
        return date(year, month, int(fields.get("d", 1)))
    except ValueError:
        return None


def _month_number(text: str) -> int | None:
    """1-12 for an English month name or its abbreviation ("Mar", "Sept", "March")."""
    text = text.casefold()
    if len(text) < 3:
        return None
    return next((i for i, name in enumerate(_MONTH_NAMES.split(), start=1) if name.startswith(text)), None)
