"""Template rendering in the sandbox: strict merge fields, injection attempts fail safely, the linter."""

from __future__ import annotations

from typing import Any

import pytest

from talentscout.domain.hooks import Hook
from talentscout.domain.templating import (
    LintIssue,
    Severity,
    TemplateProblem,
    blocking,
    lint_message,
    render_message,
)
from talentscout.domain.templating.readability import flesch_reading_ease

HOOK = Hook(
    "work_anniversary",
    "Congratulations on five years at Initech",
    "experiences.start_date",
    "experience:7",
    "CSV",
)


def _ctx(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "first_name": "Ada",
        "current_employer": "Initech",
        "city": None,
        "role": {"title": "Staff Engineer", "description": ""},
        "hook": HOOK.cited(),
        "hooks": [HOOK.as_context()],
        "sender": {"name": "Alice"},
    }
    return base | over


def test_merge_fields_and_hooks_are_rendered_and_reported() -> None:
    r = render_message(
        "A {{ role.title }} role, {{ first_name }}",
        "Hi {{ first_name }},\n\n{{ hook }}!\n\n{{ sender.name }}",
        _ctx(),
    )
    assert r.subject == "A Staff Engineer role, Ada"
    assert r.text == "Hi Ada,\n\nCongratulations on five years at Initech!\n\nAlice"
    assert r.html == "<p>Hi Ada,</p><p>Congratulations on five years at Initech!</p><p>Alice</p>"
    assert r.fields_used == ("role.title", "first_name", "hook", "sender.name")
    assert r.hooks_used == ("work_anniversary:experience:7",)


@pytest.mark.parametrize(
    ("template", "code", "field"),
    [
        ("Hi {{ nickname }}", "unresolved_field", "nickname"),
        ("Hi {{ role.salary }}", "unresolved_field", "role.salary"),
        ("In {{ city }}", "empty_field", "city"),
        ("{{ role.description }}", "empty_field", "role.description"),
        ("Hi {{ first_name | upper }} {{ last.name.x }}", "unresolved_field", "last.name.x"),
    ],
)
def test_an_unresolved_or_empty_field_blocks_with_its_name(template: str, code: str, field: str) -> None:
    with pytest.raises(TemplateProblem) as caught:
        render_message(None, template, _ctx())
    assert (caught.value.code, caught.value.field) == (code, field)
    assert field in str(caught.value)


@pytest.mark.parametrize(
    "template",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ joiner.__init__.__globals__ }}",
        "{{ lipsum.__globals__['os'] }}",
        "{{ namespace.__init__.__globals__ }}",
        "{{ role.__class__.__init__.__globals__ }}",
        "{{ first_name.__class__.__base__.__subclasses__() }}",
        "{{ self._TemplateReference__context }}",
        "{{ request.application.__globals__ }}",
        "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
        "{{ '{0.__class__}'.format(first_name) }}",
        "{{ first_name.format }}",
        "{% include '/etc/passwd' %}",
        "{% import 'os' as os %}",
        "{{ 'x' * 100000000 }}",
        "{{ 2 ** 100000 }}",
        "{{ ((10 ** 60) ** 60) ** 60 }}",
        "{% for i in range(100000000) %}x{% endfor %}",
        "{{ config }}",
    ],
)
def test_template_injection_fails_safely(template: str) -> None:
    with pytest.raises(TemplateProblem) as caught:
        render_message(None, template, _ctx())
    message = str(caught.value)
    assert "Traceback" not in message
    assert "/etc" not in message.replace("'/etc/passwd'", "")


def test_syntax_errors_name_the_line() -> None:
    with pytest.raises(TemplateProblem, match="line 2") as caught:
        render_message(None, "Hi\n{% if first_name %}", _ctx())
    assert caught.value.code == "syntax"


def test_conditions_may_test_missing_fields_without_blocking() -> None:
    r = render_message(None, "Hi {{ first_name }}{% if nickname %} ({{ nickname }}){% endif %}", _ctx())
    assert r.text == "Hi Ada"


def _codes(issues: list[LintIssue]) -> dict[str, Severity]:
    return {i.code: i.severity for i in issues}


def test_the_linter_blocks_empty_fields_and_missing_subjects() -> None:
    issues = lint_message("", "Hi {{ city }}", "email", _ctx())
    assert _codes(issues) == {"missing_subject": Severity.BLOCK, "empty_field": Severity.BLOCK}
    assert len(blocking(issues)) == 2


def test_the_linter_gives_the_200_to_400_guidance_for_linkedin_and_sms() -> None:
    short = lint_message(None, "Hi {{ first_name }}, {{ hook }}.", "linkedin_message", _ctx())
    good = lint_message(
        None, "Hi {{ first_name }}, {{ hook }}. " + "We build calm tools. " * 12, "sms", _ctx()
    )
    assert _codes(short)["length"] is Severity.WARN
    assert "200–400" in short[0].message
    assert _codes(good)["length"] is Severity.INFO
    assert "no_personalisation" not in _codes(good)


def test_a_linkedin_connection_note_over_300_characters_is_blocked() -> None:
    issues = lint_message(None, "{{ hook }}. " + "x" * 320, "linkedin_connect", _ctx())
    assert _codes(issues)["too_long"] is Severity.BLOCK


def test_the_linter_notes_missing_personalisation_and_hard_reading() -> None:
    body = (
        "Notwithstanding organisational considerations, the aforementioned multidisciplinary opportunity "
        "necessitates comprehensive understanding of infrastructural interdependencies."
    )
    codes = _codes(lint_message("Hello", body, "email", _ctx()))
    assert codes["no_personalisation"] is Severity.WARN
    assert codes["reading_ease"] is Severity.WARN


def test_reading_ease_is_high_for_plain_short_sentences() -> None:
    easy = flesch_reading_ease("Hi Ada. I saw your talk. It was great. Can we chat?")
    hard = flesch_reading_ease(
        "Organisational interdependencies necessitate comprehensive multidisciplinary evaluation."
    )
    assert easy is not None
    assert hard is not None
    assert easy > 80 > 20 > hard
    assert flesch_reading_ease("") is None
