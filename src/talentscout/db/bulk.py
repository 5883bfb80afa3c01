"""Fast ``executemany`` for wide batches: SQLAlchemy's types, without per-row statement work.

``conn.execute(table.insert(), rows)`` rebuilds parameters through the compiler for every row; for the
rows of a large import that dominates. Here the statement is compiled once per table and column list
and the driver's ``executemany`` does the rest.

Two entry points:

- ``insert_many`` takes dicts and runs each value through its column type's bind processor, so JSON,
  dates and datetimes are stored exactly as SQLAlchemy would store them;
- ``insert_tuples`` takes tuples of *driver-ready* values and passes them straight through: ``str``,
  ``int``, ``float``, ``bool`` and ``None`` only, dates as ISO text, JSON as serialised text (both
  drivers accept text for these columns and store what SQLAlchemy would store), and anything else —
  datetimes — converted once with ``bind_value``. This is the import's hot path: it skips a Python
  call per value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Column, Connection, Table
from sqlalchemy.engine import Dialect

Processor = Callable[[Any], Any] | None
T = TypeVar("T")

#: SQLite settings for the one connection a bulk import writes through (see
#: ``docs/decisions/004-import-throughput.md``): a 64 MiB page cache instead of 2 MiB, because a
#: large import inserts into indexes at random places (contact values, names); and a WAL checkpoint
#: every ~80 MB of WAL instead of every ~4 MB, so index pages changed by many batches are copied back
#: once, not once per batch. Durability is unchanged (``synchronous`` stays as ``engine.py`` sets it).
SQLITE_BULK_PRAGMAS = {"cache_size": -65_536, "wal_autocheckpoint": 20_000}


@contextmanager
def bulk_writes(conn: Connection) -> Iterator[Connection]:
    """``conn`` tuned for a bulk import while the block runs, then restored (SQLite; no-op elsewhere).

    Use it outside any transaction; the block begins and commits its own.
    """
    if conn.dialect.name != "sqlite":
        yield conn
        return
    saved = {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar() for name in SQLITE_BULK_PRAGMAS}
    _set_pragmas(conn, SQLITE_BULK_PRAGMAS)
    try:
        yield conn
    finally:
        if conn.in_transaction():
            conn.rollback()
        _set_pragmas(conn, saved)


def _set_pragmas(conn: Connection, values: dict[str, Any]) -> None:
    for name, value in values.items():
        conn.exec_driver_sql(f"PRAGMA {name} = {int(value)}")
    conn.commit()


def insert_many(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` in one ``executemany``."""
    if not rows:
        return
    columns = tuple(rows[0])
    sql = _insert_sql(conn.dialect, table, columns)
    processors = _processors(conn.dialect, table, columns)
    params = [
        tuple(p(row[c]) if p is not None else row[c] for c, p in zip(columns, processors, strict=True))
        for row in rows
    ]
    conn.exec_driver_sql(sql, params)


def insert_tuples(
    conn: Connection, table: Table, columns: tuple[str, ...], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Insert ``rows`` (driver-ready tuples in ``columns`` order) into ``table`` in one ``executemany``."""
    if rows:
        conn.exec_driver_sql(_insert_sql(conn.dialect, table, columns), rows)


def update_tuples(
    conn: Connection,
    table: Table,
    columns: tuple[str, ...],
    rows: Sequence[tuple[Any, ...]],
    *,
    where: str = "id",
) -> None:
    """``UPDATE table SET columns… WHERE <where> = …`` per row (driver-ready values, ``where``'s last)."""
    if rows:
        conn.exec_driver_sql(_update_sql(conn.dialect, table, columns, where), rows)


def chunks(values: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """``values`` in slices of ``size`` (ids per ``IN (…)`` query, records per batch)."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def bind_value(dialect: Dialect, column: Column[Any], value: Any) -> Any:
    """``value`` as ``column``'s type sends it to the driver (e.g. a datetime as SQLite text)."""
    processor = column.type._cached_bind_processor(dialect)
    return processor(value) if processor is not None else value


@cache
def _insert_sql(dialect: Dialect, table: Table, columns: tuple[str, ...]) -> str:
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    quote = dialect.identifier_preparer.quote
    return (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(marker for _ in columns)})"
    )


@cache
def _update_sql(dialect: Dialect, table: Table, columns: tuple[str, ...], where: str) -> str:
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    quote = dialect.identifier_preparer.quote
    assignments = ", ".join(f"{quote(c)} = {marker}" for c in columns)
    return f"UPDATE {quote(table.name)} SET {assignments} WHERE {quote(where)} = {marker}"


@cache
def _processors(dialect: Dialect, table: Table, columns: tuple[str, ...]) -> tuple[Processor, ...]:
    return tuple(table.c[c].type._cached_bind_processor(dialect) for c in columns)
