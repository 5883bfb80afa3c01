"""The build: label rewrites (no data needed) and a full deterministic rebuild (needs ../shared/data)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from talentscout.taxonomy.build import GENERATED_FILES, build
from talentscout.taxonomy.build.labels import derived_labels
from talentscout.taxonomy.build.skills import is_synonym_like, slugify

SOURCE = Path(__file__).resolve().parents[4] / "shared" / "data" / "taxonomy"
EVERYDAY = {"project", "email", "analytics", "software", "cloud", "database"}


def _derived(label: str) -> set[str]:
    return set(derived_labels(label, EVERYDAY.__contains__))


def test_an_embedded_acronym_gives_both_the_acronym_and_the_words() -> None:
    assert _derived("Structured query language SQL") == {"Structured query language", "SQL"}
    assert {"AWS", "Amazon Web Services"} <= _derived("Amazon Web Services AWS software")


def test_a_vendor_prefix_is_dropped_unless_only_an_everyday_word_is_left() -> None:
    assert _derived("Oracle Java") == {"Java"}
    assert _derived("Microsoft Project") == set()
    assert "Cloud software" not in _derived("Google Cloud software")


def test_a_bracketed_qualifier_is_dropped_and_a_bracketed_acronym_kept() -> None:
    assert _derived("Java (computer programming)") == {"Java"}
    assert _derived("Human resource information system (HRIS)") == {
        "Human resource information system",
        "HRIS",
    }


def test_slugs_keep_language_symbols_apart() -> None:
    assert [slugify(x) for x in ["C", "C++", "C#", "Node.js"]] == ["c", "c-plus-plus", "c-sharp", "node-js"]


def test_esco_alternative_labels_that_name_other_things_are_not_synonyms() -> None:
    assert is_synonym_like("PostgreSQL", "Postgres")
    assert is_synonym_like("show initiative", "take the initiative")
    assert not is_synonym_like("JavaScript", "Mocha")
    assert not is_synonym_like("query languages", "HTSQL")
    assert not is_synonym_like("express yourself creatively", "sing")


@pytest.mark.shared_data
def test_the_build_is_deterministic_and_matches_the_committed_files(tmp_path: Path) -> None:
    if not (SOURCE / "onet_29.2").is_dir() or not (SOURCE / "esco_1.2.0").is_dir():
        pytest.skip(f"O*NET/ESCO sources not found at {SOURCE}; the rebuild check needs ../shared/data")
    build(SOURCE, tmp_path)
    shipped = resources.files("talentscout.taxonomy").joinpath("data")
    for name in GENERATED_FILES:
        rebuilt = (tmp_path / name).read_bytes()
        assert rebuilt == shipped.joinpath(name).read_bytes(), (
            f"{name} differs from a fresh build: run scripts/build_taxonomy.py and commit the result"
        )
