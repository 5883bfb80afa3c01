"""compare(a, b): the verdict on one pair, and evidence a recruiter can read."""

from __future__ import annotations

from typing import Any

import pytest

from talentscout.domain.identity import MatchRecord, MatchSettings, Outcome, compare


def person(rid: str, given: str, family: str, **fields: Any) -> MatchRecord:
    values: dict[str, Any] = {k: frozenset(v) if isinstance(v, set) else v for k, v in fields.items()}
    return MatchRecord(rid, given_name=given, family_name=family, **values)


def test_bob_and_robert_with_the_same_phone_merge() -> None:
    bob = person("1", "Bob", "Smith", phones={"+15125550101"}, city="Austin", country="US")
    robert = person("2", "Robert", "Smith", phones={"+15125550101"})

    decision = compare(bob, robert)

    assert decision.outcome is Outcome.MERGE
    details = [str(e) for e in decision.evidence]
    assert any("nickname or variant Bob ~ Robert" in d for d in details)
    assert any("same number +15125550101" in d for d in details)


def test_two_maria_garcias_in_different_cities_stay_separate() -> None:
    madrid = person("1", "María", "García López", city="Madrid", country="ES", emails={"mgl@gmail.com"})
    austin = person("2", "Maria", "Garcia", city="Austin", country="US", emails={"m.garcia@aol.com"})

    decision = compare(madrid, austin)

    assert decision.outcome is Outcome.SEPARATE
    assert decision.has_conflict("place")


def test_two_thomas_muellers_in_two_german_cities_stay_separate() -> None:
    munich = person("1", "Thomas", "Müller", city="Munich", country="DE", current_employer="Alpenpay GmbH")
    berlin = person("2", "Thomas", "Mueller", city="Berlin", country="DE", current_employer="Spreewerk Labs")

    assert compare(munich, berlin).outcome is Outcome.SEPARATE


def test_relatives_sharing_a_household_phone_go_to_review() -> None:
    jonas = person("1", "Jonas", "Becker", phones={"+494025433012"}, city="Hamburg", country="DE")
    lena = person("2", "Lena", "Becker", phones={"+494025433012"}, city="Hamburg", country="DE")

    assert compare(jonas, lena).outcome is Outcome.REVIEW


def test_relatives_sharing_a_phone_and_a_family_email_are_still_only_reviewed() -> None:
    shared = {"emails": {"beckers@t-online.de"}, "phones": {"+494025433012"}}
    jonas = person("1", "Jonas", "Becker", city="Hamburg", **shared)
    lena = person("2", "Lena", "Becker", city="Hamburg", **shared)

    decision = compare(jonas, lena)

    assert decision.outcome is Outcome.REVIEW
    assert any("given names differ" in e.detail for e in decision.evidence)


def test_colleagues_with_similar_names_at_the_same_employer_are_not_merged() -> None:
    jon = person("1", "Jon", "Smith", current_employer="Acme GmbH", emails={"jon.smith@acme.com"})
    john = person("2", "John", "Smith", current_employer="Acme", emails={"john.smith@acme.com"})

    decision = compare(jon, john)

    assert decision.outcome is not Outcome.MERGE
    assert any("two different mailboxes at acme.com" in e.detail for e in decision.evidence)


def test_a_shared_email_alone_with_clearly_different_given_names_is_review() -> None:
    a = person("1", "Anna", "Nowak", emails={"nowak.family@wp.pl"})
    b = person("2", "Piotr", "Kowalski", emails={"nowak.family@wp.pl"}, phones={"+48600100200"})

    assert compare(a, b).outcome in (Outcome.REVIEW, Outcome.SEPARATE)


def test_the_same_linkedin_profile_merges_even_with_a_western_alias() -> None:
    url = {"https://www.linkedin.com/in/wei-zhang-1"}
    wei = person("1", "Wei", "Zhang", profiles=url, city="Shanghai")
    david = person("2", "David", "Zhang", profiles=url)

    assert compare(wei, david).outcome is Outcome.MERGE


def test_different_linkedin_profiles_speak_against_a_match() -> None:
    a = person("1", "Wei", "Zhang", profiles={"https://www.linkedin.com/in/wei-zhang-1"})
    b = person("2", "Wei", "Zhang", profiles={"https://www.linkedin.com/in/wei-zhang-2"})

    assert compare(a, b).outcome is Outcome.SEPARATE


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("José", "Pérez"), ("Jose", "Perez")),
        (("Jürgen", "Müller"), ("Juergen", "Mueller")),
        (("Jürgen", "Müller"), ("Jurgen", "Muller")),
        (("Jan", "Weiß"), ("Jan", "Weiss")),
        (("Łukasz", "Wiśniewski"), ("Lukasz", "Wisniewski")),
        (("Александр", "Иванов"), ("Aleksandr", "Ivanov")),
        (("Aleksandr", "Ivanov"), ("Alexander", "Ivanov")),
        (("Sasha", "Ivanov"), ("Aleksandr", "Ivanov")),
        (("Katherine", "Lee"), ("Kate", "Lee")),
        (("William", "Turner"), ("Bill", "Turner")),
        (("Yong", "Zhou"), ("Zhou", "Yong")),
        (("J.", "Okafor"), ("Jonas", "Okafor")),
    ],
)
def test_name_variants_with_a_shared_email_merge(first: tuple[str, str], second: tuple[str, str]) -> None:
    a = person("1", *first, emails={"someone@example.org"})
    b = person("2", *second, emails={"someone@example.org"})

    assert compare(a, b).outcome is Outcome.MERGE


def test_gmail_dots_and_tags_are_one_mailbox_and_the_evidence_says_so() -> None:
    from talentscout.domain.contacts import email_match_key

    a = person("1", "Ann", "Lee", emails={email_match_key("Ann.Lee+jobs@gmail.com")})
    b = person("2", "Ann", "Lee", emails={email_match_key("annlee@googlemail.com")})

    decision = compare(a, b)

    assert decision.outcome is Outcome.MERGE
    assert "email: same address annlee@gmail.com (Gmail: dots, +tags and case ignored)" in str(
        decision.evidence[0]
    )


def test_past_employer_with_another_legal_form_counts_as_history() -> None:
    a = person("1", "Ana", "Silva", current_employer="Ipê Tecnologia Ltda.")
    b = person("2", "Ana", "Silva", current_employer="Banco Jacarandá", past_employers=("Ipê Tecnologia",))

    evidence = {e.field: e.detail for e in compare(a, b).evidence}

    assert evidence["employer"] == "employer histories overlap (ipetecnologia)"


def test_thresholds_are_settings() -> None:
    a = person("1", "Ann", "Lee", current_employer="Acme")
    b = person("2", "Ann", "Lee", current_employer="Acme")

    assert compare(a, b).outcome is Outcome.REVIEW
    assert compare(a, b, settings=MatchSettings(merge_at=0.9)).outcome is Outcome.MERGE


def test_a_record_with_only_a_phone_is_reviewed_not_merged() -> None:
    nameless = MatchRecord("1", phones=frozenset({"+15125550101"}))
    named = person("2", "Ann", "Lee", phones={"+15125550101"})

    assert compare(nameless, named).outcome is Outcome.REVIEW


def test_an_absurdly_long_name_is_compared_without_trouble() -> None:
    a = person("1", "A" * 10_000, "B" * 10_000)
    b = person("2", "Ann", "Lee")

    assert compare(a, b).outcome is Outcome.SEPARATE


def test_the_explanation_lists_the_strongest_evidence_first() -> None:
    a = person("1", "Bob", "Smith", phones={"+15125550101"}, city="Madrid")
    b = person("2", "Robert", "Smith", phones={"+15125550101"}, city="Austin")

    lines = compare(a, b).explanation.splitlines()

    assert lines[1].strip().startswith("phone: same number")
    assert any("city differs: Madrid vs Austin" in line for line in lines)
