"""The field document: every field of a profile as prefixed words, so one full-text index answers fields.

``people.search_fields`` holds, for each field value, its words (``words``) each written behind a
two-letter code: the title "Backend Engineer" is ``tibackend tiengineer``, the skill Kubernetes
``skkubernetes`` plus ``sionettechkubernetes`` (its canonical id). A query term ``title:"backend
engineer"`` becomes the phrase ``tibackend tiengineer`` in the same index, on SQLite (an FTS5 column) and
on PostgreSQL (weight B of the stored ``tsvector``). Codes are all two letters, so a code is always the
first two letters of a token and a prefix search (``title:eng*`` → ``tieng*``) stays inside its field.
``zz`` separates two values of one field, so a phrase never runs from one tag or school into the next.

Values that are not words are tokens too: the country (``cyde``), a skill named by symbols (``C++`` →
``sxcplusplus``), the day, month, year and decade of the first job's start (``fd20150317``,
``fm201503``, ``fy2015``, ``fc201``; ``years:`` is a union of these), and the grid cells of the
person's coordinates at 10°, 1° and 0.1° (``ga…``, ``gb…``, ``gc…``; ``near:`` is a union of cells,
then the exact distance).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, timedelta

from talentscout.domain.query.nodes import Field, Near, YearsRange
from talentscout.domain.query.words import words

__all__ = [
    "CODES",
    "COUNTRY",
    "SEPARATOR",
    "SKILL_ID",
    "SKILL_NAME",
    "cell_tokens",
    "date_tokens",
    "field_document",
    "near_cells",
    "symbol_name",
    "token",
    "years_tokens",
]

CODES: dict[Field, str] = {
    Field.NAME: "na",
    Field.TITLE: "ti",
    Field.COMPANY: "co",
    Field.PASTCOMPANY: "pc",
    Field.SCHOOL: "sc",
    Field.LOCATION: "lo",
    Field.TAG: "tg",
    Field.SKILL: "sk",
}
SKILL_ID, SKILL_NAME, COUNTRY = "si", "sx", "cy"
SEPARATOR = "zz"
MAX_LENGTH = 20_000
#: grid levels: (code, cell size in degrees)
GRID = (("ga", 10.0), ("gb", 1.0), ("gc", 0.1))
_MAX_CELLS = 120
_FIRST_YEAR, _LAST_YEAR = 1800, 2199


def token(code: str, value: str) -> str:
    """One value that is not words (an id, a name made of symbols) as a single token."""
    return code + "".join(words(value))


def symbol_name(name: str) -> str:
    """A skill name made of symbols as one token: ``C++`` → ``sxcplusplus``, ``C#`` → ``sxcsharp``."""
    return token(SKILL_NAME, name.strip().casefold().replace("+", "plus").replace("#", "sharp"))


def _lossy(value: str) -> bool:
    return "+" in value or "#" in value


def field_document(
    fields: dict[str, object],
    *,
    jobs: Iterable[tuple[str | None, bool, date | None]],
    skills: Iterable[tuple[str | None, str | None, str | None]],
    schools: Iterable[str | None],
    tags: Iterable[str | None],
) -> str:
    """The field document of one person. ``jobs``: (employer, is current, start date); ``skills``:
    (name, canonical id, canonical label)."""
    jobs, skills = list(jobs), list(skills)
    out = _Doc()
    out.add(Field.NAME, [fields.get("display_name")])
    out.add(Field.TITLE, [fields.get("current_title")])
    out.add(Field.COMPANY, [fields.get("current_employer"), *(e for e, current, _ in jobs if current)])
    out.add(Field.PASTCOMPANY, [e for e, current, _ in jobs if not current])
    out.add(Field.SCHOOL, schools)
    out.add(Field.LOCATION, [fields.get(k) for k in ("city", "region", "location_text")])
    out.add(Field.TAG, tags)
    names = [v for name, _, label in skills for v in (name, label) if v and not _lossy(v)]
    out.add(Field.SKILL, names)
    out.tokens += [symbol_name(name) for name, _, _ in skills if name and _lossy(name)]
    out.tokens += [token(SKILL_ID, i) for _, i, _ in skills if i]
    country = fields.get("country")
    if isinstance(country, str) and country:
        out.tokens.append(token(COUNTRY, country))
    starts = [start for _, _, start in jobs if start is not None]
    if starts:
        out.tokens += date_tokens(min(starts))
    latitude, longitude = fields.get("latitude"), fields.get("longitude")
    if isinstance(latitude, int | float) and isinstance(longitude, int | float):
        out.tokens += [cell_tokens(code, size, latitude, longitude) for code, size in GRID]
    return " ".join(out.tokens)[:MAX_LENGTH]


class _Doc:
    def __init__(self) -> None:
        self.tokens: list[str] = []

    def add(self, field: Field, values: Iterable[object]) -> None:
        code = CODES[field]
        seen: set[tuple[str, ...]] = set()
        for value in values:
            found = words(value) if isinstance(value, str) else ()
            if not found or found in seen:
                continue
            if seen:
                self.tokens.append(SEPARATOR)
            seen.add(found)
            self.tokens += [code + w for w in found]


# --- years of experience --------------------------------------------------------------------------


def date_tokens(day: date) -> list[str]:
    """The day, month, year and decade of ``day``: ``fd20150317 fm201503 fy2015 fc201``."""
    return [f"fd{day:%Y%m%d}", f"fm{day:%Y%m}", f"fy{day:%Y}", f"fc{day.year // 10}"]


def years_tokens(node: YearsRange, today: date) -> list[str]:
    """Tokens whose union is every first-job start date within ``node`` as of ``today``.

    Whole years since the start: ``low`` years means a start on or before ``today`` minus ``low``
    years; at most ``high`` means a start after ``today`` minus ``high + 1`` years.
    """
    last = _years_before(today, node.low) if node.low is not None else date(_LAST_YEAR, 12, 31)
    first = _years_before(today, node.high + 1) + timedelta(days=1) if node.high is not None else None
    return _cover(first or date(_FIRST_YEAR, 1, 1), last)


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _cover(first: date, last: date) -> list[str]:
    """Day, month, year and decade tokens covering ``first`` … ``last`` (both included)."""
    out: list[str] = []
    day = first
    while day <= last:
        step, name = _largest_block(day, last)
        out.append(name)
        day = step
    return out


def _largest_block(day: date, last: date) -> tuple[date, str]:
    """The largest decade, year, month or day starting at ``day`` that ends on or before ``last``."""
    if day.month == 1 and day.day == 1:
        if day.year % 10 == 0 and _safe(day.year + 10, 1, 1) <= last + timedelta(days=1):
            return _safe(day.year + 10, 1, 1), f"fc{day.year // 10}"
        if _safe(day.year + 1, 1, 1) <= last + timedelta(days=1):
            return _safe(day.year + 1, 1, 1), f"fy{day:%Y}"
    if day.day == 1:
        following = _next_month(day)
        if following <= last + timedelta(days=1):
            return following, f"fm{day:%Y%m}"
    return day + timedelta(days=1), f"fd{day:%Y%m%d}"


def _safe(year: int, month: int, day: int) -> date:
    return date(min(year, 9999), month, day)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


# --- distance ------------------------------------------------------------------------------------


def cell_tokens(code: str, size: float, latitude: float, longitude: float) -> str:
    """The grid cell of a point at one level: ``gc1424x1933``."""
    row = math.floor((min(latitude, 89.999999) + 90.0) / size)
    col = math.floor(((longitude + 180.0) % 360.0) / size)
    return f"{code}{row}x{col}"


def near_cells(node: Near) -> list[str]:
    """Grid cells that together contain every point within ``node``'s radius (more, never fewer):
    the finest level at which the bounding box needs at most ``_MAX_CELLS`` cells."""
    reach = node.radius_km / 111.19492664455873 * 1.01
    south, north = max(-90.0, node.latitude - reach), min(89.999999, node.latitude + reach)
    polar = abs(node.latitude) + reach >= 89.0
    spread = 180.0 if polar else reach / math.cos(math.radians(abs(node.latitude) + reach))
    for code, size in reversed(GRID):
        rows = range(math.floor((south + 90) / size), math.floor((north + 90) / size) + 1)
        if spread >= 180.0:
            cols = list(range(round(360 / size)))
        else:
            west = math.floor((node.longitude - spread + 180.0) / size)
            east = math.floor((node.longitude + spread + 180.0) / size)
            total = round(360 / size)
            cols = sorted({c % total for c in range(west, east + 1)})
        if len(rows) * len(cols) <= _MAX_CELLS or size == GRID[0][1]:
            return [f"{code}{r}x{c}" for r in rows for c in cols]
    raise AssertionError("unreachable")  # pragma: no cover
