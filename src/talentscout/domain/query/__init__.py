"""The recruiter query language: text → immutable tree → (in ``talentscout.db.search_query``) SQL.

    >>> from talentscout.domain.query import parse, explain
    >>> explain(parse('(python OR golang) title:"backend engineer" -company:acme'))
    '(python OR golang) AND title:"backend engineer" AND NOT company:acme'

Pure: no database, no I/O beyond the shipped taxonomy and gazetteer. The language is documented in
``docs/query-language.md``.
"""

from __future__ import annotations

from talentscout.domain.query.errors import QueryError
from talentscout.domain.query.expand import Expansion, expand
from talentscout.domain.query.explain import explain, synonyms
from talentscout.domain.query.lexer import MAX_LENGTH, MAX_TERMS
from talentscout.domain.query.nodes import (
    And,
    Field,
    FieldTerm,
    Near,
    Node,
    Not,
    Or,
    Term,
    Text,
    YearsRange,
    leaves,
)
from talentscout.domain.query.parser import MAX_DEPTH, parse
from talentscout.domain.query.words import words

__all__ = [
    "MAX_DEPTH",
    "MAX_LENGTH",
    "MAX_TERMS",
    "And",
    "Expansion",
    "Field",
    "FieldTerm",
    "Near",
    "Node",
    "Not",
    "Or",
    "QueryError",
    "Term",
    "Text",
    "YearsRange",
    "expand",
    "explain",
    "leaves",
    "parse",
    "synonyms",
    "words",
]
