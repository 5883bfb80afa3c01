"""The parsed query: small immutable nodes, compared by value (positions are not part of them).

A query is a tree of ``And`` / ``Or`` / ``Not`` over four kinds of leaf: ``Term`` (free text, searched in
the full-text index), ``FieldTerm`` (text matched against one field such as ``title:``),
``YearsRange`` and ``Near``. ``And`` and ``Or`` always have two or more children and never a child of
their own kind (``a AND (b AND c)`` is ``And(a, b, c)``), so equal queries give equal trees.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TypeAlias

__all__ = [
    "And",
    "Field",
    "FieldTerm",
    "Near",
    "Node",
    "Not",
    "Or",
    "Term",
    "Text",
    "YearsRange",
    "conjoin",
    "disjoin",
    "leaves",
]


class Field(enum.StrEnum):
    """Text fields; each is documented in docs/query-language.md."""

    TITLE = "title"
    SKILL = "skill"
    COMPANY = "company"
    PASTCOMPANY = "pastcompany"
    SCHOOL = "school"
    LOCATION = "location"
    SOURCE = "source"
    TAG = "tag"
    NAME = "name"


@dataclass(frozen=True, slots=True)
class Text:
    """Words as the user typed them (whitespace collapsed). ``prefix``: the last word is a prefix
    (``engineer*``); ``exact``: no synonym expansion (``=k8s``, or ``parse(..., expand_synonyms=False)``)."""

    value: str
    prefix: bool = False
    exact: bool = False


@dataclass(frozen=True, slots=True)
class Term:
    text: Text


@dataclass(frozen=True, slots=True)
class FieldTerm:
    field: Field
    text: Text


@dataclass(frozen=True, slots=True)
class YearsRange:
    """Whole years since the first job started; either bound may be open (``None``)."""

    low: int | None
    high: int | None


@dataclass(frozen=True, slots=True)
class Near:
    """People whose coordinates lie within ``radius`` ``unit`` of the resolved ``place``."""

    place: str
    latitude: float
    longitude: float
    radius: float = 50.0
    unit: str = "km"

    @property
    def radius_km(self) -> float:
        return self.radius * 1.609344 if self.unit == "mi" else self.radius


@dataclass(frozen=True, slots=True)
class Not:
    child: Node


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


Leaf: TypeAlias = Term | FieldTerm | YearsRange | Near
Node: TypeAlias = Leaf | Not | And | Or


def conjoin(nodes: list[Node]) -> Node:
    """``And`` of ``nodes``, flattened; a single node is returned as it is."""
    flat = [c for n in nodes for c in (n.children if isinstance(n, And) else (n,))]
    return flat[0] if len(flat) == 1 else And(tuple(flat))


def disjoin(nodes: list[Node]) -> Node:
    """``Or`` of ``nodes``, flattened; a single node is returned as it is."""
    flat = [c for n in nodes for c in (n.children if isinstance(n, Or) else (n,))]
    return flat[0] if len(flat) == 1 else Or(tuple(flat))


def leaves(node: Node, *, negated: bool = False) -> list[tuple[Leaf, bool]]:
    """Every leaf with whether it sits under an odd number of ``Not``s."""
    if isinstance(node, Not):
        return leaves(node.child, negated=not negated)
    if isinstance(node, And | Or):
        return [pair for child in node.children for pair in leaves(child, negated=negated)]
    return [(node, negated)]
