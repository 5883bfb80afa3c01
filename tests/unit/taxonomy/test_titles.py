"""canonical_title and split_seniority on the shipped data."""

from __future__ import annotations

import pytest

from talentscout.taxonomy import canonical_title, load_taxonomy, split_seniority


def test_senior_software_engineer_is_an_o_net_software_developer_with_senior_seniority() -> None:
    match = canonical_title("Senior Software Engineer")
    assert match is not None
    assert (match.onet_code, match.onet_title) == ("15-1252.00", "Software Developers")
    assert (match.seniority, match.cleaned, match.source) == ("senior", "software engineer", "onet")
    assert match.esco_label == "software developer"
    assert match.esco_uri is not None
    assert match.esco_uri.startswith("http://data.europa.eu/esco/occupation/")
    assert match.isco_group == "2512"


def test_registered_nurse_is_o_net_29_1141() -> None:
    match = canonical_title("Registered Nurse")
    assert match is not None
    assert (match.onet_code, match.onet_title, match.seniority) == ("29-1141.00", "Registered Nurses", None)


@pytest.mark.parametrize(
    "written",
    [
        "Registered Nurse (RN)",
        "Registered Nurse - ICU, nights",
        "RN",
        "registered nurses",
        "Registered Nurse, remote",
    ],
)
def test_brackets_suffixes_abbreviations_and_plurals_do_not_hide_the_title(written: str) -> None:
    match = canonical_title(written)
    assert match is not None
    assert match.onet_code == "29-1141.00"


@pytest.mark.parametrize(
    ("written", "cleaned", "level"),
    [
        ("Senior Software Engineer", "software engineer", "senior"),
        ("Sr. Data Scientist", "data scientist", "senior"),
        ("Junior Accountant", "accountant", "junior"),
        ("Jr Web Developer", "web developer", "junior"),
        ("Lead Data Engineer", "data engineer", "lead"),
        ("Principal Software Engineer", "software engineer", "principal"),
        ("Staff Software Engineer", "software engineer", "staff"),
        ("Software Engineer II", "software engineer", "mid"),
        ("Accountant III", "accountant", "senior"),
        ("Staff Nurse", "staff nurse", None),
        ("Principal", "principal", None),
        ("Accountant", "accountant", None),
    ],
)
def test_seniority_words_are_split_off_and_named(written: str, cleaned: str, level: str | None) -> None:
    assert split_seniority(written) == (cleaned, level)


def test_a_seniority_word_that_is_the_whole_title_stays_the_title() -> None:
    match = canonical_title("Principal")
    assert match is not None
    assert match.seniority is None
    assert match.onet_code == "11-9032.00"  # school principals


@pytest.mark.parametrize("written", ["Engineer", "Teacher", "Developer", "Senior", "", "Ninja Rockstar Guru"])
def test_generic_or_unknown_titles_get_no_match_rather_than_a_guess(written: str) -> None:
    assert canonical_title(written) is None


def test_an_esco_only_title_still_reports_its_esco_occupation() -> None:
    match = canonical_title("Machine Learning Engineer")
    assert match is not None
    assert (match.source, match.esco_label) == ("esco", "artificial intelligence engineer")


def test_o_net_occupations_carry_job_zone_related_occupations_and_title_lists() -> None:
    developers = load_taxonomy().onet_occupation("15-1252.00")
    assert developers is not None
    assert developers.job_zone == 4
    assert "15-1253.00" in developers.related
    assert "Software Engineer" in developers.alt_titles
    assert developers.reported_titles
