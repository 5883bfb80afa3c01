"""What a recruiter should know about a message before it goes out.

Blocking issues (``severity == "block"``) stop a send: an unresolved or empty merge field, a template
that cannot render, an email without a subject, text over a channel's hard limit. Warnings are advice:
length outside the 200–400-character band for LinkedIn and SMS (LinkedIn's data: messages of that
length get more replies), a long email, hard reading, and no personalisation hook used.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from talentscout.domain.templating.readability import flesch_reading_ease, words
from talentscout.domain.templating.render import Rendered, TemplateProblem, render_message

SHORT_BAND = (200, 400)
HARD_LIMITS = {"linkedin_connect": 300, "sms": 1600}
EMAIL_MAX_WORDS = 200
HARD_TO_READ = 50.0


class Severity(enum.StrEnum):
    BLOCK = "block"
    WARN = "warn"
    INFO = "info"


@dataclass(frozen=True)
class LintIssue:
    code: str
    severity: Severity
    message: str
    field: str | None = None


def channel_kind(channel: str) -> str:
    """Normalise a channel name: ``email``, ``sms``, ``linkedin_connect``, ``linkedin`` or ``other``."""
    c = channel.lower()
    if "connect" in c:
        return "linkedin_connect"
    if "linkedin" in c or c == "inmail":
        return "linkedin"
    if c in ("sms", "text"):
        return "sms"
    return "email" if c == "email" else "other"


def blocking(issues: list[LintIssue]) -> list[LintIssue]:
    return [i for i in issues if i.severity is Severity.BLOCK]


def lint_message(subject: str | None, body: str, channel: str, context: Mapping[str, Any]) -> list[LintIssue]:
    """Every issue with this template for this recipient (never raises)."""
    kind = channel_kind(channel)
    issues: list[LintIssue] = []
    if kind == "email" and not (subject or "").strip():
        issues.append(LintIssue("missing_subject", Severity.BLOCK, "an email needs a subject"))
    try:
        rendered = render_message(subject if kind == "email" else None, body, context)
    except TemplateProblem as problem:
        return [*issues, LintIssue(problem.code, Severity.BLOCK, str(problem), problem.field)]
    issues += _length(rendered.text, kind)
    issues += _reading(rendered.text)
    issues += _personalisation(rendered)
    return issues


def _length(text: str, kind: str) -> list[LintIssue]:
    n = len(text)
    limit = HARD_LIMITS.get(kind)
    if limit is not None and n > limit:
        return [LintIssue("too_long", Severity.BLOCK, f"{n} characters; the limit here is {limit}")]
    if kind in ("linkedin", "sms", "linkedin_connect"):
        low, high = SHORT_BAND
        if n < low and kind != "linkedin_connect":
            return [LintIssue("length", Severity.WARN, f"{n} characters; {low}–{high} get the most replies")]
        if n > high:
            return [LintIssue("length", Severity.WARN, f"{n} characters; {low}–{high} get the most replies")]
        return [LintIssue("length", Severity.INFO, f"{n} characters (within {low}–{high})")]
    count = len(words(text))
    if kind == "email" and count > EMAIL_MAX_WORDS:
        return [
            LintIssue(
                "length", Severity.WARN, f"{count} words; short emails (under {EMAIL_MAX_WORDS}) do better"
            )
        ]
    return [LintIssue("length", Severity.INFO, f"{n} characters, {count} words")]


def _reading(text: str) -> list[LintIssue]:
    score = flesch_reading_ease(text)
    if score is None:
        return []
    if score < HARD_TO_READ:
        return [
            LintIssue(
                "reading_ease",
                Severity.WARN,
                f"reading ease {score:.0f}: hard to read; use shorter sentences and words",
            )
        ]
    return [LintIssue("reading_ease", Severity.INFO, f"reading ease {score:.0f} (Flesch; 60+ reads easily)")]


def _personalisation(rendered: Rendered) -> list[LintIssue]:
    if rendered.hooks_used:
        return []
    return [
        LintIssue(
            "no_personalisation",
            Severity.WARN,
            "no personalisation hook used; personalised messages get far more replies",
        )
    ]
