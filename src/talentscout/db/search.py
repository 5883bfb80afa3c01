"""Full-text index objects that live outside the SQLAlchemy metadata.

SQLite: an FTS5 external-content table ``people_fts`` over ``people.search_text`` and
``people.search_fields``, kept in step by triggers, so a person who is changed, merged or deleted can
never be found in a stale state. PostgreSQL: a stored generated ``tsvector`` column ``people.search_tsv``
with a GIN index. The migrations create them (``0006_search``); Alembic's drift check skips them
through ``include_object``.
"""

from __future__ import annotations

from typing import Any

FTS_TABLE = "people_fts"
PG_INDEX = "ix_people_search_doc"
PG_COLUMN = "search_tsv"


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic hook: leave the hand-made search objects out of autogenerate comparisons."""
    if type_ == "table" and name and name.startswith(FTS_TABLE):
        return False
    if type_ == "column" and name == PG_COLUMN:
        return False
    return not (type_ == "index" and name == PG_INDEX)
