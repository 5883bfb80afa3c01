"""Every example in docs/query-language.md parses, reads as documented, or fails with its message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from talentscout.domain.query import QueryError, explain, parse

DOC = Path(__file__).parents[3] / "docs" / "query-language.md"
_SPAN = re.compile(r"`([^`]+)`")


def _tables() -> list[list[list[str]]]:
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            if not set("".join(cells)) <= set("-: "):
                current.append(cells)
        elif current:
            tables.append(current)
            current = []
    return tables


def _spans(cell: str) -> list[str]:
    return [s for s in _SPAN.findall(cell) if s != "(empty)"]


def _examples() -> tuple[list[str], list[tuple[str, str]], list[tuple[str, str]]]:
    """(queries that parse, (query, read as) pairs, (query, message) pairs)."""
    parses: list[str] = []
    same: list[tuple[str, str]] = []
    errors: list[tuple[str, str]] = []
    for header, *rows in _tables():
        for row in rows:
            if header[0] == "you type":
                parses += _spans(row[0])
                if header[1] == "is read as":
                    same += [(q, r) for q in _spans(row[0]) for r in _spans(row[1])]
            elif header[0] == "field":
                parses += _spans(row[2])
            elif header[0] == "query":
                errors += [(q, row[1]) for q in _spans(row[0]) or [""]]
    return parses, same, errors


PARSES, SAME, ERRORS = _examples()
BLOCKS = re.findall(r"```\n(.+?)\n```", DOC.read_text(encoding="utf-8"))


def test_the_reference_has_examples_of_every_operator() -> None:
    text = " ".join(PARSES)
    for operator in ('"', "*", " AND ", " OR ", "NOT ", "-", "(", "=", "years:", "near:", "within:"):
        assert operator in text, operator
    for field in ("title", "skill", "company", "pastcompany", "school", "location", "source", "tag", "name"):
        assert f"{field}:" in text, field
    assert len(ERRORS) >= 10


@pytest.mark.parametrize("query", [*PARSES, BLOCKS[0]])
def test_every_documented_example_parses_and_explains_back_to_itself(query: str) -> None:
    tree = parse(query)
    assert parse(explain(tree)) == tree


@pytest.mark.parametrize(("query", "read_as"), SAME)
def test_precedence_examples_read_as_documented(query: str, read_as: str) -> None:
    assert parse(query) == parse(read_as)


@pytest.mark.parametrize(("query", "message"), ERRORS)
def test_every_documented_mistake_gives_the_documented_message(query: str, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse(query)
    assert caught.value.message == message.replace("\\|", "|")
