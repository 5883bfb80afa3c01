"""identity resolution: key ``match_keys`` by (workspace, key, record)

Blocking keys were a table keyed by (record, key) plus an index on (workspace, key): three B-trees
on SQLite (the table, its primary key, the lookup index) for some nine million rows at a million
records. Keyed by (workspace, key, record) the lookup index is the primary key; on SQLite the table
becomes ``WITHOUT ROWID``, so the keys are stored once, in lookup order, and a lookup reads the
records without touching a table. An index on the record replaces the old primary key for
re-indexing a record and for deleting source records. SQLite cannot change a primary key in place:
the table is rebuilt (create, copy in key order, drop, rename).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_COLUMNS = "workspace_id, key, source_record_id"


def _create(name: str, primary_key: Sequence[str], *, with_rowid: bool) -> None:
    op.create_table(
        name,
        sa.Column("workspace_id", _ID, nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("source_record_id", _ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["source_record_id"],
            ["source_records.id"],
            name="fk_match_keys_source_record_id_source_records",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name="fk_match_keys_workspace_id_workspaces",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(*primary_key, name="pk_match_keys"),
        sqlite_with_rowid=with_rowid,
    )


def _rebuild(primary_key: Sequence[str], *, with_rowid: bool) -> None:
    """SQLite: ``match_keys`` again with ``primary_key``, rows copied in its order."""
    op.drop_index("ix_match_keys_source_record_id" if with_rowid else "ix_match_keys_lookup", "match_keys")
    _create("match_keys_rebuilt", primary_key, with_rowid=with_rowid)
    op.execute(
        f"INSERT INTO match_keys_rebuilt ({_COLUMNS}) SELECT {_COLUMNS} FROM match_keys "
        f"ORDER BY {', '.join(primary_key)}"
    )
    op.drop_table("match_keys")
    op.rename_table("match_keys_rebuilt", "match_keys")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(("workspace_id", "key", "source_record_id"), with_rowid=False)
    else:
        op.drop_index("ix_match_keys_lookup", table_name="match_keys")
        op.drop_constraint("pk_match_keys", "match_keys", type_="primary")
        op.create_primary_key("pk_match_keys", "match_keys", ["workspace_id", "key", "source_record_id"])
    op.create_index("ix_match_keys_source_record_id", "match_keys", ["source_record_id"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(("source_record_id", "key"), with_rowid=True)
    else:
        op.drop_index("ix_match_keys_source_record_id", table_name="match_keys")
        op.drop_constraint("pk_match_keys", "match_keys", type_="primary")
        op.create_primary_key("pk_match_keys", "match_keys", ["source_record_id", "key"])
    op.create_index("ix_match_keys_lookup", "match_keys", ["workspace_id", "key"])
