"""Primary keys handed out before the rows are inserted, so a batch can be written with ``executemany``.

``INSERT … RETURNING`` through SQLAlchemy costs a compiled statement and a result row per person; an
import knows how many people and source records a batch creates, so it takes that many ids first and
writes plain tuples.

- **SQLite** has one writer at a time. ``lock_for_write`` makes the batch's transaction the writer
  before anything is read (a no-op ``UPDATE``; other writers wait on the busy timeout), so
  ``max(id) + 1 …`` cannot be taken by anyone else until the batch commits — the same ids SQLite itself
  would have assigned.
- **PostgreSQL** takes ``nextval`` from the column's sequence, ``n`` times in one query: concurrent
  transactions get disjoint ids (not necessarily consecutive ones). The row lock taken by
  ``lock_for_write`` also makes two imports into the same source take turns batch by batch, so they
  never both see a row as new.

A repository: it receives a connection and never commits.
"""

from __future__ import annotations

from sqlalchemy import Connection, Table, func, select, text, update

from talentscout.db.tables import sources


def lock_for_write(conn: Connection, source_id: int) -> None:
    """Make this transaction the writer (SQLite) and the only batch of ``source_id`` (PostgreSQL).

    Call it first in the transaction, before any read, so the batch's reads see the latest commit.
    """
    conn.execute(update(sources).where(sources.c.id == source_id).values(name=sources.c.name))


def allocate_ids(conn: Connection, table: Table, n: int) -> list[int]:
    """``n`` unused ids for ``table`` (SQLite: the caller must hold the write lock, see above)."""
    if n <= 0:
        return []
    if conn.dialect.name == "sqlite":
        top = conn.execute(select(func.max(table.c.id))).scalar()
        start = int(top or 0) + 1
        return list(range(start, start + n))
    sql = text(f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) FROM generate_series(1, :n)")
    return sorted(int(i) for i in conn.execute(sql, {"n": n}).scalars())
