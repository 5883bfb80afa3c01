"""The search benchmark's pool in PostgreSQL: the same rows as the SQLite pool, copied with ``COPY``.

Importing a million profiles through the import service into PostgreSQL takes far longer than the
search benchmark needs; the rows the search reads (workspaces, sources, source records, people) are
copied as they are, then the migrations' search objects are built as ``0006`` builds them (the stored
``search_tsv`` column is generated during the copy; the GIN index is created after it).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import psycopg

from talentscout.db.engine import migrate

#: table → columns copied (source records without their payload: search never reads it)
TABLES = {
    "workspaces": ("id", "name", "slug", "created_at"),
    "sources": ("id", "workspace_id", "name", "format", "channel", "mapping", "id_column", "created_at"),
}
SOURCE_RECORDS = (
    "id", "workspace_id", "source_id", "external_id", "person_id", "channel", "payload_hash",
    "created_at", "updated_at",
)  # fmt: skip
BATCH = 20_000


def _people_columns(conn: sqlite3.Connection) -> list[str]:
    return [row[1] for row in conn.execute("PRAGMA table_info(people)")]


def _copy(lite: sqlite3.Connection, pg: psycopg.Connection, table: str, columns: tuple[str, ...]) -> int:
    names = ", ".join(columns)
    extra = ", payload" if table == "source_records" else ""
    n = 0
    with pg.cursor() as cur, cur.copy(f"COPY {table} ({names}{extra}) FROM STDIN") as copy:
        for row in lite.execute(f"SELECT {names} FROM {table}"):
            copy.write_row((*row, "{}") if extra else row)
            n += 1
    return n


def copy(sqlite_path: Path, url: str) -> None:
    """Replace the database at ``url`` by the schema (migrations) and the SQLite pool's rows."""
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as pg:
        count = pg.execute("SELECT to_regclass('people') IS NOT NULL").fetchone()
        if count and count[0]:
            have = pg.execute("SELECT count(*) FROM people").fetchone()
            with sqlite3.connect(sqlite_path) as lite:
                want = lite.execute("SELECT count(*) FROM people").fetchone()
            if have == want:
                print(f"PostgreSQL: pool already copied ({have[0]:,} people)")
                return
        pg.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    migrate(url)
    start = time.perf_counter()
    lite = sqlite3.connect(sqlite_path)
    with psycopg.connect(plain) as pg:
        pg.execute("DROP INDEX IF EXISTS ix_people_search_doc")
        for table, columns in TABLES.items():
            _copy(lite, pg, table, columns)
        target = {
            r[0]
            for r in pg.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'people' AND is_generated = 'NEVER'"
            )
        }
        people = tuple(c for c in _people_columns(lite) if c in target)
        n = _copy(lite, pg, "people", people)
        _copy(lite, pg, "source_records", SOURCE_RECORDS)
        print(f"PostgreSQL: copied {n:,} people in {time.perf_counter() - start:.0f} s")
        for table in ("workspaces", "sources", "source_records", "people"):
            pg.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        pg.commit()
        index_start = time.perf_counter()
        pg.execute("SET maintenance_work_mem = '512MB'")
        pg.execute("CREATE INDEX ix_people_search_doc ON people USING gin (search_tsv)")
        pg.commit()
        print(f"PostgreSQL: GIN index in {time.perf_counter() - index_start:.0f} s")
    with psycopg.connect(plain, autocommit=True) as pg:
        pg.execute("VACUUM ANALYZE people")
        pg.execute("VACUUM ANALYZE source_records")
    lite.close()
