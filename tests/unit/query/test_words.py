"""Words as the full-text indexes see them, and what a term expands to through the taxonomy."""

from __future__ import annotations

import re

import pytest

from talentscout.domain.query import Field, Text, expand, parse, synonyms, words
from talentscout.domain.query.words import FOLDING


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("José Müller", ("jose", "muller")),
        ("ÉCOLE Polytechnique", ("ecole", "polytechnique")),
        ("node.js / C++ (k8s)", ("node", "js", "c", "k8s")),
        ("senior-engineer x@y.com", ("senior", "engineer", "x", "y", "com")),
        ("l’Oréal O'Brien", ("l", "oreal", "o", "brien")),
        ("Jose\u0301", ("jose",)),  # decomposed accent
        ("Straße Łódź Ødegaard", ("straße", "łodz", "ødegaard")),  # unicode61 keeps these letters
        ("Москва 東京都", ("москва", "東京都")),
        ('NEAR "AND" ^ * :', ("near", "and")),
    ],
)
def test_words_fold_and_split_like_fts5_unicode61(text: str, expected: tuple[str, ...]) -> None:
    assert words(text) == expected


def test_the_folding_patterns_cover_accents_and_separators_but_no_letters() -> None:
    marks, separators = (re.compile(p) for p in (FOLDING.marks, FOLDING.separators))
    assert marks.fullmatch("\u0301")
    assert not marks.fullmatch("e")
    assert all(separators.fullmatch(c) for c in "-.:@/'’—«\u00a0")
    assert not any(separators.fullmatch(c) for c in "aé9жש中")


def test_a_bare_skill_synonym_expands_to_the_canonical_skill_and_its_other_names() -> None:
    assert expand(None, Text("k8s")).labels == ("k8s", "kubernetes", "kube")
    assert "javascript" in expand(None, Text("JS")).labels


def test_an_exact_term_does_not_expand() -> None:
    assert expand(None, Text("k8s", exact=True)).labels == ("k8s",)
    assert expand(Field.SKILL, Text("k8s", exact=True)).skill_id is None


def test_a_prefix_does_not_expand() -> None:
    assert expand(None, Text("kube", prefix=True)).labels == ("kube",)


def test_everyday_words_are_not_expanded_in_free_text_but_are_as_skills() -> None:
    assert expand(None, Text("lead")).labels == ("lead",)
    assert expand(Field.SKILL, Text("lead")).skill_id is not None


def test_skills_named_by_symbols_match_the_skill_not_the_bare_letter() -> None:
    free = expand(None, Text("C++"))
    assert free.skill_id == "onet:tech:c-plus-plus"
    assert ("c",) not in free.phrases
    field = expand(Field.SKILL, Text("c#"))
    assert "C#" in field.skill_names
    assert ("c",) not in field.phrases


def test_location_matches_a_country_and_the_gazetteer_city_name() -> None:
    assert expand(Field.LOCATION, Text("Germany")).country == "DE"
    assert "munich" in expand(Field.LOCATION, Text("München")).labels


def test_source_matches_a_channel_by_its_words() -> None:
    assert expand(Field.SOURCE, Text("past applicant")).channel == "past_applicant"
    assert expand(Field.SOURCE, Text("LinkedIn export")).channel is None


def test_synonyms_lists_each_expanded_term_once_for_the_ui() -> None:
    lines = synonyms(parse("k8s OR k8s skill:js python*"))
    assert lines[0] == "k8s → also kubernetes, kube"
    assert len(lines) == 2
    assert lines[1].startswith("js → also")
