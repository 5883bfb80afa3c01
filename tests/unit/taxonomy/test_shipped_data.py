"""The files shipped in talentscout/taxonomy/data: they load, agree with the code, and carry attribution."""

from __future__ import annotations

import gzip
import json
import time
from importlib import resources
from pathlib import Path

from talentscout.taxonomy import load_taxonomy, normalise_label
from talentscout.taxonomy.build import GENERATED_FILES
from talentscout.taxonomy.catalogue import Taxonomy
from talentscout.taxonomy.data_files import parse_synonyms, read_text

DATA = resources.files("talentscout.taxonomy").joinpath("data")
ROOT = Path(__file__).resolve().parents[3]


def _payload(name: str) -> dict[str, object]:
    result: dict[str, object] = json.loads(gzip.decompress(DATA.joinpath(name).read_bytes()))
    return result


def test_the_taxonomy_loads_and_holds_both_sources() -> None:
    started = time.perf_counter()
    taxonomy = Taxonomy()  # a fresh instance, not the cached one
    skills, titles = taxonomy.skill_catalogue, taxonomy.title_catalogue
    elapsed = time.perf_counter() - started
    assert len(skills.skills) > 10_000
    assert len(titles.onet) > 1_000
    assert len(titles.esco) > 3_000
    print(f"taxonomy loaded in {elapsed:.2f} s")  # shown with -s; a timing is not asserted


def test_load_taxonomy_is_cached_and_lazy() -> None:
    assert load_taxonomy() is load_taxonomy()
    assert "title_catalogue" not in vars(Taxonomy())


def test_the_shipped_data_stays_small() -> None:
    sizes = [DATA.joinpath(name).read_bytes().__len__() for name in GENERATED_FILES]
    assert sum(sizes) < 6 * 1024 * 1024


def test_every_shipped_skill_key_is_what_the_normaliser_makes_of_a_label() -> None:
    """Catches a change to normalise.py that was not followed by a rebuild."""
    payload = _payload("skills.json.gz")
    index = payload["index"]
    assert isinstance(index, dict)
    keys = set(index["keys"])
    records = payload["skills"]
    assert isinstance(records, list)
    missing = [r["label"] for r in records if normalise_label(r["label"]) not in keys]
    assert missing == [], "run scripts/build_taxonomy.py after changing normalise.py"


def test_every_shipped_title_key_is_a_fixed_point_of_the_normaliser() -> None:
    payload = _payload("occupations.json.gz")
    onet = payload["onet_titles"]
    assert isinstance(onet, dict)
    drifted = [key for key in onet["keys"] if normalise_label(key) != key]
    assert drifted == []


def test_every_curated_synonym_resolves_to_a_skill() -> None:
    curated = parse_synonyms(read_text("synonyms.tsv"))
    catalogue = load_taxonomy().skill_catalogue  # loading raises TaxonomyDataError on a bad target
    assert len(curated.synonyms) >= 100
    for synonym in curated.synonyms:
        match = catalogue.lookup(synonym.key)
        assert match is not None, synonym.written


def test_no_curated_synonym_is_listed_twice() -> None:
    keys = [s.key for s in parse_synonyms(read_text("synonyms.tsv")).synonyms]
    assert len(keys) == len(set(keys))


def test_attribution_ships_with_the_data_and_the_repository() -> None:
    notice = DATA.joinpath("NOTICE.md").read_text(encoding="utf-8")
    top_level = (ROOT / "NOTICE").read_text(encoding="utf-8")
    for text in (notice, top_level):
        assert "O*NET 29.2 Database" in text
        assert "CC BY 4.0" in text
        assert "This product uses the ESCO classification of the European Commission." in text
        assert "1.2.0" in text
