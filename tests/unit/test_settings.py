"""Settings are typed, read from TALENTSCOUT_* variables, and refuse unsafe or malformed values."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from talentscout.settings import Settings


def test_settings_come_from_prefixed_environment_variables(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TALENTSCOUT_PORT", "8123")
    monkeypatch.setenv("TALENTSCOUT_DATA_DIR", str(tmp_path))
    s = Settings()
    assert s.port == 8123
    assert s.effective_database_url == f"sqlite:///{tmp_path / 'talentscout.sqlite3'}"


def test_a_malformed_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TALENTSCOUT_PORT", "eighty")
    with pytest.raises(ValidationError, match="port"):
        Settings()


def test_production_refuses_the_development_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TALENTSCOUT_ENVIRONMENT", "production")
    monkeypatch.delenv("TALENTSCOUT_SECRET_KEY", raising=False)
    with pytest.raises(ValidationError, match="TALENTSCOUT_SECRET_KEY"):
        Settings()


def test_a_postgres_url_is_used_as_given(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql+psycopg://app@db.internal:5432/talentscout"
    monkeypatch.setenv("TALENTSCOUT_DATABASE_URL", url)
    assert Settings().effective_database_url == url
