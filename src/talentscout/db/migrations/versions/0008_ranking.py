"""ranking: recruiter feedback per role, company signals, cached profile vectors

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _ws(table: str) -> list[Any]:
    return [
        sa.Column("id", _ID, autoincrement=True, nullable=False),
        sa.Column("workspace_id", _ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f(f"fk_{table}_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def _person(table: str) -> list[Any]:
    return [
        sa.Column("person_id", _ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f(f"fk_{table}_person_id_people"), ondelete="CASCADE"
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "role_feedback",
        *_ws("role_feedback"),
        *_person("role_feedback"),
        sa.Column("role_id", _ID, nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("author_id", _ID, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["role_id"], ["roles.id"], name=op.f("fk_role_feedback_role_id_roles"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_role_feedback_author_id_users"), ondelete="SET NULL"
        ),
    )
    op.create_index("ix_role_feedback_role", "role_feedback", ["role_id", "person_id"], unique=False)
    op.create_index("ix_role_feedback_person", "role_feedback", ["person_id"], unique=False)
    op.create_table(
        "company_signals",
        *_ws("company_signals"),
        sa.Column("company", sa.String(length=500), nullable=False),
        sa.Column("company_key", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint(
            "workspace_id",
            "company_key",
            "kind",
            "occurred_on",
            name=op.f("uq_company_signals_workspace_id_company_key_kind_occurred_on"),
        ),
    )
    op.create_table(
        "person_vectors",
        *_ws("person_vectors"),
        *_person("person_vectors"),
        sa.Column("model", sa.String(length=100), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("person_id", "model", name=op.f("uq_person_vectors_person_id_model")),
    )


def downgrade() -> None:
    op.drop_table("person_vectors")
    op.drop_table("company_signals")
    op.drop_index("ix_role_feedback_person", table_name="role_feedback")
    op.drop_index("ix_role_feedback_role", table_name="role_feedback")
    op.drop_table("role_feedback")
