"""Cut résumé text into lines and label each line with the section it sits in.

A résumé is a list of headed sections ("Experience", "Education", …). Everything above the first
heading is the *header*: where the name, title, location and the candidate's own contact details live.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from talentscout.importers.resume.vocabulary import HEADING_KEYWORDS, SECTION_HEADINGS

HEADER = "header"
#: at most this many lines count as the header when the first heading comes late (or never)
MAX_HEADER_LINES = 12

_BULLETS = "•·●▪◦■□◆◇►▶➢➤✓✔-*–—>"
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_MARKDOWN_HEADING = re.compile(r"^#{1,6} ")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Line:
    """One non-empty line of text, with its position and section."""

    index: int
    text: str
    section: str


@dataclass(frozen=True)
class ResumeText:
    """The lines of a résumé, each labelled with its section."""

    lines: tuple[Line, ...]

    def section(self, *keys: str) -> list[Line]:
        return [line for line in self.lines if line.section in keys]

    def has_section(self, key: str) -> bool:
        return any(line.section == key for line in self.lines)

    @property
    def header(self) -> list[Line]:
        return self.section(HEADER)

    def after(self, line: Line, count: int = 1) -> list[Line]:
        return list(self.lines[line.index + 1 : line.index + 1 + count])

    def before(self, line: Line, count: int = 1) -> list[Line]:
        return list(self.lines[max(0, line.index - count) : line.index])


def normalise_text(text: str) -> str:
    """NFC, one kind of space, no control characters or Markdown "# ", form feeds as line breaks."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _CONTROL.sub("", text)
    return "\n".join(_MARKDOWN_HEADING.sub("", _SPACES.sub(" ", raw).strip()) for raw in text.split("\n"))


def heading_key(text: str) -> str | None:
    """The section a line opens, or None when it is not a heading."""
    bare = text.strip().strip(_BULLETS).strip().rstrip(":").strip().lower()
    bare = _SPACES.sub(" ", bare)
    if not bare or len(bare) > 45:
        return None
    if bare in SECTION_HEADINGS:
        return SECTION_HEADINGS[bare]
    words = bare.replace("&", " ").split()
    shaped = text.strip().endswith(":") or (text.isupper() and len(words) <= 4)
    if shaped and len(words) <= 4 and not any(ch.isdigit() for ch in bare):
        for word in words:
            if word in HEADING_KEYWORDS:
                return HEADING_KEYWORDS[word]
    return None


def split_sections(text: str) -> ResumeText:
    """Label every non-empty line with its section; lines above the first heading are the header."""
    raw_lines = [line for line in normalise_text(text).split("\n") if line]
    labelled: list[Line] = []
    current = HEADER
    for position, raw in enumerate(raw_lines):
        key = heading_key(raw)
        if key is not None:
            current = key
        elif current == HEADER and position >= MAX_HEADER_LINES:
            current = "body"
        labelled.append(Line(index=position, text=raw, section=current if key is None else "heading"))
    return ResumeText(lines=tuple(labelled))
