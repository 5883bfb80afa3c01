"""The tree back as text: one normalised query a person can read and the parser reads back unchanged.

``explain(parse(q))`` writes operators in capitals, every AND explicitly, ``-x`` as ``NOT x``,
parentheses where an OR sits inside an AND (and around an AND inside an OR, for the reader), quotes
only where a value needs them, and the default radius of ``near:``. ``parse(explain(tree)) == tree``.
"""

from __future__ import annotations

import re

from talentscout.domain.query.expand import expand
from talentscout.domain.query.nodes import And, FieldTerm, Node, Not, Or, Term, Text, YearsRange, leaves
from talentscout.domain.query.values import format_radius
from talentscout.domain.query.words import words

__all__ = ["explain", "synonyms"]

# Whitespace, parentheses, quotes or '*'; a leading '-' or '='; something that reads as a field; a keyword.
_NEEDS_QUOTES = re.compile(r'[\s()"*]|^[-=]|^[A-Za-z]+:|^(?:and|or|not)$', re.IGNORECASE)


def explain(node: Node) -> str:
    """A normalised, human-readable rendering of ``node`` that parses back to the same tree."""
    if isinstance(node, And):
        return " AND ".join(_wrap(child, Or) for child in node.children)
    if isinstance(node, Or):
        return " OR ".join(_wrap(child, And) for child in node.children)
    if isinstance(node, Not):
        return "NOT " + _wrap(node.child, And, Or)
    if isinstance(node, Term):
        return _text(node.text)
    if isinstance(node, FieldTerm):
        return f"{node.field.value}:{_text(node.text)}"
    if isinstance(node, YearsRange):
        low = "" if node.low is None else str(node.low)
        high = "" if node.high is None else str(node.high)
        return f"years:{low}..{high}"
    return f'near:"{node.place}" within:{format_radius(node.radius)}{node.unit}'


def _wrap(node: Node, *kinds: type[And] | type[Or]) -> str:
    text = explain(node)
    return f"({text})" if isinstance(node, kinds) else text


def _text(text: Text) -> str:
    value = f'"{text.value}"' if _NEEDS_QUOTES.search(text.value) else text.value
    return ("=" if text.exact else "") + value + ("*" if text.prefix else "")


def synonyms(node: Node) -> list[str]:
    """One line per word the taxonomy expanded, for the UI: ``k8s → also kubernetes, kube``."""
    lines: list[str] = []
    for leaf, _negated in leaves(node):
        if not isinstance(leaf, Term | FieldTerm):
            continue
        field = leaf.field if isinstance(leaf, FieldTerm) else None
        expansion = expand(field, leaf.text)
        own = " ".join(words(leaf.text.value))
        shown = [label for label in expansion.labels if label != own]
        if shown:
            lines.append(f"{_text(leaf.text)} → also {', '.join(shown)}")
    return list(dict.fromkeys(lines))
