"""inbound: receipts of mail and texts taken from mailboxes and webhooks

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "inbound_receipts",
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("workspace_id", _ID, nullable=False),
        sa.Column("dedupe_key", sa.String(length=600), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("mailbox", sa.String(length=300), nullable=True),
        sa.Column("uidvalidity", sa.BigInteger(), nullable=True),
        sa.Column("uid", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.String(length=500), nullable=True),
        sa.Column("from_address", sa.String(length=1000), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("person_id", _ID, nullable=True),
        sa.Column("message_row_id", _ID, nullable=True),
        sa.Column("problem", sa.Text(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_inbound_receipts_person_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_inbound_receipts_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbound_receipts")),
        sa.UniqueConstraint(
            "workspace_id", "dedupe_key", name=op.f("uq_inbound_receipts_workspace_id_dedupe_key")
        ),
    )
    op.create_index(
        "ix_inbound_receipts_mailbox",
        "inbound_receipts",
        ["workspace_id", "mailbox", "uidvalidity", "uid"],
        unique=False,
    )
    op.create_index(
        "ix_inbound_receipts_outcome",
        "inbound_receipts",
        ["workspace_id", "outcome", "received_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_inbound_receipts_outcome", table_name="inbound_receipts")
    op.drop_index("ix_inbound_receipts_mailbox", table_name="inbound_receipts")
    op.drop_table("inbound_receipts")
