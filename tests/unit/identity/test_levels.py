"""Comparison levels: every weighted finding names its level, and the levels for badly keyed data
(loosely alike names, addresses a few keystrokes apart, birth dates two digits apart) behave as
documented: against by default, learnable, never a way round the household rules."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from talentscout.domain.identity import (
    DEFAULT_SETTINGS,
    EvidenceKind,
    MatchRecord,
    Outcome,
    blocking_keys,
    compare,
    resolve,
)
from talentscout.domain.identity.clustering import cannot_link
from talentscout.domain.identity.training import weight_levels


def person(rid: str, given: str, family: str, **fields: Any) -> MatchRecord:
    values: dict[str, Any] = {k: frozenset(v) if isinstance(v, set) else v for k, v in fields.items()}
    return MatchRecord(rid, given_name=given, family_name=family, **values)


def level(decision: Any, field: str) -> str:
    return next(e.level for e in decision.evidence if e.field == field)


def test_every_weighted_finding_names_the_setting_that_weighs_it() -> None:
    pairs = [
        (
            person("1", "Bob", "Smith", emails={"bob@gmail.com"}, phones={"+15125550101"}, city="Austin"),
            person("2", "Robert", "Smyth", emails={"bob@gmial.com"}, phones={"+15125550199"}, city="Dallas"),
        ),
        (
            person("3", "Jayaned", "Bennett", birth_date="2017-01-11", postcode="SA1", street="1 High St"),
            person("4", "Jayden", "Bennet", birth_date="2017-11-01", postcode="SA2", street="1 High Street"),
        ),
        (
            person("5", "Zhou", "Yong", current_employer="Acme GmbH", title="Engineer", national_id="123"),
            person("6", "Yong", "Zhou", current_employer="Acme", title="Engineer", national_id="124"),
        ),
    ]
    known = set(weight_levels())
    seen = set()
    for a, b in pairs:
        for evidence in compare(a, b).evidence:
            if evidence.kind in (EvidenceKind.IGNORED,) or evidence.field == "rule":
                continue
            assert evidence.level in known, evidence
            assert evidence.weight == getattr(DEFAULT_SETTINGS, evidence.level)
            seen.add(evidence.level)
    # the pairs above exercise names, mail, phones, places, dates, ids, employers and the swap rule
    assert {"given_variant", "email_near", "phone_differ", "city_differ", "swapped_penalty"} <= seen
    assert {"birth_date_near", "national_id_near", "employer_same", "title_same"} <= seen


def test_scrambled_given_names_are_loosely_alike_but_gendered_pairs_still_differ() -> None:
    for mine, theirs in [("Jayaned", "Jayden"), ("Iyvv", "Ivy"), ("Rnyan", "Ran"), ("Luuca", "Aucal")]:
        decision = compare(person("1", mine, "Bennett"), person("2", theirs, "Bennett"))
        assert level(decision, "given name") == "given_similar", (mine, theirs)
    for mine, theirs in [("Maria", "Mario"), ("Daniel", "Daniela"), ("Jonas", "Lena")]:
        decision = compare(person("1", mine, "Bennett"), person("2", theirs, "Bennett"))
        assert level(decision, "given name") == "given_differ", (mine, theirs)


def test_a_household_with_loosely_alike_names_is_not_merged_by_default() -> None:
    """James and Jane Becker sharing the family mailbox, city and employer: review at most, and never
    chained into one person."""
    james = person(
        "1", "James", "Becker", emails={"beckers@gmail.com"}, city="Leeds", current_employer="Acme"
    )
    jane = person("2", "Jane", "Becker", emails={"beckers@gmail.com"}, city="Leeds", current_employer="Acme")

    decision = compare(james, jane)

    assert level(decision, "given name") == "given_similar"
    assert decision.outcome is Outcome.REVIEW
    assert any("loosely alike" in e.detail for e in decision.evidence if e.field == "rule")
    assert cannot_link(decision)


def test_learned_weights_for_loosely_alike_names_lift_the_household_rule() -> None:
    """Where training showed that loosely alike names are mostly typos (weight above −3 bits), the
    pair merges on its evidence, like any other."""
    trained = replace(DEFAULT_SETTINGS, given_similar=1.0)
    a = person("1", "Jayaned", "Bennett", emails={"jb88@king.com"}, birth_date="2017-01-11")
    b = person("2", "Jayden", "Bennett", emails={"jb88@king.com"}, birth_date="2017-01-11")

    assert compare(a, b).outcome is Outcome.REVIEW
    assert compare(a, b, settings=trained).outcome is Outcome.MERGE
    assert not cannot_link(compare(a, b, settings=trained))


def test_a_nameless_record_merges_when_a_fact_no_household_shares_agrees() -> None:
    mail, phone = frozenset({"evied56@harris.net"}), frozenset({"+447700900123"})
    named = person("1", "Evie", "Dean", emails=mail, phones=phone, birth_date="2015-03-03", city="Hull")
    same_birthday = MatchRecord("2", emails=mail, birth_date="2015-03-03")
    same_city_only = MatchRecord("3", emails=mail, phones=phone, city="Hull")

    assert compare(named, same_birthday).outcome is Outcome.MERGE
    capped = compare(named, same_city_only)
    assert capped.outcome is Outcome.REVIEW
    assert any("no name to check" in e.detail for e in capped.evidence if e.field == "rule")


def test_a_record_with_only_a_given_name_meets_a_swapped_full_name() -> None:
    decision = compare(person("1", "Aira", ""), person("2", "Cross", "Aria"))

    assert any(e.level == "swapped_penalty" for e in decision.evidence)
    assert level(decision, "given name") != "given_differ"


def test_addresses_a_few_keystrokes_apart_and_numbered_accounts() -> None:
    typo = compare(
        person("1", "Adam", "Edwards", emails={"adam.edwards38@bullock-edwards.com"}),
        person("2", "Adam", "Edwards", emails={"adam.edwards38@bullock-edwaods.crm"}),
    )
    numbered = compare(
        person("1", "Alpha", "Team", emails={"alpha.12@gmail.com"}),
        person("2", "Alpha", "Team", emails={"alpha.13@gmail.com"}),
    )

    assert level(typo, "email") == "email_similar"
    assert level(numbered, "email") == "email_differ"


def test_birth_dates_two_digits_apart_have_their_own_level() -> None:
    decision = compare(
        person("1", "Olivia", "Davies", birth_date="2000-01-09"),
        person("2", "Olivia", "Davies", birth_date="2010-01-05"),
    )

    assert level(decision, "birth date") == "birth_date_typos"


def test_birth_date_blocking_keys_let_one_mistyped_part_meet() -> None:
    a = person("1", "Olivia", "Davies", birth_date="2000-01-09")
    b = person("2", "Olvia", "Daveis", birth_date="2000-02-09")

    shared = blocking_keys(a) & blocking_keys(b)

    assert "yd:200009" in shared
    assert not any(k.startswith(("ym:", "md:")) for k in shared)


def test_average_linkage_refuses_to_chain_two_people_through_one_look_alike() -> None:
    """B shares A's mailbox and C's phone; A and C have nothing in common but the name. With
    average linkage the mean across A–C and B–C stays below ``link_at``; without it, all join."""
    a = person("a", "Anna", "Weber", emails={"anna.weber@gmail.com"}, city="Berlin")
    b = person("b", "Anna", "Weber", emails={"anna.weber@gmail.com"}, phones={"+4915112345678"})
    c = person("c", "Anna", "Weber", phones={"+4915112345678"}, city="Munich")
    strict = replace(DEFAULT_SETTINGS, link_at=0.9)
    loose = replace(DEFAULT_SETTINGS, link_at=0.0)

    assert compare(a, c).score < 0.9 * 2 - compare(b, c).score  # the mean over {a, b} × {c} < 0.9
    assert len(set(resolve([a, b, c], settings=loose).cluster_of.values())) == 1
    chained = resolve([a, b, c], settings=strict)
    assert chained.cluster_of["a"] == chained.cluster_of["b"] != chained.cluster_of["c"]
    assert any({p.left, p.right} & {"c"} for p in chained.reviews)
