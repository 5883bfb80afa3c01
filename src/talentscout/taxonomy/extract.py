"""Find known skills in free text (résumés, job descriptions).

Token n-grams of up to four tokens are looked up, longest first, left to right, never overlapping,
and never across a list separator (comma, semicolon, bullet, line break, bracket …).

Ambiguous names need more evidence than being spelt right. A one-word key is ambiguous when it is
very short ("Go", "R", "C", "JS"), an everyday English word ("Excel", "Access", "Puppet"), an
acronym ("ETC", "SAN") or a job title ("Chef"); the build marks them (``skills.json.gz`` →
``ambiguous``, see ``build/ambiguity.py``) and synonyms.tsv may too:

* ``case`` keys match when written exactly as the name is written ("Go", not "go"), not first in a
  sentence or line, not inside a hyphenated word ("Go-live") and not beside another capitalised word
  ("Senior Go Developer", "Vitamin C"); a one-letter name ("C", "R") also needs a word such as
  "in", "with", "using", "and" just before it ("written in C"). Or as an item of a skills list;
* ``list`` keys match only as an item of a skills list.

An *item of a skills list* stands alone between separators (comma, semicolon, bullet, line break,
bracket, "and"/"or"): "Go, R and C", "(Go)", a line on its own. It counts only when the same line
holds another skill that needed no such help, or a heading such as "Skills:" or "Technologies" is on
that line or one of the three lines above. In a list the name must be spelt as the source spells it
or in lower case ("go, r"), and an acronym only in capitals ("etc." is not ETC, "ADA" is not Ada).
"""

from __future__ import annotations

import bisect
import re

from talentscout.taxonomy.models import SkillMatch, SkillMention
from talentscout.taxonomy.normalise import Token, tokenize
from talentscout.taxonomy.skills import SkillCatalogue

MAX_NGRAM = 4
_SEPARATOR = re.compile(r"[,;|•·▪●◦\n\t()\[\]{}:]")
_SENTENCE_START = re.compile(r"[.!?\n•·▪●◦*:;]")
_INNER_GAP = re.compile(r"[ \-–/]*")  # what may sit between the tokens of one multi-word name
_LIST_WORDS = frozenset({"and", "or"})
_LETTER_CUES = frozenset(
    {"in", "with", "using", "and", "or", "of", "like", "including", "write", "wrote", "written"}
)
_HEADING = re.compile(
    r"skills?|technolog|tools?\b|languages?|stack|proficienc|competenc|software|expertise|qualifications"
    r"|highlights|environment",
    re.IGNORECASE,
)
HEADING_LOOKBACK_LINES = 3
HEADING_MAX_WORDS = 6


def _is_heading(line: str) -> bool:
    """ "Skills:", "Technical Skills", "Languages: English, French" — not a sentence that says "tools"."""
    head = line.split(":", 1)[0]
    return len(head.split()) <= HEADING_MAX_WORDS and bool(_HEADING.search(head))


class _Context:
    """The text and its tokens, with the questions the ambiguity rules ask about a match."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self._line_starts = [0] + [n + 1 for n, ch in enumerate(text) if ch == "\n"]

    def gap_before(self, i: int) -> str:
        start = self.tokens[i - 1].end if i > 0 else 0
        return self.text[start : self.tokens[i].start]

    def gap_after(self, j: int) -> str:
        end = self.tokens[j + 1].start if j + 1 < len(self.tokens) else len(self.text)
        return self.text[self.tokens[j].end : end]

    def contiguous(self, i: int, j: int) -> bool:
        return all(_INNER_GAP.fullmatch(self.gap_before(k)) for k in range(i + 1, j + 1))

    def is_list_item(self, i: int, j: int) -> bool:
        left = i == 0 or bool(_SEPARATOR.search(self.gap_before(i))) or self.tokens[i - 1].norm in _LIST_WORDS
        after = self.gap_after(j)
        last = j + 1 == len(self.tokens)
        full_stop = after.startswith(".") and (after == "." or after[1:2].isspace())
        right = last or full_stop or bool(_SEPARATOR.search(after))
        return left and (right or self.tokens[j + 1].norm in _LIST_WORDS)

    def is_plain_mention(self, i: int, j: int, forms: frozenset[str]) -> bool:
        """Spelt as the source spells it, inside a sentence, and standing on its own."""
        surface = self.text[self.tokens[i].start : self.tokens[j].end]
        before, after = self.gap_before(i), self.gap_after(j)
        if surface not in forms or i == 0 or _SENTENCE_START.search(before):
            return False
        if before.endswith("-") or after.startswith("-"):
            return False
        prev = self.tokens[i - 1].surface(self.text)
        nxt = self.tokens[j + 1].surface(self.text) if j + 1 < len(self.tokens) else ""
        prev_capital = prev[:1].isupper() and not before.strip()
        next_capital = nxt[:1].isupper() and after.strip() in {"", "."}
        if len(surface) == 1 and self.tokens[i - 1].norm not in _LETTER_CUES:
            return False
        return not (prev_capital or next_capital)

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset) - 1

    def has_heading_near(self, offset: int) -> bool:
        """A heading on the line of ``offset`` or one of the lines just above it."""
        line = self.line_of(offset)
        first = max(0, line - HEADING_LOOKBACK_LINES)
        return any(_is_heading(self._line(n)) for n in range(first, line + 1))

    def _line(self, n: int) -> str:
        starts = self._line_starts
        end = starts[n + 1] - 1 if n + 1 < len(starts) else len(self.text)
        return self.text[starts[n] : end]


def find_skills(catalogue: SkillCatalogue, text: str) -> list[SkillMention]:
    """Every skill mention in ``text``, in order, with its character span."""
    context = _Context(text)
    found: list[tuple[SkillMention, bool]] = []
    i = 0
    while i < len(context.tokens):
        hit = _longest_match(catalogue, context, i)
        if hit is None:
            i += 1
            continue
        match, j, needs_list = hit
        start, end = context.tokens[i].start, context.tokens[j].end
        found.append((SkillMention(match, start, end, text[start:end]), needs_list))
        i = j + 1
    return _in_skill_lists(context, found)


def _in_skill_lists(context: _Context, found: list[tuple[SkillMention, bool]]) -> list[SkillMention]:
    """Keep list-only mentions whose line also has a plain skill mention or sits under a heading."""
    lines = {context.line_of(mention.start) for mention, needs_list in found if not needs_list}
    return [
        mention
        for mention, needs_list in found
        if not needs_list
        or context.line_of(mention.start) in lines
        or context.has_heading_near(mention.start)
    ]


def _longest_match(
    catalogue: SkillCatalogue, context: _Context, i: int
) -> tuple[SkillMatch, int, bool] | None:
    """The longest match starting at token ``i``: the match, its last token, whether it is a list item
    that still needs a skills-list context."""
    tokens: list[Token] = context.tokens
    for j in range(min(i + MAX_NGRAM, len(tokens)) - 1, i - 1, -1):
        if not context.contiguous(i, j):
            continue
        key = " ".join(token.norm for token in tokens[i : j + 1])
        match = catalogue.lookup(key)
        verdict = _verdict(catalogue, context, key, i, j) if match is not None else None
        if match is not None and verdict is not None:
            return match, j, verdict
    return None


def _verdict(catalogue: SkillCatalogue, context: _Context, key: str, i: int, j: int) -> bool | None:
    """``False``: accept; ``True``: accept if it turns out to be in a skills list; ``None``: reject."""
    rule = catalogue.free_text_rules.get(key)
    if rule is None:
        return False
    if rule.mode == "case" and context.is_plain_mention(i, j, rule.forms):
        return False
    surface = context.text[context.tokens[i].start : context.tokens[j].end]
    acronym = bool(rule.forms) and all(form.isupper() for form in rule.forms)
    spelt = not rule.forms or surface in rule.forms or (surface.islower() and not acronym)
    return True if spelt and context.is_list_item(i, j) else None


def extract_skills(catalogue: SkillCatalogue, text: str) -> list[SkillMatch]:
    """The distinct skills mentioned in ``text``, in order of first mention."""
    seen: dict[str, SkillMatch] = {}
    for mention in find_skills(catalogue, text):
        seen.setdefault(mention.skill.id, mention.skill)
    return list(seen.values())
