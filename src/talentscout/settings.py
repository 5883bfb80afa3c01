"""Typed settings, read from ``TALENTSCOUT_*`` environment variables.

A bad value fails at start-up with the variable's name (pydantic-settings does that); a default
secret is refused outside development.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import platformdirs
from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "development-only-secret-change-me"  # noqa: S105 - refused outside development


class Environment(enum.StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("talentscout", appauthor=False))


class Settings(BaseSettings):
    """Every knob of TalentScout. ``talentscout settings`` prints them with their descriptions."""

    model_config = SettingsConfigDict(env_prefix="TALENTSCOUT_", extra="ignore")

    environment: Annotated[
        Environment, Field(description="development, test or production; production refuses defaults")
    ] = Environment.DEVELOPMENT
    data_dir: Annotated[Path, Field(description="Folder for the SQLite database and uploaded files")] = Field(
        default_factory=default_data_dir
    )
    database_url: Annotated[
        str | None,
        Field(
            description="SQLAlchemy URL; default is SQLite in the data folder. "
            "PostgreSQL: postgresql+psycopg://user@host:5432/db"
        ),
    ] = None
    secret_key: Annotated[
        str, Field(description="Signs session cookies, CSRF tokens and links; set a long random value")
    ] = DEV_SECRET
    host: Annotated[str, Field(description="Address the web server binds to")] = "127.0.0.1"
    port: Annotated[int, Field(description="Port the web server listens on", ge=1, le=65535)] = 8000
    default_country: Annotated[
        str, Field(description="ISO country used for phone numbers written without +country", max_length=2)
    ] = "US"
    max_upload_mb: Annotated[int, Field(description="Largest file the import page accepts, in MB", ge=1)] = (
        200
    )
    max_pdf_mb: Annotated[int, Field(description="Largest résumé PDF/DOCX parsed, in MB", ge=1)] = 20
    import_batch_size: Annotated[
        int, Field(description="Rows written per transaction during an import", ge=1, le=100_000)
    ] = 5000
    worker_poll_seconds: Annotated[
        float, Field(description="How often an idle worker looks for work", gt=0)
    ] = 2.0
    secure_cookies: Annotated[
        bool, Field(description="Mark cookies Secure (HTTPS only); on in production")
    ] = False

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.environment is Environment.PRODUCTION and self.secret_key == DEV_SECRET:
            raise ValueError("TALENTSCOUT_SECRET_KEY must be set to a random value in production")
        return self

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'talentscout.sqlite3'}"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"
