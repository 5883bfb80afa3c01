"""Test wiring: a real database per test (SQLite, or PostgreSQL with TALENTSCOUT_TEST_DB=postgres).

SQLite: the schema is migrated once into a template file, copied for every test.
PostgreSQL: each pytest worker gets its own database, migrated once; every test starts from empty
tables (TRUNCATE). ``CI=true`` turns a missing PostgreSQL server into a failure, not a skip.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from talentscout.bootstrap import Container, bootstrap
from talentscout.db.engine import migrate
from talentscout.db.tables import metadata
from talentscout.domain.permissions import Actor, Role
from talentscout.services import accounts
from talentscout.settings import Settings

BACKEND = os.environ.get("TALENTSCOUT_TEST_DB", "sqlite")
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
PASSWORD = "correct horse battery staple"


def pytest_report_header() -> str:
    return f"talentscout database backend: {BACKEND}"


def _postgres_url() -> str:
    url = os.environ.get("TALENTSCOUT_TEST_POSTGRES_URL")
    if url:
        return url
    message = "TALENTSCOUT_TEST_POSTGRES_URL is not set: PostgreSQL tests cannot run"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (CI=true requires them)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing() -> Iterator[None]:
    """Argon2 with production cost takes ~0.1 s a hash; tests create many users."""
    from argon2 import PasswordHasher

    saved = accounts._hasher
    accounts._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    accounts._hasher = saved


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated, empty database: a SQLite file to copy, or a PostgreSQL database URL."""
    if BACKEND == "sqlite":
        path = tmp_path_factory.mktemp("template") / "template.sqlite3"
        migrate(f"sqlite:///{path}")
        yield str(path)
        return
    base = make_url(_postgres_url())
    name = f"ts_test_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {base.render_as_string()} is not reachable: {exc}", pytrace=False)
        pytest.skip(f"PostgreSQL at {base.render_as_string()} is not reachable: {exc}")
    url = base.set(database=name).render_as_string(hide_password=False)
    migrate(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def database_url(database_template: str, tmp_path: Path) -> str:
    if BACKEND == "sqlite":
        target = tmp_path / "talentscout.sqlite3"
        shutil.copyfile(database_template, target)
        return f"sqlite:///{target}"
    engine = create_engine(database_template)
    tables = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return database_template


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        environment="test",
        database_url=database_url,
        data_dir=tmp_path / "data",  # type: ignore[arg-type]
        secret_key="test-secret-" + "x" * 32,
    )


@pytest.fixture
def container(settings: Settings) -> Iterator[Container]:
    c = bootstrap(settings)
    yield c
    c.db.engine.dispose()


@dataclass
class Persona:
    user: accounts.User
    token: str

    @property
    def actor(self) -> Actor:
        return self.user.actor()

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Team:
    """alice and bob (recruiters), hana (hiring manager), eve (referrer), agnes (agency), admin — all at
    Acme — and charlie, a recruiter at Globex: the outsider."""

    alice: Persona
    bob: Persona
    hana: Persona
    eve: Persona
    agnes: Persona
    admin: Persona
    charlie: Persona


@pytest.fixture
def team(container: Container) -> Team:
    acme = accounts.create_workspace(container.db, name="Acme Talent")
    globex = accounts.create_workspace(container.db, name="Globex Recruiting")

    def persona(ws: int, email: str, role: Role) -> Persona:
        user = accounts.create_user(
            container.db,
            workspace_id=ws,
            email=email,
            name=email.split("@")[0].title(),
            role=role,
            password=PASSWORD,
        )
        return Persona(user, accounts.create_api_token(container.db, user=user, name="tests"))

    return Team(
        alice=persona(acme, "alice@acme.example", Role.RECRUITER),
        bob=persona(acme, "bob@acme.example", Role.RECRUITER),
        hana=persona(acme, "hana@acme.example", Role.HIRING_MANAGER),
        eve=persona(acme, "eve@acme.example", Role.REFERRER),
        agnes=persona(acme, "agnes@talentbridge.example", Role.AGENCY),
        admin=persona(acme, "admin@acme.example", Role.ADMIN),
        charlie=persona(globex, "charlie@globex.example", Role.RECRUITER),
    )


@pytest.fixture
def fixtures_dir() -> Path:
    return Path(__file__).parent / "fixtures"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if SHARED_DATA.is_dir():
        return
    skip = pytest.mark.skip(reason=f"evaluation data not found at {SHARED_DATA}")
    for item in items:
        if "shared_data" in item.keywords:
            item.add_marker(skip)
