"""Typed settings, read from ``TALENTSCOUT_*`` environment variables.

A bad value fails at start-up with the variable's name (pydantic-settings does that); a default
secret is refused outside development.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import platformdirs
from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_SECRET_FIELD = re.compile(r"password|secret|token|key", re.IGNORECASE)
_URL_PASSWORD = re.compile(r"(://[^:/@]+:)[^@]*@")
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
    identity_workers: Annotated[
        int,
        Field(
            description="Processes that score duplicates in large matching runs (the matching job, dedupe); "
            "0: one per CPU, 1: in the worker's own process",
            ge=0,
            le=64,
        ),
    ] = 0
    public_url: Annotated[
        str, Field(description="Address people reach this server at; used in links sent by email or text")
    ] = "http://127.0.0.1:8000"
    # engage: replies (docs/decisions/014-replies-and-templates.md)
    imap_host: Annotated[
        str | None, Field(description="IMAP server replies arrive at; unset disables polling")
    ] = None
    imap_port: Annotated[int, Field(description="IMAP port (993 for TLS, 143 otherwise)", ge=1, le=65535)] = (
        993
    )
    imap_security: Annotated[
        str, Field(description="tls (implicit), starttls or none", pattern="^(tls|starttls|none)$")
    ] = "tls"
    imap_username: Annotated[str | None, Field(description="IMAP login user")] = None
    imap_password: Annotated[str | None, Field(description="IMAP login password")] = None
    imap_mailbox: Annotated[str, Field(description="Mailbox (folder) polled for replies")] = "INBOX"
    imap_workspace: Annotated[
        str | None, Field(description="Workspace slug the polled mailbox belongs to (default: the only one)")
    ] = None
    imap_poll_seconds: Annotated[
        int, Field(description="Seconds between mailbox polls queued by the worker", ge=10)
    ] = 60
    inbound_webhook_secret: Annotated[
        str | None,
        Field(description="Shared secret signing inbound-email webhooks (HMAC-SHA256); unset refuses them"),
    ] = None
    drafter_url: Annotated[
        str | None,
        Field(description="OpenAI-compatible API base URL for AI drafts; unset uses the built-in drafter"),
    ] = None
    drafter_model: Annotated[str, Field(description="Model name sent to the drafter endpoint")] = (
        "gpt-4o-mini"
    )
    drafter_api_key: Annotated[str | None, Field(description="Bearer key for the drafter endpoint")] = None
    drafter_timeout_seconds: Annotated[float, Field(description="Drafter request timeout", gt=0)] = 30.0
    secure_cookies: Annotated[
        bool, Field(description="Mark cookies Secure (HTTPS only); on in production")
    ] = False
    # engage: sending
    email_transport: Annotated[
        str,
        Field(
            description="How email leaves: smtp, or log (written to the log, never sent)",
            pattern="^(smtp|log)$",
        ),
    ] = "log"
    smtp_host: Annotated[str, Field(description="SMTP relay host for outgoing email")] = "127.0.0.1"
    smtp_port: Annotated[int, Field(description="SMTP relay port", ge=1, le=65535)] = 25
    smtp_security: Annotated[
        str,
        Field(
            description="none, starttls or tls (implicit TLS, usually port 465)",
            pattern="^(none|starttls|tls)$",
        ),
    ] = "none"
    smtp_username: Annotated[str | None, Field(description="SMTP login user; unset for none")] = None
    smtp_password: Annotated[str | None, Field(description="SMTP login password")] = None
    smtp_timeout_seconds: Annotated[float, Field(description="SMTP connect/command timeout", gt=0)] = 30.0
    smtp_relay_idempotent: Annotated[
        bool,
        Field(
            description="The relay drops a second message with the same X-Idempotency-Key; an interrupted "
            "send is then retried instead of left unconfirmed (docs/decisions/013)"
        ),
    ] = False
    sms_api_url: Annotated[
        str | None, Field(description="Base URL of a Twilio-compatible SMS API; unset disables SMS")
    ] = None
    sms_account_sid: Annotated[str | None, Field(description="SMS API account id (basic-auth user)")] = None
    sms_auth_token: Annotated[str | None, Field(description="SMS API auth token (basic-auth password)")] = (
        None
    )
    reply_domain: Annotated[
        str | None,
        Field(description="Domain of the tagged Reply-To (reply+token@domain); default the sender's domain"),
    ] = None
    cooling_off_months: Annotated[
        int, Field(description="Months a person who never replied is not enrolled again", ge=0, le=120)
    ] = 6
    outbox_lease_seconds: Annotated[
        int,
        Field(
            description="After this long a claimed or in-flight send is reconciled by another worker", ge=1
        ),
    ] = 300
    send_batch_size: Annotated[int, Field(description="Sends a worker claims at once", ge=1, le=1000)] = 20

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        """``repr``/``str`` (and so any log line holding the settings) never show a secret."""
        for name, value in super().__repr_args__():
            if value and name and _SECRET_FIELD.search(name):
                value = "********"
            elif isinstance(value, str) and name == "database_url":
                value = _URL_PASSWORD.sub(r"\1********@", value)
            yield name, value

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
