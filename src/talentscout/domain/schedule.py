"""When a step may go out: delays in business days and send windows in the recipient's time zone.

Pure functions over aware datetimes; a missing or unknown time zone falls back to UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKEND = (5, 6)  # Saturday, Sunday


def zone(name: str | None) -> tzinfo:
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def add_business_days(moment: datetime, days: int, tz: tzinfo) -> datetime:
    """``moment`` plus ``days`` working days (Monday–Friday) as seen in ``tz``; the time of day is kept."""
    local = moment.astimezone(tz)
    remaining = days
    while remaining > 0:
        local = local + timedelta(days=1)
        if local.weekday() not in WEEKEND:
            remaining -= 1
    return local.astimezone(UTC)


def in_window(moment: datetime, tz: tzinfo, start_hour: int, end_hour: int) -> bool:
    local = moment.astimezone(tz)
    if local.weekday() in WEEKEND:
        return False
    return start_hour <= local.hour < end_hour


def next_window(moment: datetime, tz: tzinfo, start_hour: int, end_hour: int) -> datetime:
    """The earliest time at or after ``moment`` inside the working-day window [start_hour, end_hour)."""
    if not 0 <= start_hour < end_hour <= 24:
        raise ValueError("a send window needs 0 <= start hour < end hour <= 24")
    if in_window(moment, tz, start_hour, end_hour):
        return moment.astimezone(UTC)
    local = moment.astimezone(tz)
    day = local.date()
    if local.weekday() not in WEEKEND and local.hour < start_hour:
        return _at(day, start_hour, tz)
    day = day + timedelta(days=1)
    while day.weekday() in WEEKEND:
        day = day + timedelta(days=1)
    return _at(day, start_hour, tz)


def _at(day: date, hour: int, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=tz).astimezone(UTC)


def due_after(
    previous: datetime, delay_days: int, tz_name: str | None, start_hour: int, end_hour: int
) -> datetime:
    """When a step with ``delay_days`` after ``previous`` is due for a recipient in ``tz_name``."""
    tz = zone(tz_name)
    return next_window(add_business_days(previous, delay_days, tz), tz, start_hour, end_hour)
