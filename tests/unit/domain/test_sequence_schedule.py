"""Business-day delays and send windows in the recipient's time zone (pure, no I/O)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from talentscout.domain.schedule import add_business_days, due_after, in_window, next_window, zone

WED_10_UTC = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def test_business_days_skip_the_weekend() -> None:
    assert add_business_days(WED_10_UTC, 2, UTC) == datetime(2026, 11, 27, 10, 0, tzinfo=UTC)  # Friday
    assert add_business_days(WED_10_UTC, 3, UTC) == datetime(2026, 11, 30, 10, 0, tzinfo=UTC)  # Monday
    assert add_business_days(WED_10_UTC, 0, UTC) == WED_10_UTC


def test_the_window_is_the_recipients_local_working_hours() -> None:
    tokyo = zone("Asia/Tokyo")  # 10:00 UTC is 19:00 in Tokyo: closed until 09:00 tomorrow there
    assert not in_window(WED_10_UTC, tokyo, 9, 17)
    assert next_window(WED_10_UTC, tokyo, 9, 17) == datetime(2026, 11, 26, 0, 0, tzinfo=UTC)
    new_york = zone("America/New_York")  # 05:00 there: opens at 09:00 local = 14:00 UTC the same day
    assert next_window(WED_10_UTC, new_york, 9, 17) == datetime(2026, 11, 25, 14, 0, tzinfo=UTC)


def test_a_friday_evening_waits_for_monday_morning() -> None:
    friday_evening = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)
    assert next_window(friday_evening, UTC, 9, 17) == datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def test_due_after_combines_delay_and_window_and_unknown_zones_fall_back_to_utc() -> None:
    assert due_after(WED_10_UTC, 1, "Not/AZone", 9, 17) == datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
    assert due_after(WED_10_UTC, 1, None, 11, 17) == datetime(2026, 11, 26, 11, 0, tzinfo=UTC)


def test_an_empty_window_is_refused() -> None:
    with pytest.raises(ValueError, match="send window"):
        next_window(WED_10_UTC, UTC, 17, 9)
