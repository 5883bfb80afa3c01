"""resolve(records): people as clusters, with the guards that keep shared identifiers from chaining."""

from __future__ import annotations

from talentscout.domain.identity import MatchRecord, Outcome, blocking_keys, candidate_pairs, resolve


def rec(rid: str, given: str, family: str, source: str = "s", **sets: set[str]) -> MatchRecord:
    fields = {k: frozenset(v) for k, v in sets.items()}
    return MatchRecord(rid, source=source, given_name=given, family_name=family, **fields)  # type: ignore[arg-type]


def test_one_person_from_three_sources_becomes_one_cluster() -> None:
    records = [
        rec("li", "Andy", "Clarke", "linkedin", profiles={"https://www.linkedin.com/in/andrewclarke"}),
        rec("gh", "Andrew", "Clarke", "greenhouse", emails={"aclarke@helixa.io"}, phones={"+12065550164"}),
        rec(
            "jr",
            "Andrew",
            "Clarke",
            "jsonresume",
            profiles={"https://www.linkedin.com/in/andrewclarke"},
            phones={"+12065550164"},
        ),
        rec("other", "Anna", "Clarke", "linkedin", profiles={"https://www.linkedin.com/in/annaclarke"}),
    ]

    result = resolve(records)

    assert result.cluster_of["li"] == result.cluster_of["gh"] == result.cluster_of["jr"]
    assert result.cluster_of["other"] != result.cluster_of["li"]
    assert all(m.decision.outcome is Outcome.MERGE for m in result.merges)


def test_a_shared_inbox_does_not_collapse_a_source() -> None:
    names = [
        "Ann Lee",
        "Bob Stone",
        "Carla Diaz",
        "Dev Patel",
        "Eve Adams",
        "Femi Ade",
        "Gus Berg",
        "Hana Kim",
    ]
    inbox = {"submissions@talentbridge.example"}
    records = [rec(f"r{i}", n.split()[0], n.split()[1], "agency", emails=inbox) for i, n in enumerate(names)]
    records.append(rec("lee2", "Ann", "Lee", source="referrals", emails=inbox | {"ann.lee@gmail.com"}))

    result = resolve(records)

    assert len(result.clusters) == len(records)
    assert [f.identifier for f in result.flagged] == ["email:submissions@talentbridge.example"]
    assert result.flagged[0].source == "agency"
    assert result.flagged[0].records == 8
    assert not result.merges


def test_one_person_listed_many_times_in_one_source_keeps_their_email() -> None:
    records = [rec(f"r{i}", "Ann", "Lee", source="crm", emails={"ann.lee@gmail.com"}) for i in range(8)]

    result = resolve(records)

    assert not result.flagged
    assert len(result.clusters) == 1


def test_role_addresses_are_never_evidence() -> None:
    records = [
        rec("a", "Ann", "Lee", emails={"jobs@acme.com"}),
        rec("b", "Bob", "Stone", emails={"jobs@acme.com"}),
    ]

    result = resolve(records)

    assert len(result.clusters) == 2
    assert "email:jobs@acme.com" not in blocking_keys(records[0])


def test_a_nameless_record_does_not_chain_two_relatives_together() -> None:
    phone = {"+494025433012"}
    records = [
        rec("jonas", "Jonas", "Becker", phones=phone, emails={"jonas.becker@gmx.de"}),
        rec("lena", "Lena", "Becker", phones=phone, emails={"lena.becker@gmx.de"}),
        rec("badge", "", "Becker", phones=phone),
    ]

    result = resolve(records)

    assert len(result.clusters) == 3
    reviewed = {frozenset((p.left, p.right)) for p in result.reviews}
    assert {frozenset(("badge", "jonas")), frozenset(("badge", "lena"))} <= reviewed


def test_blocking_brings_nicknames_and_swapped_names_together_but_not_strangers() -> None:
    records = [
        rec("bob", "Bob", "Smith"),
        rec("robert", "Robert", "Smith"),
        rec("swapped", "Smith", "Robert"),
        rec("stranger", "Olga", "Ivanova"),
    ]

    pairs, stats = candidate_pairs(records)

    assert {(0, 1), (1, 2)} <= pairs
    assert not any(3 in pair for pair in pairs)
    assert stats.reduction_ratio == 1 - len(pairs) / 6


def test_a_very_common_blocking_key_is_skipped_and_counted() -> None:
    records = [rec(f"r{i}", "John", "Smith") for i in range(5)]

    pairs, stats = candidate_pairs(records, max_block=3)

    assert not pairs
    assert stats.skipped_keys["name:smith|j"] == 5
