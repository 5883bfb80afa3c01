"""The privacy commands: suppress, export (audited), erase, deadlines, audit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from talentscout.cli import app
from tests.property.support import ADA, write_csv


@pytest.fixture
def cli(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("TALENTSCOUT_DATABASE_URL", database_url)
    monkeypatch.setenv("TALENTSCOUT_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()
    assert runner.invoke(app, ["init", "--workspace", "Acme Talent"]).exit_code == 0
    csv = write_csv(tmp_path / "pool.csv", [ADA])
    imported = runner.invoke(app, ["import", str(csv), "--format", "csv", "--id-column", "Candidate ID"])
    assert imported.exit_code == 0, imported.output
    return runner


def test_export_then_erase_from_the_command_line_and_both_are_in_the_audit_log(cli: CliRunner) -> None:
    exported = cli.invoke(app, ["privacy", "export", "1"])
    assert exported.exit_code == 0, exported.output
    assert json.loads(exported.output)["person"]["display_name"] == "Ada Quillfeather"
    erased = cli.invoke(app, ["privacy", "erase", "1", "--yes"])
    assert erased.exit_code == 0, erased.output
    assert "identifiers kept as hashes" in erased.output
    log = [json.loads(line) for line in cli.invoke(app, ["privacy", "audit"]).output.splitlines()]
    assert {"export", "erase"} <= {e["action"] for e in log}
    missing = cli.invoke(app, ["privacy", "export", "1"])
    assert missing.exit_code == 2
    assert "no such person" in missing.output


def test_suppress_refuses_garbage_with_a_clear_message(cli: CliRunner) -> None:
    assert cli.invoke(app, ["privacy", "suppress", "email", ADA[2]]).output.strip() == "added"
    bad = cli.invoke(app, ["privacy", "suppress", "email", "not-an-address"])
    assert bad.exit_code == 2
    assert "not a usable email" in bad.output
    assert cli.invoke(app, ["privacy", "deadlines"]).exit_code == 0
