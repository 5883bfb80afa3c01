"""Text that remembers which fact it came from, so a rendered message can say what it used."""

from __future__ import annotations


class CitedText(str):
    """A ``str`` carrying the key of the hook (or fact) it was built from.

    Templates use it like any string; the renderer notes ``cite`` whenever one is written out.
    """

    cite: str

    def __new__(cls, text: str, cite: str) -> CitedText:
        obj = super().__new__(cls, text)
        obj.cite = cite
        return obj
