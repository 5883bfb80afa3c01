"""extract_skills / find_skills: known names in free text, and the ambiguous ones only with evidence."""

from __future__ import annotations

import pytest

from talentscout.taxonomy import extract_skills, find_skills

RESUME = """Summary
Backend engineer with 6 years of Python and Go, building services on Kubernetes (k8s) and AWS.
Comfortable with PostgreSQL, Redis and Docker; front-end work in React.js and TypeScript.
I like to go hiking and to read.
Skills: Python, Go, SQL, Git, Excel
Languages: English, Spanish"""


def _labels(text: str) -> list[str]:
    return [match.label for match in extract_skills(text)]


def test_a_short_resume_paragraph_yields_its_skills_in_order_once_each() -> None:
    assert _labels(RESUME) == [
        "Python",
        "Go",
        "Kubernetes",
        "Amazon Web Services AWS software",
        "PostgreSQL",
        "Redis",
        "Docker",
        "React",
        "TypeScript",
        "Structured query language SQL",
        "Git",
        "Microsoft Excel",
        "English",
        "Spanish",
    ]


def test_go_is_not_extracted_from_i_go_to_work() -> None:
    assert _labels("I go to work every day.") == []
    assert _labels("Go to the dashboard and click Save.") == []


def test_go_written_as_the_language_inside_a_sentence_is_extracted() -> None:
    assert _labels("Wrote the billing service in Go and Python.") == ["Go", "Python"]


@pytest.mark.parametrize(
    "text",
    [
        "Excel at customer service.",  # a verb at the start of a sentence
        "I excel in fast-paced teams.",  # lower case
        "Go-live support for the SAP rollout.",  # part of a hyphenated word
        "Senior Go Developer",  # title case: every word is capitalised
        "Took Vitamin C daily; plan C failed.",  # one letter without a programming cue
        "Head Chef at a busy restaurant.",  # a job title, not the configuration tool
        "Excel, Word, PowerPoint, etc.",  # "etc." is not the ETC product
    ],
)
def test_ambiguous_names_without_evidence_are_not_extracted(text: str) -> None:
    labels = _labels(text)
    assert "Go" not in labels
    assert "Microsoft Excel" not in labels or text.startswith("Excel,")
    assert "C" not in labels
    assert "Chef" not in labels
    assert "Electronic Time Clock ETC" not in labels


def test_ambiguous_names_are_extracted_from_a_skills_list() -> None:
    assert _labels("Skills: Go, R, C, Excel, Chef, Puppet") == [
        "Go",
        "R",
        "C",
        "Microsoft Excel",
        "Chef",
        "Puppet",
    ]
    assert _labels("Technical skills\nJava\nGo") == ["Oracle Java", "Go"]


def test_a_list_item_needs_a_skills_list_around_it() -> None:
    assert _labels("Things to do: eat, go, sleep") == []


def test_one_letter_languages_need_a_programming_cue() -> None:
    assert _labels("Firmware written in C for ARM boards.") == ["firmware", "C"]


def test_mentions_report_where_they_were_written() -> None:
    text = "Deployed with k8s and Docker."
    mentions = find_skills(text)
    assert [(m.text, m.skill.label, text[m.start : m.end]) for m in mentions] == [
        ("k8s", "Kubernetes", "k8s"),
        ("Docker", "Docker", "Docker"),
    ]


def test_multi_word_names_win_over_their_parts() -> None:
    labels = _labels("Reports in SQL Server Reporting Services, data in Microsoft SQL Server, Apache Spark.")
    assert labels == ["Microsoft SQL Server Reporting Services SSRS", "Microsoft SQL Server", "Apache Spark"]


def test_names_are_not_joined_across_a_list_separator() -> None:
    mentions = find_skills("Python, Java")
    assert [m.text for m in mentions] == ["Python", "Java"]
