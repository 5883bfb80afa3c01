"""Structure extraction from résumé text: pure functions on hand-written snippets."""

from __future__ import annotations

from datetime import date

import pytest

from talentscout.domain.records import CandidateData
from talentscout.importers.resume.dates import find_range
from talentscout.importers.resume.structure import parse_resume_text

JANE = """\
Jane Q. Doe
Senior Backend Engineer
Austin, TX | (512) 555-0199 | jane.doe@example.com | linkedin.com/in/janedoe
github.com/janedoe

SUMMARY
Backend engineer with ten years of Python
and a soft spot for databases.

EXPERIENCE
Acme Corp — Senior Engineer — Jan 2018 - Present
Built the billing service.
Software Engineer | Google | 01/2015 to 12/2017
Worked on search ranking (www.google.com).
Northwind Traders Inc
Intern
2013 – 2014
Answered the phone.

EDUCATION
B.Sc. in Computer Science, University of Texas at Austin, 2014

SKILLS
Python, Go, PostgreSQL • Kubernetes; Microsoft Office (Word, Excel)

REFERENCES
John Smith, Acme Corp, (512) 555-0123, john.smith@acme.com
"""


def parse(text: str, region: str = "US") -> CandidateData:
    candidate, problems = parse_resume_text(text, default_region=region)
    assert candidate is not None, problems
    return candidate


def test_name_is_the_first_header_line_shaped_like_a_person() -> None:
    candidate = parse(JANE)

    assert candidate.full_name == "Jane Q. Doe"
    assert (candidate.given_name, candidate.family_name) == ("Jane", "Doe")


@pytest.mark.parametrize(
    "top",
    [
        "ACCOUNTANT\nSummary",
        "SUSHI CHEF\nProfessional Summary",
        "CUSTOMER SERVICE ADVOCATE\nSummary",
        "Professional Summary\nJane Doe",
        "RÉSUMÉ\nCurriculum Vitae",
        "123 Main Street\nSpringfield",
        "New York, NY\nExperience",
        "City , State\nSummary",
        "LINE COOK\nSkills",
    ],
)
def test_titles_headings_addresses_and_places_are_never_taken_for_a_name(top: str) -> None:
    candidate, _ = parse_resume_text(f"{top}\nSkills\nPython, SQL\n")

    assert candidate is not None
    assert candidate.full_name is None


def test_a_name_split_over_two_one_word_lines_is_joined() -> None:
    assert (
        parse("Camryn\nHilliard\nProfessional Summary\nSales associate.\nSkills\nSales\n").full_name
        == "Camryn Hilliard"
    )


def test_credentials_after_a_comma_are_dropped_from_the_name() -> None:
    assert (
        parse("María José García-López, PhD\nData Scientist\nSkills\nR\n").full_name
        == "María José García-López"
    )


def test_a_person_named_like_a_trade_is_still_a_name_unless_written_in_capitals() -> None:
    assert parse("Jane Cook\nChef de partie\nSkills\nKnife work\n").full_name == "Jane Cook"
    assert parse("PASTRY COOK\nSkills\nBaking\n").full_name is None


def test_emails_are_copied_exactly_and_malformed_ones_are_left_out() -> None:
    text = (
        "Jane Doe\nJane.Doe+jobs@Example.co.uk | jane..doe@example.com | jane@localhost | x@y.1\nSkills\nGo\n"
    )

    assert parse(text).emails == ["Jane.Doe+jobs@Example.co.uk"]


def test_trailing_punctuation_is_not_part_of_an_email() -> None:
    assert parse("Jane Doe\nWrite to jane@example.com.\nSkills\nGo\n").emails == ["jane@example.com"]


def test_phones_are_kept_as_written_and_only_when_valid() -> None:
    text = "Jane Doe\n(512) 555-0199 · (217) 097-5477 · 555-12 · Fax: (512) 555-0100\nSkills\nGo\n"

    assert parse(text).phones == ["(512) 555-0199"]


def test_the_default_country_reads_numbers_written_without_a_country_code() -> None:
    text = "Jana Schmidt\nBerlin, Germany | 030 901820\nSkills\nSAP\n"

    assert parse(text, region="DE").phones == ["030 901820"]
    assert parse(text, region="US").phones == []


def test_contacts_of_references_and_supervisors_are_not_the_candidates() -> None:
    text = (
        "ACCOUNTANT\nExperience\nClerk 2010 - 2012\nSupervisor: Hunter Reed (912)-414-1558\n"
        "Telephone: (814) 274-4877.\nReferences\nJohn Smith (415) 867-5309 john@acme.com\n"
    )
    candidate = parse(text)

    assert candidate.phones == []
    assert candidate.emails == []


def test_contacts_in_a_page_footer_or_first_person_sentence_are_the_candidates() -> None:
    text = (
        "STAFF CONSULTANT\nExperience\nAnalyst 2015 - 2016\nDid analysis.\n"
        "Biggs | 918.344.3202 | Bradybiggs918@gmail.com | Page 2\n"
        "Additional Information\nI can be reached at 318-243-9294 to set up a meeting.\n"
    )
    candidate = parse(text)

    assert candidate.emails == ["Bradybiggs918@gmail.com"]
    assert candidate.phones == ["918.344.3202", "318-243-9294"]


def test_links_keep_profiles_anywhere_and_other_sites_only_in_the_header() -> None:
    assert parse(JANE).urls == ["linkedin.com/in/janedoe", "github.com/janedoe"]


def test_location_is_a_city_and_state_or_country_near_the_top() -> None:
    candidate = parse(JANE)

    assert (candidate.location, candidate.city, candidate.region, candidate.country) == (
        "Austin, TX",
        "Austin",
        "TX",
        None,
    )
    assert parse("Jana Schmidt\nBerlin, Germany\nSkills\nSAP\n").country == "Germany"


def test_headline_is_the_short_title_line_under_the_name() -> None:
    assert parse(JANE).headline == "Senior Backend Engineer"


@pytest.mark.parametrize(
    ("text", "start", "end", "current"),
    [
        ("Jan 2018 - Present", date(2018, 1, 1), None, True),
        ("01/2016 to 12/2017", date(2016, 1, 1), date(2017, 12, 1), False),
        ("2015 – 2019", date(2015, 1, 1), date(2019, 1, 1), False),
        ("Sept. 2012 — current", date(2012, 9, 1), None, True),
    ],
)
def test_date_ranges_in_the_usual_spellings_are_read(
    text: str, start: date, end: date | None, current: bool
) -> None:
    found = find_range(f"Engineer, {text}, Berlin")

    assert found is not None
    assert (found.start, found.end, found.is_current) == (start, end, current)


def test_a_range_that_ends_before_it_starts_is_ignored() -> None:
    assert find_range("2019 - 2015") is None


def test_experience_entries_take_title_and_employer_from_around_the_dates() -> None:
    jobs = parse(JANE).experiences

    assert [(job.title, job.employer, job.start, job.is_current) for job in jobs] == [
        ("Senior Engineer", "Acme Corp", date(2018, 1, 1), True),
        ("Software Engineer", "Google", date(2015, 1, 1), False),
        ("Intern", "Northwind Traders Inc", date(2013, 1, 1), False),
    ]
    assert jobs[0].description == "Built the billing service."


def test_current_title_and_employer_come_from_the_current_job() -> None:
    candidate = parse(JANE)

    assert (candidate.current_title, candidate.current_employer) == ("Senior Engineer", "Acme Corp")


def test_an_unclear_part_next_to_a_date_is_left_out_rather_than_guessed() -> None:
    jobs = parse("Experience\nBlue Sky Thinking | 2019 - 2020\nPlanned things.\n").experiences

    assert (jobs[0].title, jobs[0].employer) == (None, None)


def test_education_reads_degree_field_school_and_year() -> None:
    [school] = parse(JANE).educations

    assert school.degree == "B.Sc."
    assert school.field_of_study == "Computer Science"
    assert school.school == "University of Texas at Austin"
    assert school.end == date(2014, 1, 1)


def test_skills_are_split_on_commas_and_bullets_but_not_inside_parentheses() -> None:
    assert parse(JANE).skills == [
        "Python",
        "Go",
        "PostgreSQL",
        "Kubernetes",
        "Microsoft Office (Word, Excel)",
    ]


def test_summary_joins_the_wrapped_lines_of_its_section() -> None:
    assert parse(JANE).summary == "Backend engineer with ten years of Python and a soft spot for databases."


def test_empty_text_gives_no_candidate_and_a_fatal_problem() -> None:
    candidate, problems = parse_resume_text("  \n\f\n")

    assert candidate is None
    assert [(problem.field, problem.fatal) for problem in problems] == [("file", True)]


def test_text_without_any_person_facts_is_rejected_not_filled_with_a_sample_person() -> None:
    candidate, problems = parse_resume_text("lorem ipsum dolor sit amet, consectetur adipiscing elit.\n")

    assert candidate is None
    assert problems[0].fatal


def test_a_missing_name_and_missing_contacts_are_reported_as_warnings() -> None:
    _, problems = parse_resume_text("ACCOUNTANT\nSkills\nExcel\n")

    assert {problem.field for problem in problems} == {"full_name", "emails"}
    assert not any(problem.fatal for problem in problems)


def test_a_date_range_broken_over_three_lines_is_read_as_one() -> None:
    [job] = parse(
        "Experience\nJanuary 2014\nto\nCurrent\nBusiness Development Manager\nGrew sales.\n"
    ).experiences

    assert (job.start, job.is_current) == (date(2014, 1, 1), True)


def test_a_bare_linkedin_root_is_not_a_profile_link() -> None:
    assert parse("Jane Doe\nhttps://www.linkedin.com/pub/ | jane@example.com\nSkills\nGo\n").urls == []


def test_a_date_range_is_never_read_as_a_phone_number() -> None:
    assert parse("Jane Doe\nAustin, TX\n2013 - 07/2013\nSkills\nGo\n").phones == []
