"""The migrations and the models agree, and migrations run both ways on the real database."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from talentscout.db.engine import alembic_config
from talentscout.db.search import include_object
from talentscout.db.tables import metadata


def test_models_and_migrations_have_not_drifted(database_url: str) -> None:
    engine = create_engine(database_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include_object, "target_metadata": metadata}
        )
        diff = compare_metadata(context, metadata)
    engine.dispose()
    assert diff == [], f"models differ from migrations; write a migration: {diff}"


def test_migrations_downgrade_to_nothing_and_upgrade_again(database_url: str) -> None:
    cfg = alembic_config(database_url)
    command.downgrade(cfg, "base")
    engine = create_engine(database_url)
    assert "people" not in inspect(engine).get_table_names()
    command.upgrade(cfg, "head")
    assert {"people", "source_records", "field_provenance"} <= set(inspect(engine).get_table_names())
    engine.dispose()
