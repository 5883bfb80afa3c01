"""Full-text index objects that live outside the SQLAlchemy metadata.

SQLite: an FTS5 external-content table ``people_fts`` over ``people.search_text``, kept in step by
triggers, so a person who is changed, merged or deleted can never be found in a stale state.
PostgreSQL: a GIN index on ``to_tsvector('simple', search_text)``. The migrations create them
(``0001_initial_schema``); Alembic's drift check skips them through ``include_object``.
"""

from __future__ import annotations

from typing import Any

FTS_TABLE = "people_fts"
PG_INDEX = "ix_people_search_tsv"


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic hook: leave the hand-made search objects out of autogenerate comparisons."""
    if type_ == "table" and name and name.startswith(FTS_TABLE):
        return False
    return not (type_ == "index" and name == PG_INDEX)
