"""index every column that references a person or a source record

Merges, unmerges and erasure look rows up by these columns, and with foreign keys enforced the
database checks each of them whenever a person or a source record is deleted: without an index
that is a scan of the whole table per delete.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("channel_preferences", "person_id"),
    ("enrollments", "person_id"),
    ("messages", "person_id"),
    ("outbox", "person_id"),
    ("inbound_receipts", "person_id"),
    ("match_reviews", "left_person_id"),
    ("match_reviews", "right_person_id"),
    ("submission_flags", "first_record_id"),
    ("applications", "source_record_id"),
    ("notes", "source_record_id"),
    ("tags", "source_record_id"),
    ("person_languages", "source_record_id"),
)


def upgrade() -> None:
    for table, column in COLUMNS:
        op.create_index(f"ix_{table}_{column}", table, [column])


def downgrade() -> None:
    for table, column in reversed(COLUMNS):
        op.drop_index(f"ix_{table}_{column}", table_name=table)
