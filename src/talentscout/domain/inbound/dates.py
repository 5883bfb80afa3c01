"""Dates people write in replies, in English, German, French and Spanish.

``find_dates`` returns every explicit date with its position (year inferred as the next such day on or
after the day the message arrived); ``later_than`` reads vague future phrases ("after March", "next
year", "in two weeks", "Q3") as the first day they point to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS: dict[str, int] = {}
for _n, _names in enumerate(
    (
        "january jan januar janvier janv enero ene",
        "february feb februar février fevrier févr fevr febrero",
        "march mar märz maerz mars marzo",
        "april apr avril avr abril abr",
        "may mai mayo",
        "june jun juni juin junio",
        "july jul juli juillet juil julio",
        "august aug août aout agosto ago",
        "september sep sept septembre septiembre setiembre",
        "october oct oktober okt octobre octubre",
        "november nov novembre noviembre",
        "december dec dez dezember décembre decembre déc diciembre dic",
    ),
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _n
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "a": 1, "a couple of": 2, "a few": 3}

_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[./](\d{1,2})(?:[./](\d{2,4}))?\.?(?!\d)")
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th|er|\.|º)?\s*(?:de\s+|of\s+)?({_MONTH})\.?(?:\s+(?:de\s+)?(\d{{4}}))?\b",
    re.I,
)
_MONTH_DAY = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s*(\d{{4}}))?", re.I)


@dataclass(frozen=True)
class FoundDate:
    start: int
    value: date


def _make(year: int | None, month: int, day: int, received: date) -> date | None:
    try:
        if year is not None:
            return date(year + 2000 if year < 100 else year, month, day)
        candidate = date(received.year, month, day)
    except ValueError:
        return None
    return (
        candidate
        if candidate >= received - timedelta(days=7)
        else _make(received.year + 1, month, day, received)
    )


def find_dates(text: str, received: date, *, month_first: bool = False) -> list[FoundDate]:
    """Explicit dates, in order of appearance. Numeric dates are read day-first unless ``month_first``
    (or the first number cannot be a day-first month)."""
    found: dict[int, date] = {}
    for m in _ISO.finditer(text):
        d = _make(int(m.group(1)), int(m.group(2)), int(m.group(3)), received)
        if d:
            found[m.start()] = d
    for m in _NUMERIC.finditer(text):
        if any(abs(m.start() - s) < 10 for s in found):
            continue
        a, b = int(m.group(1)), int(m.group(2))
        day, month = (b, a) if (month_first and b <= 31) or b > 12 else (a, b)
        d = _make(int(m.group(3)) if m.group(3) else None, month, day, received)
        if d:
            found[m.start()] = d
    for m in _DAY_MONTH.finditer(text):
        d = _make(
            int(m.group(3)) if m.group(3) else None, MONTHS[m.group(2).lower()], int(m.group(1)), received
        )
        if d:
            found[m.start()] = d
    for m in _MONTH_DAY.finditer(text):
        if any(m.start() <= s <= m.end() for s in found):
            continue
        d = _make(
            int(m.group(3)) if m.group(3) else None, MONTHS[m.group(1).lower()], int(m.group(2)), received
        )
        if d:
            found[m.start()] = d
    return [FoundDate(s, found[s]) for s in sorted(found)]


_AFTER_MONTH = re.compile(
    r"\b(?:after|from|in|until|end of|nach|ab|après|apres|à partir de|despues de|después de|"
    rf"a partir de|en)\s+"
    rf"(?:the\s+end\s+of\s+|early\s+|mid[- ]?|late\s+)?({_MONTH})\b",
    re.I,
)
_IN_UNITS = re.compile(
    r"\b(?:in|within|after)\s+(\d+|one|two|three|four|six|a|a couple of|a few)\s+(week|month|year)s?\b", re.I
)
_QUARTER = re.compile(r"\b(?:in\s+)?Q([1-4])\b", re.I)
_NEXT = re.compile(
    r"\b(?:next|nächstes|nächsten|el próximo|el proximo)\s+(year|month|jahr|monat|año|mes)\b|"
    r"(l'année prochaine|el año que viene|le mois prochain)",
    re.I,
)
_SEASONS = {"summer": 9, "sommer": 9, "été": 9, "verano": 9, "holidays": 1, "new year": 1, "neujahr": 1}
_AFTER_SEASON = re.compile(
    r"\b(?:after|nach|après|después de)\s+(?:the\s+|dem\s+|l'|el\s+)?(" + "|".join(_SEASONS) + r")\b", re.I
)


def _first_of_month_after(month: int, received: date, *, inclusive: bool) -> date:
    """The first of ``month`` (next time it comes round), or of the month after it."""
    year = received.year if month >= received.month else received.year + 1
    if inclusive:
        return date(year, month, 1)
    return date(year + month // 12, month % 12 + 1, 1)


def later_than(text: str, received: date) -> date | None:
    """The first day a vague "later" phrase points to, or None."""
    m = _AFTER_MONTH.search(text)
    if m:
        cue = text[m.start() : m.start(1)].lower()
        inclusive = cue.strip().startswith(("in", "from", "ab", "à partir", "a partir", "en"))
        return _first_of_month_after(MONTHS[m.group(1).lower()], received, inclusive=inclusive)
    m = _IN_UNITS.search(text)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else _NUMBER_WORDS[m.group(1).lower()]
        unit = m.group(2).lower()
        if unit == "week":
            return received + timedelta(weeks=n)
        months = n * 12 if unit == "year" else n
        total = received.month - 1 + months
        return date(received.year + total // 12, total % 12 + 1, 1)
    m = _QUARTER.search(text)
    if m:
        month = (int(m.group(1)) - 1) * 3 + 1
        year = received.year if month > received.month else received.year + 1
        return date(year, month, 1)
    m = _AFTER_SEASON.search(text)
    if m:
        return _first_of_month_after(_SEASONS[m.group(1).lower()], received, inclusive=True)
    m = _NEXT.search(text)
    if m:
        unit = (m.group(1) or m.group(2)).lower()
        if unit.startswith(("month", "monat", "mes", "le mois")):
            total = received.month
            return date(received.year + total // 12, total % 12 + 1, 1)
        return date(received.year + 1, 1, 1)
    return None
