"""Outreach templates: sandboxed rendering with strict merge fields, and a linter for the result.

``render_message`` refuses to produce a message with an unresolved or empty merge field (it raises
``TemplateProblem``, which blocks sending); ``lint_message`` reports the same problems plus length,
reading ease and missing personalisation, without raising.
"""

from talentscout.domain.templating.lint import LintIssue, Severity, blocking, lint_message
from talentscout.domain.templating.render import Rendered, TemplateProblem, render_message, render_text

__all__ = [
    "LintIssue",
    "Rendered",
    "Severity",
    "TemplateProblem",
    "blocking",
    "lint_message",
    "render_message",
    "render_text",
]
