"""Recursive-descent parser: tokens → an immutable tree (``nodes``).

query   := or END
or      := and (OR and)*
and     := unary ((AND)? unary)*          adjacent terms are ANDed
unary   := (NOT | '-') unary | primary     so NOT binds tighter than AND, AND tighter than OR
primary := '(' or ')' | field | '='? (WORD | PHRASE)
field   := NAME ':' ( '='? (WORD | PHRASE) | '(' or ')' )   text fields; years:, near: + within:
"""

from __future__ import annotations

from talentscout.domain.query import values
from talentscout.domain.query.errors import QueryError
from talentscout.domain.query.lexer import Kind, Token, column, tokenize
from talentscout.domain.query.nodes import Field, FieldTerm, Node, Not, Term, Text, conjoin, disjoin
from talentscout.domain.query.words import words

__all__ = ["MAX_DEPTH", "parse"]

MAX_DEPTH = 32
_STARTS_UNARY = frozenset({Kind.LPAREN, Kind.NOT, Kind.MINUS, Kind.EXACT, Kind.FIELD, Kind.WORD, Kind.PHRASE})


def parse(query: str, *, expand_synonyms: bool = True) -> Node:
    """Parse a recruiter query; raises ``QueryError(message, position)`` when it cannot be run.

    ``expand_synonyms=False`` marks every word exact, as if each were written ``=word``.
    """
    return _Parser(tokenize(query), expand_synonyms).parse()


class _Parser:
    def __init__(self, tokens: list[Token], expand_synonyms: bool) -> None:
        self.tokens = tokens
        self.i = 0
        self.expand = expand_synonyms
        self.depth = 0
        self.field: Field | None = None  # inside title:( … )

    def peek(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def parse(self) -> Node:
        node = self.or_()
        token = self.peek()
        if token.kind is Kind.RPAREN:
            raise _unmatched_close(token)
        if token.kind is not Kind.END:  # pragma: no cover - every other token starts or joins a term
            raise QueryError(f"unexpected '{token.kind.value}' at {column(token.pos)}", token.pos)
        return node

    def or_(self) -> Node:
        items = [self.and_()]
        while self.peek().kind is Kind.OR:
            self._operand_after(self.take())
            items.append(self.and_())
        return disjoin(items)

    def and_(self) -> Node:
        items = [self.unary()]
        while True:
            if self.peek().kind is Kind.AND:
                self._operand_after(self.take())
            elif self.peek().kind not in _STARTS_UNARY:
                return conjoin(items)
            items.append(self.unary())

    def unary(self) -> Node:
        if self.peek().kind not in (Kind.NOT, Kind.MINUS):
            return self.primary()
        self._operand_after(self.take())
        self._enter(self.tokens[self.i - 1])
        node = Not(self.unary())
        self.depth -= 1
        return node

    def primary(self) -> Node:
        token = self.take()
        if token.kind is Kind.LPAREN:
            return self._group(token)
        if token.kind is Kind.FIELD:
            return self._field(token)
        if token.kind in (Kind.EXACT, Kind.WORD, Kind.PHRASE):
            text = self._text(token)
            return FieldTerm(self.field, text) if self.field else Term(text)
        if token.kind is Kind.RPAREN:
            raise _unmatched_close(token)
        if token.kind is Kind.END:
            raise QueryError("empty query", 0)
        raise QueryError(f"{token.kind.value} needs a term before it at {column(token.pos)}", token.pos)

    def _operand_after(self, op: Token) -> None:
        following = self.peek()
        if following.kind in _STARTS_UNARY:
            return
        name = "'-'" if op.kind is Kind.MINUS else op.kind.value
        found = "" if following.kind is Kind.END else f" (found {following.kind.value})"
        raise QueryError(f"{name} needs a term after it at {column(op.pos)}{found}", op.pos)

    def _enter(self, token: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            message = f"the query nests more than {MAX_DEPTH} levels deep at {column(token.pos)}"
            raise QueryError(message, token.pos)

    def _group(self, open_: Token) -> Node:
        if self.peek().kind is Kind.RPAREN:
            raise QueryError(f"empty parentheses at {column(open_.pos)}", open_.pos)
        if self.peek().kind is Kind.END:
            raise _never_closed(open_)
        self._enter(open_)
        node = self.or_()
        self.depth -= 1
        if self.peek().kind is not Kind.RPAREN:
            raise _never_closed(open_)
        self.take()
        return node

    def _text(self, token: Token) -> Text:
        exact = not self.expand
        if token.kind is Kind.EXACT:
            exact = True
            token = self.take()
            if token.kind not in (Kind.WORD, Kind.PHRASE):
                hint = " — write it after the field, as in title:=cto" if token.kind is Kind.FIELD else ""
                raise QueryError(
                    f"'=' needs a word or phrase right after it at {column(token.pos)}{hint}", token.pos
                )
        return make_text(token, exact=exact)

    def _field(self, token: Token) -> Node:
        if self.field is not None:
            raise QueryError(
                f"{token.text}: cannot be used inside {self.field}:( … ) at {column(token.pos)}", token.pos
            )
        if token.text == "years":
            return values.years(self._plain_value(token).text, token.pos)
        if token.text == "near":
            return self._near(token)
        if token.text == "within":
            example = 'as in near:"Berlin" within:50km'
            message = f"within: at {column(token.pos)} belongs right after a near: term, {example}"
            raise QueryError(message, token.pos)
        field = Field(token.text)
        if self.peek().kind is not Kind.LPAREN:
            return FieldTerm(field, self._text(self.take()))
        self.field = field
        try:
            return self._group(self.take())
        finally:
            self.field = None

    def _plain_value(self, field: Token) -> Token:
        value = self.take()
        if value.kind not in (Kind.WORD, Kind.PHRASE) or value.prefix:
            raise QueryError(
                f"{field.text}: takes a plain value, without (, = or *, at {column(field.pos)}", field.pos
            )
        return value

    def _near(self, token: Token) -> Node:
        place = self._plain_value(token)
        distance = values.DEFAULT_RADIUS
        following = self.peek()
        if following.kind is Kind.FIELD and following.text == "within":
            self.take()
            distance = values.radius(self._plain_value(following).text, following.pos)
        return values.near(place.text, token.pos, distance)


def make_text(token: Token, *, exact: bool) -> Text:
    """A word or phrase token as ``Text``: whitespace collapsed, checked to contain something to find."""
    value = " ".join(token.text.split())
    where = column(token.pos)
    if not value:
        raise QueryError(f"empty phrase at {where}", token.pos)
    found = words(value)
    if not found:
        raise QueryError(f"'{value}' has no letters or digits to search for at {where}", token.pos)
    if token.prefix and len(found[-1]) < 2:
        raise QueryError(f"a prefix search needs at least 2 letters before '*' at {where}", token.pos)
    return Text(value, token.prefix, exact)


def _unmatched_close(token: Token) -> QueryError:
    return QueryError(
        f"unbalanced parenthesis at {column(token.pos)}: this ')' has no matching '('", token.pos
    )


def _never_closed(token: Token) -> QueryError:
    return QueryError(f"unbalanced parenthesis at {column(token.pos)}: this '(' is never closed", token.pos)
