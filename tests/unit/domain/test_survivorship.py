from __future__ import annotations

from datetime import UTC, datetime

from talentscout.domain.survivorship import FieldClaim, choose_survivors

OLD = datetime(2025, 1, 1, tzinfo=UTC)
NEW = datetime(2026, 1, 1, tzinfo=UTC)


def test_the_most_recent_source_wins_a_disagreement() -> None:
    chosen = choose_survivors(
        [
            FieldClaim({"current_title": "Engineer"}, NEW, manual=False, row_id=1),
            FieldClaim({"current_title": "Intern"}, OLD, manual=False, row_id=2),
        ]
    )
    assert chosen["current_title"].value == "Engineer"
    assert chosen["current_title"].row_id == 1


def test_a_manual_edit_wins_over_a_newer_import() -> None:
    chosen = choose_survivors(
        [
            FieldClaim({"current_title": "Typed by a recruiter"}, OLD, manual=True, row_id=1),
            FieldClaim({"current_title": "From the newest CSV"}, NEW, manual=False, row_id=2),
        ]
    )
    assert chosen["current_title"].value == "Typed by a recruiter"
    assert chosen["current_title"].manual


def test_an_empty_value_never_erases_a_known_one() -> None:
    chosen = choose_survivors(
        [
            FieldClaim({"city": "Berlin"}, OLD, manual=False, row_id=1),
            FieldClaim({"city": ""}, NEW, manual=False, row_id=2),
        ]
    )
    assert chosen["city"].value == "Berlin"


def test_naive_and_aware_timestamps_compare_as_utc() -> None:
    naive_new = datetime(2026, 1, 1)
    chosen = choose_survivors(
        [
            FieldClaim({"city": "Paris"}, naive_new, manual=False, row_id=1),
            FieldClaim({"city": "Rome"}, OLD, manual=False, row_id=2),
        ]
    )
    assert chosen["city"].value == "Paris"
