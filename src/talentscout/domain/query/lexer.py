"""Query text → tokens with their positions. Linear in the length of the text; enforces the limits.

A bare word made only of punctuation (``&``, ``/``, ``^``, ``+``) is skipped: it is not a term.
"""

from __future__ import annotations

import difflib
import enum
import re
from dataclasses import dataclass

from talentscout.domain.query.errors import QueryError
from talentscout.domain.query.words import words

__all__ = ["FIELD_NAMES", "MAX_LENGTH", "MAX_TERMS", "Kind", "Token", "tokenize"]

MAX_LENGTH = 2_000
MAX_TERMS = 200
FIELD_NAMES = (
    "title", "skill", "company", "pastcompany", "school", "location", "source", "tag", "name",
    "years", "near", "within",
)  # fmt: skip
_KEYWORDS = frozenset({"AND", "OR", "NOT"})
_FIELD = re.compile(r"([A-Za-z]+):")
_STOP = frozenset(' ()"') | frozenset("\t\n\r\f\v")


class Kind(enum.Enum):
    LPAREN = "("
    RPAREN = ")"
    AND = "AND"
    OR = "OR"
    NOT = "NOT"
    MINUS = "-"
    EXACT = "="
    FIELD = "field"
    WORD = "word"
    PHRASE = "phrase"
    END = "end of query"


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    pos: int
    text: str = ""
    prefix: bool = False


def column(pos: int) -> str:
    return f"column {pos + 1}"


def tokenize(query: str) -> list[Token]:
    """Tokens of ``query`` ending with an ``END`` token; raises ``QueryError`` for lexical mistakes."""
    if len(query) > MAX_LENGTH:
        raise QueryError(
            f"query too long: {len(query):,} characters, at most {MAX_LENGTH:,} "
            f"(the limit is reached at {column(MAX_LENGTH)})",
            MAX_LENGTH,
        )
    lexer = _Lexer(query)
    lexer.run()
    if not lexer.tokens:
        blank = not query.strip()
        raise QueryError("empty query" if blank else "nothing to search for: no letters or digits", 0)
    return [*lexer.tokens, Token(Kind.END, len(query))]


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.tokens: list[Token] = []
        self.terms = 0

    def run(self) -> None:
        text = self.text
        while self.i < len(text):
            char = text[self.i]
            if char.isspace():
                self.i += 1
            elif char in "()":
                self.tokens.append(Token(Kind.LPAREN if char == "(" else Kind.RPAREN, self.i))
                self.i += 1
            elif char in "-=":
                self._sign(char)
            else:
                self._term(field_value=False)

    def _sign(self, char: str) -> None:
        pos = self.i
        after = self.text[pos + 1 : pos + 2]
        if not after or after.isspace() or after == ")":
            what = "NOT" if char == "-" else "an exact match"
            raise QueryError(f"'{char}' needs a term right after it ({what}) at {column(pos)}", pos)
        self.tokens.append(Token(Kind.MINUS if char == "-" else Kind.EXACT, pos))
        self.i += 1

    def _term(self, *, field_value: bool) -> None:
        if self.text[self.i] == '"':
            self._phrase()
            return
        start, end = self.i, self.i
        while end < len(self.text) and self.text[end] not in _STOP:
            end += 1
        word = self.text[start:end]
        field = _FIELD.match(word)
        if field and not field_value:
            self._field(field.group(1), start)
        elif not field_value and word.upper() in _KEYWORDS:
            self.tokens.append(Token(Kind[word.upper()], start))
            self.i = end
        else:
            self._word(word, start, field_value=field_value)
            self.i = end

    def _field(self, name: str, start: int) -> None:
        key = name.lower()
        if key not in FIELD_NAMES:
            raise QueryError(_unknown_field(name, start), start)
        self.tokens.append(Token(Kind.FIELD, start, key))
        self.i = start + len(name) + 1
        after = self.text[self.i : self.i + 1]
        if not after or after.isspace() or after == ")":
            raise QueryError(f"{key}: needs a value right after it at {column(start)}", start)
        if after == "=":
            self.tokens.append(Token(Kind.EXACT, self.i))
            self.i += 1
            if self.i == len(self.text) or self.text[self.i] in _STOP - {'"'}:
                raise QueryError(f"'=' needs a word or phrase right after it at {column(self.i - 1)}", self.i)
        if self.text[self.i] != "(":
            self._term(field_value=True)

    def _word(self, word: str, start: int, *, field_value: bool) -> None:
        prefix = word.endswith("*")
        body = word[:-1] if prefix else word
        star = body.find("*")
        if star >= 0:
            pos = start + star
            raise QueryError(f"'*' can only end a word (a prefix search), at {column(pos)}", pos)
        if not body:
            raise QueryError(f"'*' needs letters before it (a prefix search) at {column(start)}", start)
        if not field_value and not prefix and not words(body):
            return  # punctuation between terms ("python & java", "c++ / java") is not a term
        self._count(start)
        self.tokens.append(Token(Kind.WORD, start, body, prefix))

    def _phrase(self) -> None:
        start = self.i
        end = self.text.find('"', start + 1)
        if end < 0:
            raise QueryError(f'unbalanced quote at {column(start)}: this " is never closed', start)
        prefix = self.text[end + 1 : end + 2] == "*"
        self._count(start)
        self.tokens.append(Token(Kind.PHRASE, start, self.text[start + 1 : end], prefix))
        self.i = end + 1 + prefix

    def _count(self, pos: int) -> None:
        last = self.tokens[-1] if self.tokens else None
        is_radius = last is not None and last.kind is Kind.FIELD and last.text == "within"
        self.terms += not is_radius
        if self.terms > MAX_TERMS:
            raise QueryError(
                f"too many terms: at most {MAX_TERMS}; term {MAX_TERMS + 1} is at {column(pos)}", pos
            )


def _unknown_field(name: str, pos: int) -> str:
    close = difflib.get_close_matches(name.lower(), FIELD_NAMES, n=1, cutoff=0.6)
    if close:
        return f"unknown field '{name}:' at {column(pos)} — did you mean '{close[0]}:'?"
    known = ", ".join(f"{f}:" for f in FIELD_NAMES)
    return f"unknown field '{name}:' at {column(pos)} — fields are {known}; put text with ':' in quotes"
