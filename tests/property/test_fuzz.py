"""A short run of ``bench/fuzz.py`` in the suite: importers, the query parser and the web pages that take
user text never crash or show a stack trace (the full run's counts are in docs/benchmarks.md)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).parents[2] / "bench" / "fuzz.py"


def _fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("talentscout_fuzz", BENCH)
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_files_and_queries_never_crash_an_importer_or_the_parser(tmp_path: Path) -> None:
    fuzz = _fuzz()
    tally = fuzz.Tally()
    fuzz.fuzz_importers(tally, 12, tmp_path)
    fuzz.fuzz_parser(tally, 40)
    assert tally.tried["query parser"] == 40
    assert tally.tried["importer csv"] == 12
    assert tally.failures == []


def test_generated_search_text_and_links_never_make_a_page_fail(tmp_path: Path) -> None:
    fuzz = _fuzz()
    tally = fuzz.Tally()
    fuzz.fuzz_web(tally, 15, tmp_path)
    assert tally.tried["web: /privacy/p/<token>"] == 15
    assert tally.failures == []
