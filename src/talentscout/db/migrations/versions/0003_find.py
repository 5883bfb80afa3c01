"""find: roles, pipelines, lists, saved searches, ranking feedback, signals

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

Adds what a role asks for to ``roles`` and creates pipeline stages/entries, talent lists and saved
searches (``talentscout.db.tables_find``).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _id() -> sa.Column[int]:
    return sa.Column("id", ID, autoincrement=True, nullable=False)


def _ref(name: str, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, ID, nullable=nullable)


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def _keys(table: str, *unique: str) -> list[sa.Constraint]:
    return [
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint(*unique, name=op.f(f"uq_{table}_{'_'.join(unique)}")),
        _fk(table, "workspace_id", "workspaces", "CASCADE"),
    ]


def _when(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "saved_searches",
        _id(),
        _ref("workspace_id"),
        _ref("user_id"),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("expand_synonyms", sa.Boolean(), nullable=False),
        _when("created_at"),
        _when("last_run_at", nullable=True),
        _fk("saved_searches", "user_id", "users", "CASCADE"),
        *_keys("saved_searches", "user_id", "name"),
    )
    op.create_table(
        "talent_lists",
        _id(),
        _ref("workspace_id"),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        _ref("owner_id", nullable=True),
        _when("created_at"),
        _when("updated_at"),
        _fk("talent_lists", "owner_id", "users", "SET NULL"),
        *_keys("talent_lists", "workspace_id", "name"),
    )
    op.create_table(
        "pipeline_entries",
        _id(),
        _ref("workspace_id"),
        _ref("role_id"),
        _ref("person_id"),
        sa.Column("stage", sa.String(length=40), nullable=False),
        _ref("added_by", nullable=True),
        _when("created_at"),
        _when("moved_at"),
        _fk("pipeline_entries", "added_by", "users", "SET NULL"),
        _fk("pipeline_entries", "person_id", "people", "CASCADE"),
        _fk("pipeline_entries", "role_id", "roles", "CASCADE"),
        *_keys("pipeline_entries", "role_id", "person_id"),
    )
    op.create_index("ix_pipeline_entries_person", "pipeline_entries", ["person_id"])
    op.create_table(
        "pipeline_stages",
        _id(),
        _ref("workspace_id"),
        _ref("role_id"),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        _fk("pipeline_stages", "role_id", "roles", "CASCADE"),
        *_keys("pipeline_stages", "role_id", "key"),
    )
    op.create_table(
        "talent_list_members",
        _id(),
        _ref("workspace_id"),
        _ref("list_id"),
        _ref("person_id"),
        _ref("added_by", nullable=True),
        _when("created_at"),
        _fk("talent_list_members", "added_by", "users", "SET NULL"),
        _fk("talent_list_members", "list_id", "talent_lists", "CASCADE"),
        _fk("talent_list_members", "person_id", "people", "CASCADE"),
        *_keys("talent_list_members", "list_id", "person_id"),
    )
    op.create_index("ix_talent_list_members_person", "talent_list_members", ["person_id"])
    with op.batch_alter_table("roles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("must_skills", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("nice_skills", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(sa.Column("seniority", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("min_years", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("max_years", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("locations", sa.JSON(), server_default="[]", nullable=False))
        batch_op.add_column(
            sa.Column("remote_policy", sa.String(length=20), server_default="onsite", nullable=False)
        )
        batch_op.add_column(sa.Column("comp_min", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("comp_max", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("comp_currency", sa.String(length=3), nullable=True))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_roles_workspace", ["workspace_id", "status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("roles", schema=None) as batch_op:
        batch_op.drop_index("ix_roles_workspace")
        for column in (
            "updated_at",
            "comp_currency",
            "comp_max",
            "comp_min",
            "remote_policy",
            "locations",
            "max_years",
            "min_years",
            "seniority",
            "nice_skills",
            "must_skills",
        ):
            batch_op.drop_column(column)
    op.drop_index("ix_talent_list_members_person", table_name="talent_list_members")
    op.drop_table("talent_list_members")
    op.drop_table("pipeline_stages")
    op.drop_index("ix_pipeline_entries_person", table_name="pipeline_entries")
    op.drop_table("pipeline_entries")
    op.drop_table("talent_lists")
    op.drop_table("saved_searches")
