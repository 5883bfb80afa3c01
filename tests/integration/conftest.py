"""Fixtures shared by the integration tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from talentscout.cli import app


@pytest.fixture
def cli(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """The command line against the test database, after ``talentscout init`` (a module that needs
    more in its pool defines its own ``cli``)."""
    monkeypatch.setenv("TALENTSCOUT_DATABASE_URL", database_url)
    monkeypatch.setenv("TALENTSCOUT_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()
    result = runner.invoke(app, ["init", "--workspace", "Acme Talent"])
    assert result.exit_code == 0, result.output
    return runner
