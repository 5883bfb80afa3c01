"""Full-text query text for one parsed query: FTS5 ``MATCH`` syntax on SQLite, ``to_tsquery`` on PostgreSQL.

The index has two parts (see ``domain.query.document``): the free text (FTS5 column ``search_text``;
weight A of PostgreSQL's ``search_tsv``) and the field document (column ``search_fields``; weight B).
Every word reaching this module was folded and split by ``domain.query.words`` (letters and digits
only) and is written quoted, so nothing a user types is ever database syntax.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from talentscout.domain.query import And, Expansion, Field, FieldTerm, Near, Node, Not, Or, Term, YearsRange
from talentscout.domain.query.document import (
    CODES,
    COUNTRY,
    SKILL_ID,
    near_cells,
    symbol_name,
    token,
    years_tokens,
)
from talentscout.domain.query.expand import expand

__all__ = ["Fts", "Phrase"]

#: (words, last word a prefix, in the field document)
Phrase = tuple[tuple[str, ...], bool, bool]


class Fts:
    """Writes phrases and trees in one dialect's full-text syntax."""

    def __init__(self, sqlite: bool, today: date) -> None:
        self.sqlite = sqlite
        self.today = today

    # --- what a leaf is in the index -------------------------------------------------------------

    def leaf_phrases(self, node: Node) -> list[Phrase] | None:
        """The phrases any of which a leaf matches; ``None`` when the index cannot answer it alone
        (``source:``; ``near:`` needs the exact distance too)."""
        if isinstance(node, Term):
            e = expand(None, node.text)
            found = [(p, e.prefix, False) for p in e.phrases]
            return found + ([((token(SKILL_ID, e.skill_id),), False, True)] if e.skill_id else [])
        if isinstance(node, FieldTerm):
            return (
                None
                if node.field is Field.SOURCE
                else _field_phrases(node.field, expand(node.field, node.text))
            )
        if isinstance(node, YearsRange):
            return [((t,), False, True) for t in years_tokens(node, self.today)]
        return None

    def near_phrases(self, node: Near) -> list[Phrase]:
        """Grid cells containing every point within the radius (the exact distance is checked in SQL)."""
        return [((cell,), False, True) for cell in near_cells(node)]

    def only(self, node: Node, *, in_and: bool = False) -> bool:
        """Whether the index answers ``node`` alone in one query — on SQLite, a NOT only beside a
        positive term (FTS5's NOT is binary) — and every leaf matches something."""
        if isinstance(node, Not):
            return (in_and or not self.sqlite) and self.only(node.child)
        if isinstance(node, Or):
            return all(self.only(c) for c in node.children)
        if isinstance(node, And):
            positive = not self.sqlite or any(not isinstance(c, Not) for c in node.children)
            return positive and all(self.only(c, in_and=True) for c in node.children)
        return bool(self.leaf_phrases(node))

    # --- syntax ----------------------------------------------------------------------------------

    def tree(self, node: Node) -> str:
        """A tree that ``only`` accepted, as one full-text query."""
        if isinstance(node, Not):
            return f"!({self.tree(node.child)})"
        if isinstance(node, Or):
            return self.join(" OR " if self.sqlite else " | ", [self.tree(c) for c in node.children])
        if isinstance(node, And):
            return self.all_of(node.children)
        phrases = self.leaf_phrases(node)
        assert phrases
        return self.any_of(phrases)

    def all_of(self, children: tuple[Node, ...] | list[Node]) -> str:
        if not self.sqlite:
            return self.join(" & ", [self.tree(c) for c in children])
        positive = [self.tree(c) for c in children if not isinstance(c, Not)]
        return self.but_not(positive, [self.tree(c.child) for c in children if isinstance(c, Not)])

    def but_not(self, positive: list[str], negative: list[str]) -> str:
        """All of ``positive`` and none of ``negative``: FTS5's NOT is binary (``a NOT b``), and one
        NOT of an OR keeps its parser's stack shallow however many terms are negated."""
        if not self.sqlite:
            return self.join(" & ", positive + [f"!{n}" for n in negative])
        query = self.join(" AND ", positive)
        return f"({query} NOT {self.join(' OR ', negative)})" if negative else query

    def any_of(self, phrases: list[Phrase], *, weighted: bool = True) -> str:
        """Any of ``phrases``; ``weighted=False`` (PostgreSQL): against a document of one text column."""
        parts = list(dict.fromkeys(self.phrase(p, weighted=weighted) for p in phrases))
        return self.join(" OR " if self.sqlite else " | ", parts)

    @staticmethod
    def join(operator: str, parts: list[str]) -> str:
        return parts[0] if len(parts) == 1 else "(" + operator.join(parts) + ")"

    def phrase(self, phrase: Phrase, *, weighted: bool = True) -> str:
        words, prefix, fields = phrase
        if self.sqlite:
            column = "search_fields" if fields else "search_text"
            return f'{column} : "' + " ".join(words) + '"' + ("*" if prefix else "")
        weight = ("B" if fields else "A") if weighted else ""
        quoted = []
        for i, word in enumerate(words):
            flags = ("*" if prefix and i == len(words) - 1 else "") + weight
            text = word if fields else unicodedata.normalize("NFD", word)
            quoted.append(f"'{text}'" + (f":{flags}" if flags else ""))
        return " <-> ".join(quoted)


def _field_phrases(field: Field, e: Expansion) -> list[Phrase]:
    code = CODES[field]
    found: list[Phrase] = [(tuple(code + w for w in p), e.prefix, True) for p in e.phrases]
    if field is Field.SKILL:
        found += [((token(SKILL_ID, e.skill_id),), False, True)] if e.skill_id else []
        found += [((symbol_name(name),), False, True) for name in e.skill_names]
    if field is Field.LOCATION and e.country:
        found.append(((token(COUNTRY, e.country),), False, True))
    return found
