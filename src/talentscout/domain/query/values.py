"""Values of the structured fields: ``years:5..10``, ``near:"Berlin"`` and ``within:50km``."""

from __future__ import annotations

import re

from talentscout.domain.places import resolve_place
from talentscout.domain.query.errors import QueryError
from talentscout.domain.query.nodes import Near, YearsRange

__all__ = ["DEFAULT_RADIUS", "MAX_RADIUS_KM", "MAX_YEARS", "near", "radius", "years"]

MAX_YEARS = 80
MAX_RADIUS_KM = 2_000.0
DEFAULT_RADIUS = (50.0, "km")
_YEARS = re.compile(r"(\d{1,3})?(\.\.)?(\d{1,3})?")
_RADIUS = re.compile(r"(\d{1,5}(?:\.\d{1,2})?)\s*(km|mi)?", re.IGNORECASE)


def _at(pos: int) -> str:
    return f"at column {pos + 1}"


def years(value: str, pos: int) -> YearsRange:
    """``5..10``, ``5..`` (at least 5), ``..3`` (at most 3) or ``5`` (5 whole years)."""
    match = _YEARS.fullmatch(value)
    if not value or not match or not (match.group(1) or match.group(3)):
        raise QueryError(f"years: takes a range like 5..10, 5.. or ..3, not '{value}' {_at(pos)}", pos)
    low = int(match.group(1)) if match.group(1) else None
    high = int(match.group(3)) if match.group(3) else None
    if not match.group(2):
        high = low
    if max(low or 0, high or 0) > MAX_YEARS:
        raise QueryError(f"years: goes up to {MAX_YEARS} {_at(pos)}", pos)
    if low is not None and high is not None and low > high:
        raise QueryError(f"years:{value} is empty — write the lower bound first, {_at(pos)}", pos)
    return YearsRange(low, high)


def radius(value: str, pos: int) -> tuple[float, str]:
    """``50km``, ``30mi`` or ``50`` (kilometres)."""
    match = _RADIUS.fullmatch(value.strip())
    if not match:
        raise QueryError(f"within: takes a distance like 50km or 30mi, not '{value}' {_at(pos)}", pos)
    amount, unit = float(match.group(1)), (match.group(2) or "km").lower()
    km = amount * 1.609344 if unit == "mi" else amount
    if not 0 < km <= MAX_RADIUS_KM:
        raise QueryError(f"within: must be more than 0 and at most {MAX_RADIUS_KM:,.0f} km {_at(pos)}", pos)
    return amount, unit


def near(place: str, pos: int, distance: tuple[float, str] = DEFAULT_RADIUS) -> Near:
    """Resolve ``place`` with the gazetteer (``domain.places``); it must be a place with coordinates."""
    name = " ".join(place.split())
    found = resolve_place(name) if name else None
    if found is None:
        raise QueryError(f"unknown place '{name}' {_at(pos)} — try a city name, such as near:\"Berlin\"", pos)
    if found.latitude is None or found.longitude is None:
        raise QueryError(
            f'near:"{name}" {_at(pos)} is a country or region, not a city — use location:"{name}"', pos
        )
    return Near(name, found.latitude, found.longitude, *distance)


def format_radius(amount: float) -> str:
    """``50.0`` → ``50``, ``12.5`` → ``12.5`` (at most two decimals, as parsed)."""
    return f"{amount:.2f}".rstrip("0").rstrip(".")
