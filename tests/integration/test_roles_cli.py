"""`talentscout roles create` and `talentscout roles list`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from talentscout.cli import app


@pytest.fixture
def cli(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("TALENTSCOUT_DATABASE_URL", database_url)
    monkeypatch.setenv("TALENTSCOUT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "200")
    runner = CliRunner()
    result = runner.invoke(app, ["init", "--workspace", "Acme Talent"])
    assert result.exit_code == 0, result.output
    return runner


def test_a_role_created_on_the_command_line_is_listed_with_canonical_skills(cli: CliRunner) -> None:
    created = cli.invoke(
        app,
        [
            "roles",
            "create",
            "--title",
            "Backend Engineer",
            "--must",
            "python, k8s",
            "--location",
            "Berlin:50",
        ],
    )
    assert created.exit_code == 0, created.output
    assert created.stdout.strip() == "1"
    listed = cli.invoke(app, ["roles", "list"])
    assert listed.exit_code == 0, listed.output
    assert "Backend Engineer" in listed.stdout
    assert "Python, Kubernetes" in listed.stdout
    assert "Berlin, DE +50km (onsite)" in listed.stdout


def test_an_unknown_place_is_a_clear_error_and_exit_code_2(cli: CliRunner) -> None:
    result = cli.invoke(app, ["roles", "create", "--title", "X", "--location", "Qwertyville Zz"])
    assert result.exit_code == 2
    assert "unknown place 'Qwertyville Zz'" in result.output
