"""normalise_label: one key per spelling, and the punctuation that belongs to technical names kept."""

from __future__ import annotations

import pytest

from talentscout.taxonomy import normalise_label
from talentscout.taxonomy.normalise import tokenize


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("  Machine   Learning ", "machine learning"),
        ("Résumé", "resume"),
        ("C++", "c++"),
        ("C#", "c#"),
        (".NET", ".net"),
        ("ASP.NET Core", "asp.net core"),
        ("Node.js", "node.js"),
        ("PL/SQL", "pl sql"),
        ("front-end", "front end"),
        ("R&D", "r&d"),
        ("Research & Development", "research and development"),
        ("Raiser’s Edge", "raiser edge"),
        ("ＣＳＳ", "css"),
    ],
)
def test_labels_normalise_to_the_expected_key(written: str, key: str) -> None:
    assert normalise_label(written) == key


def test_a_full_stop_ending_a_sentence_is_not_part_of_the_name() -> None:
    assert normalise_label("I write Python.") == "i write python"
    assert normalise_label("Built it with Node.js.") == "built it with node.js"


def test_tokens_point_back_at_the_original_text() -> None:
    text = "Used Node.js, C++ & Résumé tools."
    assert [t.surface(text) for t in tokenize(text)] == ["Used", "Node.js", "C++", "&", "Résumé", "tools"]


def test_normalising_is_idempotent() -> None:
    for label in ["Microsoft Visual C# .NET", "Raiser's Edge", "T-SQL", "U.S. Army"]:
        assert normalise_label(normalise_label(label)) == normalise_label(label)
