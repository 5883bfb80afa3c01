"""Places: free-text locations resolved to city, country, coordinates and time zone — or to nothing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentscout.domain.places import Place, country_code, distance_km, resolve_place


def _where(text: str) -> tuple[str | None, str | None, str | None]:
    place = resolve_place(text)
    assert place is not None, text
    return place.city, place.country, place.timezone


def test_berlin_germany_resolves_to_europe_berlin_time_zone() -> None:
    place = resolve_place("Berlin, Germany")
    assert place is not None
    assert (place.city, place.country, place.timezone) == ("Berlin", "DE", "Europe/Berlin")
    assert place.latitude == pytest.approx(52.52, abs=0.05)
    assert place.longitude == pytest.approx(13.41, abs=0.05)


@pytest.mark.parametrize(
    ("text", "city", "country", "timezone"),
    [
        ("Greater Berlin Area", "Berlin", "DE", "Europe/Berlin"),
        ("Berlin Metropolitan Area", "Berlin", "DE", "Europe/Berlin"),
        ("San Francisco Bay Area", "San Francisco", "US", "America/Los_Angeles"),
        ("New York, NY", "New York City", "US", "America/New_York"),
        ("London, UK", "London", "GB", "Europe/London"),
        ("London, England, United Kingdom", "London", "GB", "Europe/London"),
        ("Paris, France (Hybrid)", "Paris", "FR", "Europe/Paris"),
        ("Austin, Texas, United States", "Austin", "US", "America/Chicago"),
        ("Dallas-Fort Worth Metroplex", "Dallas", "US", "America/Chicago"),
        ("Greater Toronto Area", "Toronto", "CA", "America/Toronto"),
        ("Bangalore, India", "Bengaluru", "IN", "Asia/Kolkata"),
        ("Zürich, Schweiz", "Zürich", "CH", "Europe/Zurich"),
        ("St. Louis, MO", "St. Louis", "US", "America/Chicago"),
        ("Unter den Linden 5, Berlin, Germany", "Berlin", "DE", "Europe/Berlin"),
        ("Mitte, Berlin, Germany", "Mitte", "DE", "Europe/Berlin"),
        ("Bay Area", "San Francisco", "US", "America/Los_Angeles"),
        ("NYC", "New York City", "US", "America/New_York"),
        ("Sydney NSW", "Sydney", "AU", "Australia/Sydney"),
        ("Washington, DC", "Washington", "US", "America/New_York"),
    ],
)
def test_common_location_texts_resolve(text: str, city: str, country: str, timezone: str) -> None:
    assert _where(text) == (city, country, timezone)


@pytest.mark.parametrize(
    ("text", "city"),
    [("München", "Munich"), ("Wien", "Vienna"), ("Москва", "Moscow"), ("東京", "Tokyo"), ("Köln", "Köln")],
)
def test_native_and_foreign_city_names_resolve_through_alternate_names(text: str, city: str) -> None:
    assert _where(text)[0] == city


def test_the_most_populous_city_wins_without_a_country() -> None:
    assert _where("Paris")[1] == "FR"
    assert _where("Portland")[2] == "America/Los_Angeles"


def test_the_given_country_or_state_picks_among_same_named_cities() -> None:
    assert _where("Paris, Texas")[1:] == ("US", "America/Chicago")
    assert _where("Portland, ME")[2] == "America/New_York"
    assert _where("Cambridge, MA")[1] == "US"
    assert _where("Cambridge, UK")[1] == "GB"


def test_a_two_letter_code_after_a_city_is_tried_as_state_and_as_country() -> None:
    assert _where("San Francisco, CA")[1] == "US"
    assert _where("Toronto, CA")[1] == "CA"
    assert _where("Berlin, DE")[1] == "DE"


def test_region_is_the_us_state_or_uk_nation() -> None:
    austin = resolve_place("Austin, TX")
    london = resolve_place("London")
    assert austin is not None
    assert london is not None
    assert austin.region == "Texas"
    assert london.region == "England"


def test_country_only_text_gives_the_country_and_a_single_time_zone() -> None:
    assert resolve_place("Germany") == Place(None, None, "DE", None, None, "Europe/Berlin")
    assert resolve_place("The Netherlands") == Place(None, None, "NL", None, None, "Europe/Amsterdam")


def test_country_with_several_time_zones_has_none() -> None:
    assert resolve_place("United States") == Place(None, None, "US", None, None, None)
    spain = resolve_place("Spain")
    assert spain is not None
    assert spain.timezone is None


def test_a_lone_country_name_is_the_country_even_when_a_city_shares_a_nickname() -> None:
    mexico = resolve_place("Mexico")
    singapore = resolve_place("Singapore")
    assert mexico is not None
    assert singapore is not None
    assert (mexico.city, mexico.country) == (None, "MX")
    assert (singapore.city, singapore.country) == ("Singapore", "SG")


@pytest.mark.parametrize(
    ("text", "iso2"),
    [
        ("UK", "GB"),
        ("U.K.", "GB"),
        ("England", "GB"),
        ("USA", "US"),
        ("U.S.", "US"),
        ("U.S.A.", "US"),
        ("United States of America", "US"),
        ("Deutschland", "DE"),
        ("deu", "DE"),
        ("de", "DE"),
        ("Czech Republic", "CZ"),
        ("Holland", "NL"),
    ],
)
def test_country_names_and_aliases_become_iso_codes(text: str, iso2: str) -> None:
    assert country_code(text) == iso2
    place = resolve_place(text)
    assert place is not None
    assert place.country == iso2


def test_remote_alone_is_nowhere_and_remote_in_a_country_is_the_country() -> None:
    assert resolve_place("Remote") is None
    assert resolve_place("Hybrid / Remote") is None
    place = resolve_place("Remote (US)")
    assert place is not None
    assert place.country == "US"


def test_an_unknown_town_in_a_known_country_keeps_only_the_country() -> None:
    assert resolve_place("Kleinkleckersdorf, Germany") == Place(None, None, "DE", None, None, "Europe/Berlin")


@pytest.mark.parametrize(
    "text",
    [
        "asdkjfh",
        "qwerty uiop",
        "lorem ipsum dolor",
        "xyz123",
        "!!!",
        "12345",
        "N/A",
        "Earth",
        "EMEA",
        "Mars",
        "",
    ],
)
def test_gibberish_location_resolves_to_nothing(text: str) -> None:
    assert resolve_place(text) is None


def test_nothing_given_is_nothing() -> None:
    assert resolve_place() is None
    assert resolve_place(None, city="  ") is None


def test_structured_fields_resolve_without_text() -> None:
    place = resolve_place(city="Springfield", region="IL", country="US")
    assert place is not None
    assert (place.city, place.region, place.timezone) == ("Springfield", "Illinois", "America/Chicago")
    germany = resolve_place(country="Germany")
    assert germany is not None
    assert germany.country == "DE"


def test_explicit_fields_win_over_the_text() -> None:
    place = resolve_place("Berlin", country="US")
    assert place is not None
    assert place.country == "US"
    assert place.city != "Berlin" or place.timezone != "Europe/Berlin"


def test_explicit_region_that_is_not_a_known_state_is_kept_as_given() -> None:
    place = resolve_place("Munich", region=" Bavaria ", country="DE")
    assert place is not None
    assert (place.city, place.region) == ("Munich", "Bavaria")


def test_distance_between_berlin_and_munich_is_about_500_km() -> None:
    assert distance_km((52.52, 13.405), (48.137, 11.575)) == pytest.approx(504, abs=5)
    assert distance_km((10.0, 20.0), (10.0, 20.0)) == 0.0
    assert distance_km((0.0, 0.0), (0.0, 180.0)) == pytest.approx(20015, abs=5)


@settings(max_examples=300)
@given(st.text(max_size=60), st.one_of(st.none(), st.text(max_size=20)))
def test_resolve_place_never_raises(text: str, country: str | None) -> None:
    place = resolve_place(text, country=country)
    assert place is None or place.country is None or len(place.country) == 2
