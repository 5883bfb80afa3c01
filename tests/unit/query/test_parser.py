"""The recruiter query language: every operator, precedence, errors that say where and why, limits."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentscout.domain.query import (
    MAX_TERMS,
    And,
    Field,
    FieldTerm,
    Near,
    Node,
    Not,
    Or,
    QueryError,
    Term,
    Text,
    YearsRange,
    explain,
    parse,
    words,
)


def t(value: str, *, prefix: bool = False, exact: bool = False) -> Term:
    return Term(Text(value, prefix, exact))


def f(field: str, value: str, *, prefix: bool = False, exact: bool = False) -> FieldTerm:
    return FieldTerm(Field(field), Text(value, prefix, exact))


def error(query: str) -> QueryError:
    with pytest.raises(QueryError) as caught:
        parse(query)
    return caught.value


# --- terms, phrases, prefixes, exact ----------------------------------------------------------


def test_a_word_is_a_term() -> None:
    assert parse("python") == t("python")


def test_a_quoted_phrase_is_one_term_with_its_whitespace_collapsed() -> None:
    assert parse('"backend   engineer"') == t("backend engineer")


def test_quoting_a_single_word_changes_nothing() -> None:
    assert parse('"python"') == parse("python")


def test_a_trailing_star_makes_a_prefix_search_on_words_and_phrases() -> None:
    assert parse("engineer*") == t("engineer", prefix=True)
    assert parse('"backend eng"*') == t("backend eng", prefix=True)


def test_a_star_inside_quotes_is_just_a_character() -> None:
    assert parse('"eng*"') == t("eng*")


def test_an_equals_sign_turns_synonym_expansion_off_for_that_term() -> None:
    assert parse("=k8s") == t("k8s", exact=True)
    assert parse("skill:=k8s") == f("skill", "k8s", exact=True)
    assert parse('="machine learning"') == t("machine learning", exact=True)


def test_the_expand_synonyms_option_marks_every_term_exact() -> None:
    assert parse("k8s skill:js", expand_synonyms=False) == And(
        (t("k8s", exact=True), f("skill", "js", exact=True))
    )


def test_punctuation_between_terms_is_not_a_term() -> None:
    assert parse("python & java / go") == And((t("python"), t("java"), t("go")))


def test_symbols_inside_a_word_stay_part_of_it() -> None:
    assert parse("C++ node.js C#") == And((t("C++"), t("node.js"), t("C#")))


# --- boolean operators and precedence ---------------------------------------------------------


def test_adjacent_terms_are_anded() -> None:
    assert parse("python django") == And((t("python"), t("django")))


@pytest.mark.parametrize("keyword", ["AND", "and", "And"])
def test_and_is_case_insensitive(keyword: str) -> None:
    assert parse(f"python {keyword} django") == And((t("python"), t("django")))


@pytest.mark.parametrize("keyword", ["OR", "or"])
def test_or_is_case_insensitive(keyword: str) -> None:
    assert parse(f"python {keyword} golang") == Or((t("python"), t("golang")))


@pytest.mark.parametrize("query", ["NOT java", "not java", "-java"])
def test_not_and_minus_negate(query: str) -> None:
    assert parse(query) == Not(t("java"))


def test_minus_negates_fields_phrases_and_groups() -> None:
    assert parse("-company:acme") == Not(f("company", "acme"))
    assert parse('-"project manager"') == Not(t("project manager"))
    assert parse("-(php OR perl)") == Not(Or((t("php"), t("perl"))))


def test_a_hyphen_inside_a_word_does_not_negate() -> None:
    assert parse("full-stack") == t("full-stack")


def test_and_binds_tighter_than_or() -> None:
    assert parse("a b OR c") == Or((And((t("a"), t("b"))), t("c")))
    assert parse("a OR b AND c") == Or((t("a"), And((t("b"), t("c")))))


def test_not_binds_tighter_than_and() -> None:
    assert parse("NOT a b") == And((Not(t("a")), t("b")))
    assert parse("a OR NOT b c") == Or((t("a"), And((Not(t("b")), t("c")))))


def test_parentheses_override_precedence() -> None:
    assert parse("(a OR b) c") == And((Or((t("a"), t("b"))), t("c")))


def test_nested_ands_and_ors_are_flattened() -> None:
    assert parse("a (b c)") == And((t("a"), t("b"), t("c")))
    assert parse("(a OR b) OR c") == Or((t("a"), t("b"), t("c")))


def test_double_negation_is_kept() -> None:
    assert parse("NOT -a") == Not(Not(t("a")))


def test_a_keyword_in_quotes_is_a_term() -> None:
    assert parse('"AND" "or" "NOT"') == And((t("AND"), t("or"), t("NOT")))


def test_fts_operators_of_the_databases_are_ordinary_words() -> None:
    assert parse("python NEAR java") == And((t("python"), t("NEAR"), t("java")))


# --- fields -----------------------------------------------------------------------------------


@pytest.mark.parametrize("field", [f.value for f in Field])
def test_every_text_field_takes_a_word_or_a_phrase(field: str) -> None:
    assert parse(f"{field}:acme") == f(field, "acme")
    assert parse(f'{field}:"acme corp"') == f(field, "acme corp")


def test_field_names_are_case_insensitive() -> None:
    assert parse("Title:cto") == f("title", "cto")


def test_a_field_applies_to_every_term_of_its_group() -> None:
    assert parse("skill:(python OR go) django") == And(
        (Or((f("skill", "python"), f("skill", "go"))), t("django"))
    )


def test_a_field_value_may_be_a_prefix_or_exact() -> None:
    assert parse("title:eng*") == f("title", "eng", prefix=True)
    assert parse("skill:=js") == f("skill", "js", exact=True)


def test_a_keyword_right_after_a_field_is_its_value() -> None:
    assert parse("tag:not") == f("tag", "not")


def test_a_colon_without_letters_before_it_is_part_of_the_word() -> None:
    assert parse("10:30") == t("10:30")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("years:5..10", YearsRange(5, 10)),
        ("years:5..", YearsRange(5, None)),
        ("years:..3", YearsRange(None, 3)),
        ("years:7", YearsRange(7, 7)),
    ],
)
def test_years_takes_a_closed_or_open_range(query: str, expected: YearsRange) -> None:
    assert parse(query) == expected


def test_near_resolves_the_place_and_defaults_to_50_km() -> None:
    node = parse('near:"Berlin"')
    assert isinstance(node, Near)
    assert (node.place, node.radius, node.unit) == ("Berlin", 50.0, "km")
    assert node.latitude == pytest.approx(52.52, abs=0.05)
    assert node.longitude == pytest.approx(13.40, abs=0.05)


@pytest.mark.parametrize(
    ("query", "radius", "unit", "km"),
    [
        ('near:"Berlin" within:25km', 25.0, "km", 25.0),
        ("near:Berlin within:30mi", 30.0, "mi", 48.28032),
        ("near:Berlin within:12.5", 12.5, "km", 12.5),
        ('near:Berlin within:"10 KM"', 10.0, "km", 10.0),
    ],
)
def test_within_sets_the_radius_in_km_or_miles(query: str, radius: float, unit: str, km: float) -> None:
    node = parse(query)
    assert isinstance(node, Near)
    assert (node.radius, node.unit) == (radius, unit)
    assert node.radius_km == pytest.approx(km)


def test_the_recruiter_example_parses_into_the_expected_tree() -> None:
    query = (
        '(python OR golang) AND title:"backend engineer" -company:acme near:"Berlin" within:50km years:5..10'
    )
    node = parse(query)
    assert isinstance(node, And)
    assert node.children[:3] == (
        Or((t("python"), t("golang"))),
        f("title", "backend engineer"),
        Not(f("company", "acme")),
    )
    assert isinstance(node.children[3], Near)
    assert node.children[4] == YearsRange(5, 10)


# --- errors say where and why -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message", "position"),
    [
        ("", "empty query", 0),
        ("   ", "empty query", 0),
        ("^ & /", "nothing to search for", 0),
        ("python AND (java OR go", "unbalanced parenthesis at column 12: this '(' is never closed", 11),
        ("python)", "unbalanced parenthesis at column 7: this ')' has no matching '('", 6),
        ("()", "empty parentheses at column 1", 0),
        ('say "hello', 'unbalanced quote at column 5: this " is never closed', 4),
        ("python titel:cto", "unknown field 'titel:' at column 8 — did you mean 'title:'?", 7),
        ("skils:go", "did you mean 'skill:'?", 0),
        ("foo:bar", "unknown field 'foo:' at column 1 — fields are title:", 0),
        ("NOT", "NOT needs a term after it", 0),
        ("python NOT", "NOT needs a term after it at column 8", 7),
        ("- python", "'-' needs a term right after it", 0),
        ("python AND", "AND needs a term after it at column 8", 7),
        ("AND python", "AND needs a term before it at column 1", 0),
        ("OR python", "OR needs a term before it", 0),
        ("python OR AND go", "OR needs a term after it at column 8 (found AND)", 7),
        ("title:", "title: needs a value right after it at column 1", 0),
        ("title: cto", "title: needs a value right after it", 0),
        ("a*b", "'*' can only end a word (a prefix search), at column 2", 1),
        ("*", "'*' needs letters before it", 0),
        ("a*", "a prefix search needs at least 2 letters", 0),
        ('""', "empty phrase at column 1", 0),
        ('"^^"', "'^^' has no letters or digits to search for at column 1", 0),
        ("title:&", "'&' has no letters or digits", 6),
        ("=(a b)", "'=' needs a word or phrase right after it", 1),
        ("=title:cto", "write it after the field, as in title:=cto", 1),
        ("years:ten", "years: takes a range like 5..10", 0),
        ("years:10..5", "years:10..5 is empty — write the lower bound first", 0),
        ("years:..", "years: takes a range", 0),
        ("years:200", "years: goes up to 80", 0),
        ("years:5..10*", "years: takes a plain value", 0),
        ("near:Xyzzyqwv", "unknown place 'Xyzzyqwv' at column 1", 0),
        ("near:Germany", 'is a country or region, not a city — use location:"Germany"', 0),
        ("near:Berlin within:far", "within: takes a distance like 50km or 30mi", 12),
        ("near:Berlin within:0km", "within: must be more than 0", 12),
        ("near:Berlin within:5000km", "at most 2,000 km", 12),
        ("python within:5km", "within: at column 8 belongs right after a near: term", 7),
        ("title:(cto OR skill:go)", "skill: cannot be used inside title:( … ) at column 15", 14),
    ],
)
def test_errors_name_the_column_and_the_reason(query: str, message: str, position: int) -> None:
    caught = error(query)
    assert message in str(caught)
    assert caught.position == position
    assert caught.column == position + 1


def test_an_error_position_counts_characters_not_bytes() -> None:
    assert error("Müller (java").position == 7


# --- limits ------------------------------------------------------------------------------------


def test_a_query_longer_than_2000_characters_is_refused() -> None:
    caught = error("a" * 2_001)
    assert "query too long: 2,001 characters, at most 2,000" in str(caught)


def test_more_than_200_terms_are_refused_at_the_201st() -> None:
    caught = error(" ".join(["go"] * (MAX_TERMS + 1)))
    assert "too many terms: at most 200" in str(caught)
    assert caught.position == 3 * MAX_TERMS


def test_exactly_200_terms_are_fine() -> None:
    node = parse(" OR ".join(f"w{i}" for i in range(MAX_TERMS)))
    assert isinstance(node, Or)
    assert len(node.children) == MAX_TERMS


def test_a_10000_term_query_fails_fast() -> None:
    started = time.perf_counter()
    with pytest.raises(QueryError, match="too long"):
        parse(" ".join(["python"] * 10_000))
    with pytest.raises(QueryError, match="too many terms"):
        parse(" ".join(["a"] * 1_000))
    assert time.perf_counter() - started < 0.1


def test_deep_nesting_is_refused_not_a_recursion_error() -> None:
    assert "nests more than 32 levels" in str(error("(" * 500 + "a" + ")" * 500))
    assert "nests more than 32 levels" in str(error("NOT " * 400 + "a"))
    assert "nests more than 32 levels" in str(error("-" * 1_000 + "a"))


# --- explain ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "explained"),
    [
        ("python django", "python AND django"),
        ("a b OR c", "(a AND b) OR c"),
        ("(a OR b) -c", "(a OR b) AND NOT c"),
        ("NOT (a b)", "NOT (a AND b)"),
        ('"python"', "python"),
        ('"AND" "a:b" "-x" "x yz"*', '"AND" AND "a:b" AND "-x" AND "x yz"*'),
        ("skill:(go OR rust)", "skill:go OR skill:rust"),
        ("=k8s title:=cto", "=k8s AND title:=cto"),
        ("near:berlin", 'near:"berlin" within:50km'),
        ("near:Paris within:12.50mi", 'near:"Paris" within:12.5mi'),
        ("years:3 years:..2 years:1..", "years:3..3 AND years:..2 AND years:1.."),
        ("python & java", "python AND java"),
    ],
)
def test_explain_writes_a_normalised_query(query: str, explained: str) -> None:
    assert explain(parse(query)) == explained


def test_explain_of_the_recruiter_example() -> None:
    query = (
        '(python OR golang) AND title:"backend engineer" -company:acme near:"Berlin" within:50km years:5..10'
    )
    assert explain(parse(query)) == (
        '(python OR golang) AND title:"backend engineer" AND NOT company:acme'
        ' AND near:"Berlin" within:50km AND years:5..10'
    )


# --- fuzzing ------------------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    [
        *"abcxyz019 ()\"*-=:.^+#&|!<>~'\\\t",
        *("AND", "OR", "NOT", "NEAR", "title:", "skill:", "years:", "near:", "within:", "é", "ß", "東", "🙂"),
    ]
)


def _parse_or_error(query: str) -> Node | QueryError:
    try:
        return parse(query)
    except QueryError as caught:
        return caught


def _check(query: str) -> None:
    result = _parse_or_error(query)
    if isinstance(result, QueryError):
        assert 0 <= result.position <= len(query)
        assert str(result)
    else:
        assert parse(explain(result)) == result


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_any_query_like_text_parses_and_round_trips_or_raises_a_query_error(query: str) -> None:
    _check(query)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode_never_raises_anything_but_a_query_error(query: str) -> None:
    _check(query)


_WORD = st.text(alphabet="abcdefgh0123éü+#.-", min_size=1, max_size=8).filter(
    lambda w: w[0] not in "-=" and any(c.isalnum() for c in w)
)
_TEXT = st.builds(
    Text,
    st.lists(_WORD, min_size=1, max_size=3).map(" ".join),
    st.booleans(),
    st.booleans(),
).filter(lambda text: bool(words(text.value)) and (not text.prefix or len(words(text.value)[-1]) >= 2))
_LEAF = st.one_of(
    st.builds(Term, _TEXT),
    st.builds(FieldTerm, st.sampled_from(list(Field)), _TEXT),
    st.builds(YearsRange, st.just(2), st.sampled_from([None, 2, 9])),
    st.sampled_from([parse("near:Berlin"), parse("near:Lisbon within:30mi")]),
)


def _tree(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
    many = st.lists(children, min_size=2, max_size=4)
    return st.one_of(
        st.builds(Not, children),
        many.map(lambda c: parse_group(c, And)),
        many.map(lambda c: parse_group(c, Or)),
    )


def parse_group(children: list[Node], kind: type[And] | type[Or]) -> Node:
    flat = [g for c in children for g in (c.children if isinstance(c, kind) else (c,))]
    return kind(tuple(flat))


@settings(max_examples=150, deadline=None)
@given(st.recursive(_LEAF, _tree, max_leaves=12))
def test_explain_round_trips_through_the_parser(node: Node) -> None:
    assert parse(explain(node)) == node
