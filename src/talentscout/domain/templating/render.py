"""Rendering a message template in Jinja2's sandbox, strictly.

Every ``{{ … }}`` output is wrapped (at the syntax-tree level) in a check that knows the expression it
guards: an unset field, an empty one, or one the sandbox refused raises ``TemplateProblem`` naming it.
The environment has no loader (no include/import/extends) and no globals (no ``range``, ``cycler``,
``joiner``, ``lipsum``, ``namespace``), and string/list repetition and powers are capped, so a template
cannot reach interpreter internals or exhaust memory.
"""

from __future__ import annotations

import html
import operator
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from jinja2 import ChainableUndefined, Template, TemplateError, nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context, Undefined
from jinja2.sandbox import SandboxedEnvironment

from talentscout.domain.templating.cited import CitedText

MAX_TEMPLATE_CHARS = 20_000
MAX_OUTPUT_CHARS = 50_000
_MAX_REPEAT = 10_000
_FIELD_FILTER = "_merge_field"


class TemplateProblem(Exception):
    """The template cannot produce a sendable message. ``code`` is one of ``unresolved_field``,
    ``empty_field``, ``unsafe``, ``syntax``, ``error``; ``field`` names the merge field when known."""

    def __init__(self, message: str, *, code: str = "error", field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field


@dataclass(frozen=True)
class Rendered:
    subject: str | None
    text: str
    html: str | None
    fields_used: tuple[str, ...]
    hooks_used: tuple[str, ...]


@dataclass
class _Usage:
    fields: list[str] = field(default_factory=list)
    hooks: list[str] = field(default_factory=list)

    def note(self, name: str, value: Any) -> None:
        if name not in self.fields:
            self.fields.append(name)
        if isinstance(value, CitedText) and value.cite not in self.hooks:
            self.hooks.append(value.cite)


class _Sandbox(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Context, operator_: str, left: Any, right: Any) -> Any:
        if operator_ == "**":
            if isinstance(right, int | float) and abs(right) > 64:
                raise SecurityError("exponent too large")
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() * right > 4096:
                raise SecurityError("number too large")
            return operator.pow(left, right)
        for value, count in ((left, right), (right, left)):
            sized = isinstance(value, str | list | tuple) and isinstance(count, int)
            if sized and len(value) * count > _MAX_REPEAT:
                raise SecurityError("repetition too large")
        return operator.mul(left, right)


_USAGE: ContextVar[_Usage | None] = ContextVar("template_usage", default=None)


def _merge_field(value: Any, name: str) -> Any:
    if isinstance(value, Undefined):
        if getattr(value, "_undefined_exception", None) is SecurityError:
            raise TemplateProblem(f"{{{{ {name} }}}} is not allowed in a template", code="unsafe")
        raise TemplateProblem(
            f"merge field {{{{ {name} }}}} is not set for this person",
            code="unresolved_field",
            field=name,
        )
    if callable(value):
        raise TemplateProblem(f"{{{{ {name} }}}} is not a value that can be written out", code="unsafe")
    if value is None or (isinstance(value, str) and not value.strip()):
        raise TemplateProblem(
            f"merge field {{{{ {name} }}}} is empty for this person", code="empty_field", field=name
        )
    usage = _USAGE.get()
    if usage is not None:
        usage.note(name, value)
    return value


def _environment() -> _Sandbox:
    """One environment for every render: no loader, no globals; the merge-field guard records what a
    render used through a context variable, so compiled templates can be shared."""
    env = _Sandbox(undefined=ChainableUndefined, autoescape=False, keep_trailing_newline=False)
    env.globals.clear()
    env.filters[_FIELD_FILTER] = _merge_field
    return env


_ENV = _environment()


@lru_cache(maxsize=512)
def _compiled(template: str) -> Template | TemplateProblem:
    """The compiled template for a template text (a sequence step renders the same text for every
    recipient); a syntax problem is cached as well."""
    try:
        tree = _ENV.parse(template)
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        where = f" on line {line}" if line else ""
        return TemplateProblem(f"template syntax error{where}: {exc.message}", code="syntax")
    _guard_outputs(tree)
    try:
        return _ENV.from_string(tree)
    except TemplateError as exc:
        return TemplateProblem(f"the template could not be rendered: {exc.message}", code="error")


def _label(node: nodes.Node) -> str:
    """A readable name for an output expression: ``role.title``, ``hooks[0].text``, or its line."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_label(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_label(node.node)}[{node.arg.value!r}]"
    if isinstance(node, nodes.Const):
        return repr(node.value)
    if isinstance(node, nodes.Filter) and node.node is not None:
        return _label(node.node)
    return f"expression on line {node.lineno}"


def _guard_outputs(tree: nodes.Template) -> None:
    for output in tree.find_all(nodes.Output):
        output.nodes = [
            n
            if isinstance(n, nodes.TemplateData)
            else nodes.Filter(n, _FIELD_FILTER, [nodes.Const(_label(n))], [], None, None, lineno=n.lineno)
            for n in output.nodes
        ]


def render_text(template: str, context: Mapping[str, Any], *, usage: _Usage | None = None) -> str:
    """Render one template string; raises ``TemplateProblem``."""
    usage = usage if usage is not None else _Usage()
    if len(template) > MAX_TEMPLATE_CHARS:
        raise TemplateProblem(f"the template is longer than {MAX_TEMPLATE_CHARS} characters", code="error")
    compiled = _compiled(template)
    if isinstance(compiled, TemplateProblem):
        raise TemplateProblem(str(compiled), code=compiled.code, field=compiled.field)
    token = _USAGE.set(usage)
    try:
        out = compiled.render(dict(context))
    except TemplateProblem:
        raise
    except SecurityError as exc:
        raise TemplateProblem(f"not allowed in a template: {exc}", code="unsafe") from None
    except TemplateError as exc:
        raise TemplateProblem(f"the template could not be rendered: {exc.message}", code="error") from None
    except (ArithmeticError, TypeError, ValueError, LookupError, AttributeError) as exc:
        raise TemplateProblem(f"the template could not be rendered: {exc}", code="error") from None
    finally:
        _USAGE.reset(token)
    if len(out) > MAX_OUTPUT_CHARS:
        raise TemplateProblem(f"the message is longer than {MAX_OUTPUT_CHARS} characters", code="error")
    return out


def render_message(subject_template: str | None, body_template: str, context: Mapping[str, Any]) -> Rendered:
    """Subject and body for one recipient; raises ``TemplateProblem`` when it must not be sent."""
    usage = _Usage()
    subject = None
    if subject_template is not None and subject_template.strip():
        subject = " ".join(render_text(subject_template, context, usage=usage).split())
    text = _tidy(render_text(body_template, context, usage=usage))
    if not text:
        raise TemplateProblem("the message is empty", code="empty_field")
    return Rendered(subject, text, text_to_html(text), tuple(usage.fields), tuple(usage.hooks))


def _tidy(text: str) -> str:
    """Trailing spaces off every line, at most one blank line in a row, no blank start or end."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out)


def text_to_html(text: str) -> str:
    """The plain text as minimal HTML: paragraphs at blank lines, line breaks kept, everything escaped."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
