"""Names: cleaned for display, split where safe, folded for matching."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentscout.domain.names import MAX_NAME_LENGTH, fold, parse_name


def _split(full: str) -> tuple[str | None, str | None]:
    name = parse_name(full)
    assert name is not None
    return name.given, name.family


def test_first_last_is_split_on_the_last_word() -> None:
    name = parse_name("  Ann   Lee ")
    assert name is not None
    assert (name.display, name.given, name.family, name.normalised) == ("Ann Lee", "Ann", "Lee", "ann lee")


def test_last_comma_first_is_understood() -> None:
    assert _split("Lee, Ann") == ("Ann", "Lee")
    assert _split("van der Berg, Jan Willem") == ("Jan Willem", "van der Berg")


def test_last_comma_first_matches_first_last() -> None:
    a, b = parse_name("Lee, Ann"), parse_name("Ann Lee")
    assert a is not None
    assert b is not None
    assert a.normalised == b.normalised


def test_middle_names_belong_to_the_given_name() -> None:
    assert _split("John Ronald Reuel Tolkien") == ("John Ronald Reuel", "Tolkien")


@pytest.mark.parametrize(
    ("full", "given", "family"),
    [
        ("Dr. Ann Lee", "Ann", "Lee"),
        ("Prof. Dr. Jörg Müller", "Jörg", "Müller"),
        ("Mr Ann Lee Jr.", "Ann", "Lee"),
        ("Ann Lee, PhD", "Ann", "Lee"),
        ("Ann Lee III", "Ann", "Lee"),
        ("Ann Lee, MBA, CPA", "Ann", "Lee"),
        ("Lee, Ann, Jr.", "Ann", "Lee"),
    ],
)
def test_honorifics_and_suffixes_stay_in_display_but_not_in_the_split(
    full: str, given: str, family: str
) -> None:
    name = parse_name(full)
    assert name is not None
    assert (name.given, name.family) == (given, family)
    assert name.display == full
    assert name.normalised == fold(f"{given} {family}")


@pytest.mark.parametrize(
    ("full", "family"),
    [
        ("Ludwig van Beethoven", "van Beethoven"),
        ("Vincent van der Berg", "van der Berg"),
        ("Leonardo da Vinci", "da Vinci"),
        ("Maria de la Cruz", "de la Cruz"),
        ("Ursula von der Leyen", "von der Leyen"),
        ("Mohammed bin Salman", "bin Salman"),
        ("Omar al-Rashid", "al-Rashid"),
        ("Omar Al Rashid", "Al Rashid"),
    ],
)
def test_particles_are_kept_in_the_family_name(full: str, family: str) -> None:
    assert _split(full)[1] == family


def test_single_name_is_a_given_name_only() -> None:
    assert _split("Madonna") == ("Madonna", None)


def test_all_caps_and_all_lower_names_are_title_cased_for_display() -> None:
    upper = parse_name("JEAN-LUC O'BRIEN VAN DAMME PHD")
    lower = parse_name("jean-luc o'brien")
    assert upper is not None
    assert lower is not None
    assert upper.display == "Jean-Luc O'Brien van Damme PhD"
    assert lower.display == "Jean-Luc O'Brien"


def test_mixed_case_is_left_as_written() -> None:
    name = parse_name("danah boyd McDonald")
    assert name is not None
    assert name.display == "danah boyd McDonald"


def test_html_is_kept_as_text_not_title_cased_or_executed() -> None:
    name = parse_name("<script>alert(1)</script>")
    assert name is not None
    assert name.display == "<script>alert(1)</script>"
    assert name.normalised == "script alert 1 script"


def test_control_and_invisible_characters_are_removed_and_reported() -> None:
    name = parse_name("Ann\x00 \u202eLee\u200b\tSmith\n")
    assert name is not None
    assert name.display == "Ann Lee Smith"
    assert name.problems == ("name contained control or invisible characters; removed",)


def test_emoji_stay_in_display_but_not_in_the_split() -> None:
    name = parse_name("Ann 🚀 Lee 👩‍💻")
    assert name is not None
    assert name.display == "Ann 🚀 Lee 👩‍💻"
    assert (name.given, name.family, name.normalised) == ("Ann", "Lee", "ann lee")


def test_ten_thousand_character_name_is_capped_and_flagged() -> None:
    name = parse_name("Ann " + "x" * 9996)
    assert name is not None
    assert len(name.display) == MAX_NAME_LENGTH
    assert name.display.endswith("…")
    assert name.problems == ("name was 10000 characters long; truncated to 300",)
    assert name.given == "Ann"


def test_long_explicit_parts_are_capped_together() -> None:
    name = parse_name(None, given="A" * 250, family="B" * 250)
    assert name is not None
    assert len(name.display) == MAX_NAME_LENGTH
    assert name.problems == ("name was 501 characters long; truncated to 300",)


def test_cjk_names_are_kept_and_only_split_on_whitespace() -> None:
    assert _split("山田太郎") == ("山田太郎", None)
    assert _split("山田 太郎") == ("山田", "太郎")
    name = parse_name("王小明")
    assert name is not None
    assert name.normalised == "王小明"


def test_explicit_given_and_family_win() -> None:
    name = parse_name("Ann Marie Lee", given="Ann Marie", family="Lee")
    assert name is not None
    assert (name.display, name.given, name.family) == ("Ann Marie Lee", "Ann Marie", "Lee")
    assert parse_name(None, given="ann", family="lee") == parse_name("Ann Lee")


def test_one_explicit_part_completes_the_other_from_the_full_name() -> None:
    name = parse_name("Ann Marie Lee", family="Lee")
    assert name is not None
    assert name.given == "Ann Marie"


@pytest.mark.parametrize("full", [None, "", "   ", "\x00\x01"])
def test_nothing_to_show_is_no_name(full: str | None) -> None:
    assert parse_name(full) is None


def test_name_without_letters_is_kept_and_flagged() -> None:
    name = parse_name("🚀🚀")
    assert name is not None
    assert name.display == "🚀🚀"
    assert name.problems == ("name contains no letters or digits",)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Jörg Müller", "jorg muller"),
        ("Straße", "strasse"),
        ("Søren Ørsted", "soren orsted"),
        ("Łukasz Żółć", "lukasz zolc"),
        ("Æsir Œuvre Þór Đorđe", "aesir oeuvre thor dorde"),
        ("O'Brien-Smith", "obrien smith"),
        ("  François   D’Arcy ", "francois darcy"),
        ("Αθήνα", "αθηνα"),
        ("Москва", "москва"),
        ("東京", "東京"),
        ("u\u0308ber", "uber"),
        ("ACME, Inc.", "acme inc"),
        ("⑴ Ⅻ ﬁne", "1 xii fine"),
    ],
)
def test_fold_lower_cases_removes_diacritics_and_punctuation(text: str, folded: str) -> None:
    assert fold(text) == folded


# ---- properties ----------------------------------------------------------------------------------


@given(st.text(), st.one_of(st.none(), st.text()), st.one_of(st.none(), st.text()))
def test_parse_name_never_raises_and_always_caps_and_cleans(
    full: str, given: str | None, family: str | None
) -> None:
    name = parse_name(full, given, family)
    if name is None:
        return
    assert 0 < len(name.display) <= MAX_NAME_LENGTH
    assert not any(unicodedata.category(c) == "Cc" for c in name.display)
    assert name.display == name.display.strip()


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)
