"""The field document: prefixed words, and the tokens ``years:`` and ``near:`` become."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from talentscout.domain.places import distance_km
from talentscout.domain.query import Near, YearsRange
from talentscout.domain.query.document import (
    GRID,
    cell_tokens,
    date_tokens,
    field_document,
    near_cells,
    years_tokens,
)

TODAY = date(2026, 6, 15)


def _whole_years(first: date, today: date = TODAY) -> int:
    years = today.year - first.year
    return years - ((today.month, today.day) < (first.month, first.day))


def test_every_field_is_written_as_prefixed_words_and_values_are_kept_apart() -> None:
    doc = field_document(
        {"display_name": "José Müller", "current_title": "Backend Engineer", "country": "DE"},
        jobs=[("Acme Corp", True, date(2015, 3, 17)), ("Globex", False, date(2012, 1, 2))],
        skills=[("C++", "onet:tech:cpp", "C++"), ("k8s", "onet:tech:kubernetes", "Kubernetes")],
        schools=["TU München"],
        tags=["london", "remote"],
    ).split()
    assert doc[:4] == ["najose", "namuller", "tibackend", "tiengineer"]
    assert {"coacme", "cocorp", "pcglobex", "sctu", "scmunchen", "cyde"} <= set(doc)
    assert doc[doc.index("tglondon") + 1] == "zz"  # "london remote" is not a phrase of one tag
    assert "sxcplusplus" in doc
    assert "skc" not in doc
    assert {"sk8s", "skk8s", "skkubernetes", "sionettechkubernetes"} & set(doc) == {
        "skk8s",
        "skkubernetes",
        "sionettechkubernetes",
    }
    assert set(date_tokens(date(2012, 1, 2))) <= set(doc)  # the earliest start


def test_a_profile_without_jobs_or_coordinates_has_no_years_or_cells() -> None:
    doc = field_document({"display_name": "Ada"}, jobs=[("Acme", True, None)], skills=[], schools=[], tags=[])
    assert doc == "naada coacme"


@pytest.mark.parametrize(
    "bounds", [(5, 10), (5, None), (None, 3), (1, 1), (0, 0), (0, None), (None, 0), (79, 80), (10, 10)]
)
def test_years_tokens_cover_exactly_the_start_dates_in_the_range(
    bounds: tuple[int | None, int | None],
) -> None:
    low, high = bounds
    wanted = set(years_tokens(YearsRange(low, high), TODAY))
    rnd = random.Random(7)
    days = [TODAY - timedelta(days=rnd.randint(-400, 90 * 366)) for _ in range(1500)]
    edges = [TODAY.replace(year=TODAY.year - y) + timedelta(days=d) for y in range(0, 82) for d in (-1, 0, 1)]
    for first in days + edges:
        years = _whole_years(first)
        inside = (low is None or years >= low) and (high is None or years <= high)
        assert bool(wanted & set(date_tokens(first))) == inside, (first, years)


def test_years_tokens_stay_few() -> None:
    assert len(years_tokens(YearsRange(5, 10), TODAY)) < 100
    assert len(years_tokens(YearsRange(None, 3), TODAY)) < 100
    assert len(years_tokens(YearsRange(5, None), TODAY)) < 100


@pytest.mark.parametrize(
    ("lat", "lon", "km"),
    [(52.52, 13.40, 50), (51.5, -0.12, 10), (37.77, -122.42, 48.3), (64.1, -21.9, 300), (-33.9, 151.2, 2000),
     (0.0, 179.9, 100), (78.2, 15.6, 400), (-54.8, -68.3, 25)],
)  # fmt: skip
def test_near_cells_contain_every_point_within_the_radius(lat: float, lon: float, km: float) -> None:
    node = Near("here", lat, lon, km, "km")
    cells = set(near_cells(node))
    assert len(cells) <= 700
    rnd = random.Random(3)
    checked = 0
    while checked < 1500:
        point = (lat + rnd.uniform(-1, 1) * km / 100, lon + rnd.uniform(-1, 1) * km / 40)
        if not -90 <= point[0] <= 90 or distance_km((lat, lon), point) > km:
            continue
        checked += 1
        lon_ = (point[1] + 180) % 360 - 180
        assert any(cell_tokens(code, size, point[0], lon_) in cells for code, size in GRID), point
