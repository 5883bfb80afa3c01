"""The generated reference pages match the code, and every CLI command's help has an example."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _gen() -> object:
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("page", ["cli.md", "settings.md", "permissions.md"])
def test_generated_reference_page_is_up_to_date(page: str) -> None:
    gen = _gen()
    expected = gen.PAGES[page]()  # type: ignore[attr-defined]
    actual = (ROOT / "docs" / page).read_text(encoding="utf-8")
    assert actual == expected, f"docs/{page} is stale: run `python scripts/gen_docs.py`"


def test_every_cli_command_has_an_example_in_its_help() -> None:
    text = _gen().cli_page()  # type: ignore[attr-defined]
    sections = text.split("\n## ")[1:]
    assert sections
    missing = [s.splitlines()[0] for s in sections if "Example:" not in s]
    assert missing == []


def test_every_folder_of_the_package_is_described_in_the_architecture_page() -> None:
    arch = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    package = ROOT / "src" / "talentscout"
    folders = [p.name for p in package.iterdir() if p.is_dir() and not p.name.startswith("__")]
    missing = [f for f in folders if f"`src/talentscout/{f}/`" not in arch]
    assert missing == [], f"describe these folders in docs/architecture.md: {missing}"
