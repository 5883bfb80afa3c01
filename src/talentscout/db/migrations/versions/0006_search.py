"""search: faster full-text index objects for recruiter search at scale

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26

Adds ``people.search_fields`` (the field document, ``talentscout.domain.query.document``) and fills it
for people stored before. SQLite: ``people_fts`` gets a second column over it (rebuilt, then
optimised). PostgreSQL: a stored generated ``tsvector`` column ``search_tsv`` — the folded free text
(weight A) and the field document (weight B) — with a GIN index, replacing the index on the unfolded
text. See docs/decisions/012-search-at-scale.md.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FTS = (
    "CREATE VIRTUAL TABLE people_fts USING fts5(search_text, search_fields, content='people', "
    "content_rowid='id', tokenize=\"unicode61 remove_diacritics 2\")",
    "CREATE TRIGGER people_fts_ai AFTER INSERT ON people BEGIN "
    "INSERT INTO people_fts(rowid, search_text, search_fields) "
    "VALUES (new.id, new.search_text, new.search_fields); END",
    "CREATE TRIGGER people_fts_ad AFTER DELETE ON people BEGIN "
    "INSERT INTO people_fts(people_fts, rowid, search_text, search_fields) "
    "VALUES ('delete', old.id, old.search_text, old.search_fields); END",
    "CREATE TRIGGER people_fts_au AFTER UPDATE OF search_text, search_fields ON people BEGIN "
    "INSERT INTO people_fts(people_fts, rowid, search_text, search_fields) "
    "VALUES ('delete', old.id, old.search_text, old.search_fields); "
    "INSERT INTO people_fts(rowid, search_text, search_fields) "
    "VALUES (new.id, new.search_text, new.search_fields); END",
    "INSERT INTO people_fts(people_fts) VALUES ('rebuild')",
    "INSERT INTO people_fts(people_fts) VALUES ('optimize')",
)
_OLD_FTS = (
    "CREATE VIRTUAL TABLE people_fts USING fts5(search_text, content='people', content_rowid='id', "
    'tokenize="unicode61 remove_diacritics 2")',
    "CREATE TRIGGER people_fts_ai AFTER INSERT ON people BEGIN "
    "INSERT INTO people_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER people_fts_ad AFTER DELETE ON people BEGIN "
    "INSERT INTO people_fts(people_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER people_fts_au AFTER UPDATE OF search_text ON people BEGIN "
    "INSERT INTO people_fts(people_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO people_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO people_fts(people_fts) VALUES ('rebuild')",
)


def _drop_fts() -> None:
    for name in ("people_fts_au", "people_fts_ad", "people_fts_ai"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS people_fts")


def upgrade() -> None:
    from talentscout.db.search_backfill import backfill_search_fields
    from talentscout.db.search_query import pg_search_document

    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        _drop_fts()  # before the new column, so the backfill does not fire the old triggers
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_fields", sa.Text(), server_default="", nullable=False))
    backfill_search_fields(bind)
    if sqlite:
        for statement in _FTS:
            op.execute(statement)
        return
    op.execute("DROP INDEX IF EXISTS ix_people_search_tsv")
    document = pg_search_document()
    op.execute(f"ALTER TABLE people ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS ({document}) STORED")
    op.execute("CREATE INDEX ix_people_search_doc ON people USING gin (search_tsv)")
    # 10,000 most common words and tokens instead of 1,000: grid cells, date and company tokens are
    # then estimated from their own frequency, and the planner picks index or table order correctly
    op.execute("ALTER TABLE people ALTER COLUMN search_tsv SET STATISTICS 1000")
    op.execute("ANALYZE people")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _drop_fts()
    else:
        op.execute("DROP INDEX IF EXISTS ix_people_search_doc")
        op.execute("ALTER TABLE people DROP COLUMN IF EXISTS search_tsv")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("search_fields")
    if op.get_bind().dialect.name == "sqlite":
        for statement in _OLD_FTS:
            op.execute(statement)
    else:
        op.execute(
            "CREATE INDEX ix_people_search_tsv ON people USING gin (to_tsvector('simple', search_text))"
        )
