"""canonical_skill and skill_synonyms on the shipped data."""

from __future__ import annotations

import pytest

from talentscout.taxonomy import canonical_skill, load_taxonomy, skill_synonyms


@pytest.mark.parametrize(
    ("written", "label"),
    [
        ("k8s", "Kubernetes"),
        ("JS", "JavaScript"),
        ("TS", "TypeScript"),
        ("golang", "Go"),
        ("py", "Python"),
        ("postgres", "PostgreSQL"),
        ("ML", "machine learning"),
        ("NLP", "natural language processing"),
        ("AWS", "Amazon Web Services AWS software"),
        ("GCP", "Google Cloud software"),
        ("React.js", "React"),
        ("ReactJS", "React"),
        ("nodejs", "Node.js"),
        ("SRE", "Site reliability engineering"),
        ("leadership", "lead others"),
    ],
)
def test_recruiter_shorthand_resolves_through_the_curated_synonyms(written: str, label: str) -> None:
    match = canonical_skill(written)
    assert match is not None
    assert (match.label, match.matched_by) == (label, "synonym")


@pytest.mark.parametrize("written", ["Kubernetes", "kubernetes", "KUBERNETES", "  Kubernetes "])
def test_a_preferred_label_in_any_case_is_an_exact_match(written: str) -> None:
    match = canonical_skill(written)
    assert match is not None
    assert (match.id, match.matched_by, match.kind) == ("onet:tech:kubernetes", "exact", "technology")


def test_symbols_that_name_languages_are_kept_apart() -> None:
    labels = {text: canonical_skill(text) for text in ["C", "C++", "C#", ".NET"]}
    assert {text: m.label if m else None for text, m in labels.items()} == {
        "C": "C",
        "C++": "C++",
        "C#": "C#",
        ".NET": "Microsoft .NET Framework",
    }


def test_an_esco_alternative_label_finds_its_skill() -> None:
    match = canonical_skill("give impetus")  # ESCO: an alternative label of "show initiative"
    assert match is not None
    assert (match.label, match.kind, match.matched_by) == ("show initiative", "transversal", "alt_label")
    assert match.id.startswith("esco:")


def test_a_vendor_prefix_or_bracketed_qualifier_is_an_alternative_label() -> None:
    java = canonical_skill("Java")
    assert java is not None
    assert (java.label, java.matched_by) == ("Oracle Java", "alt_label")
    assert canonical_skill("Java (computer programming)") == java  # the ESCO twin resolves to O*NET


@pytest.mark.parametrize(
    ("written", "label"),
    [
        ("Python 3", "Python"),
        ("python 3.11", "Python"),
        ("Python programming", "Python"),
        ("VueJS", "Vue.js"),
    ],
)
def test_trivial_variants_resolve_and_say_they_are_not_the_label_itself(written: str, label: str) -> None:
    match = canonical_skill(written)
    assert match is not None
    assert match.label == label
    assert match.matched_by in {"alt_label", "synonym"}


@pytest.mark.parametrize("written", ["", "   ", "xyzzy", "engineer", "Pythn", "Kubernetis", "the"])
def test_unknown_or_misspelt_names_get_no_match_rather_than_a_guess(written: str) -> None:
    assert canonical_skill(written) is None


def test_skill_synonyms_lets_k8s_find_kubernetes_both_ways() -> None:
    by_label = skill_synonyms("Kubernetes")
    assert {"Kubernetes", "k8s"} <= by_label
    assert skill_synonyms("k8s") == by_label
    assert skill_synonyms("onet:tech:kubernetes") == by_label


def test_skill_synonyms_include_the_other_taxonomys_label_of_the_same_skill() -> None:
    labels = skill_synonyms("Python")
    assert {"Python", "py", "Python (computer programming)"} <= labels
    assert "Mocha" not in skill_synonyms("JavaScript")  # a related tool ESCO lists, not a synonym


def test_skill_synonyms_of_an_unknown_skill_is_empty() -> None:
    assert skill_synonyms("no such skill at all") == frozenset()


def test_technology_skills_carry_their_o_net_commodity_and_hot_flag() -> None:
    python = load_taxonomy().skill("onet:tech:python")
    assert python is not None
    assert python.hot is True
    assert "Object or component oriented development software" in python.commodities
    assert "15-1252.00" in python.occupations
    assert any(other.startswith("esco:") for other in python.same_as)


def test_esco_skills_carry_their_collection_kind() -> None:
    english = canonical_skill("English")
    initiative = canonical_skill("show initiative")
    assert english is not None
    assert initiative is not None
    assert (english.kind, initiative.kind) == ("language", "transversal")
