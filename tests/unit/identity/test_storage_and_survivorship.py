"""Pure parts of identity in the store: the stored record round trip, key caps, survivorship reasons."""

from __future__ import annotations

from datetime import UTC, datetime

from talentscout.domain.identity import MatchRecord
from talentscout.domain.identity.storage import (
    MAX_KEY_LENGTH,
    MAX_KEYS,
    from_values,
    record_from_dict,
    record_to_dict,
    stored_keys,
)
from talentscout.domain.survivorship import FieldClaim, choose_survivors

DAY1 = datetime(2026, 3, 1, 9, tzinfo=UTC)
DAY2 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def test_a_stored_record_round_trips() -> None:
    rec = MatchRecord(
        "7",
        source="3",
        given_name="José",
        family_name="García",
        emails=frozenset({"jose@example.org"}),
        profiles=frozenset({"linkedin.com/in/jose"}),
        past_employers=("Acme",),
        city="Madrid",
        country="ES",
        latitude=40.4,
        longitude=-3.7,
    )
    assert record_from_dict("7", "3", record_to_dict(rec)) == rec


def test_from_values_keeps_valid_identifiers_only_and_normalises_gmail() -> None:
    rec = from_values(
        "1",
        "2",
        {"given_name": "Ann", "family_name": "Lee", "current_employer": "Acme"},
        "ann lee",
        [("email", "Ann.Lee+x@gmail.com", True), ("email", "broken@", False), ("phone", "+4915112345", True)],
        ["Acme", "Initech", None],
    )
    assert rec.emails == frozenset({"annlee@gmail.com"})
    assert rec.phones == frozenset({"+4915112345"})
    assert rec.past_employers == ("Initech",)


def test_an_absurd_name_gives_a_bounded_number_of_short_keys() -> None:
    rec = from_values("1", "2", {"given_name": "Zq " * 3000, "family_name": "Xy" * 5000}, "", [], [])
    keys = stored_keys(rec)
    assert 0 < len(keys) <= MAX_KEYS
    assert max(len(k) for k in keys) <= MAX_KEY_LENGTH


def test_a_manual_edit_always_wins_and_says_so() -> None:
    chosen = choose_survivors(
        [
            FieldClaim({"city": "Berlin"}, DAY2, False, 1, "social"),
            FieldClaim({"city": "Potsdam"}, DAY1, True, 2),
        ]
    )
    assert chosen["city"].value == "Potsdam"
    assert chosen["city"].reason == "manual edit (always wins)"


def test_the_most_recent_source_wins_then_the_most_trusted_channel() -> None:
    recent = choose_survivors(
        [
            FieldClaim({"title": "CTO"}, DAY2, False, 1, "agency"),
            FieldClaim({"title": "VP"}, DAY1, False, 2, "social"),
        ]
    )
    assert recent["title"].value == "CTO"
    assert recent["title"].reason == "most recent source (2026-03-02 over 2026-03-01)"
    same_day = choose_survivors(
        [
            FieldClaim({"title": "CTO", "city": "Oslo"}, DAY1, False, 1, "agency"),
            FieldClaim({"title": "VP", "city": "Oslo"}, DAY1.replace(hour=8), False, 2, "social"),
        ]
    )
    assert same_day["title"].value == "VP"
    assert same_day["title"].reason == "most trusted channel (social over agency)"
    assert same_day["city"].reason == "all sources agree"
