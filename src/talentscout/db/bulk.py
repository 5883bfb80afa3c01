"""Fast ``executemany`` for wide batches: SQLAlchemy's type processing, without per-row statement work.

``conn.execute(table.insert(), rows)`` rebuilds parameters through the compiler for every row; for the
child rows of a large import that dominates. Here the statement is compiled once per table and column
set, each value goes through the column type's bind processor (so JSON, dates and datetimes are stored
exactly as SQLAlchemy would store them), and the driver's ``executemany`` does the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.engine import Dialect

Processor = Callable[[Any], Any] | None


def insert_many(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` in one ``executemany``."""
    if not rows:
        return
    columns = tuple(rows[0])
    sql, processors = _plan(conn.dialect, table, columns)
    params = [
        tuple(p(row[c]) if p is not None else row[c] for c, p in zip(columns, processors, strict=True))
        for row in rows
    ]
    conn.exec_driver_sql(sql, params)


@cache
def _plan(dialect: Dialect, table: Table, columns: tuple[str, ...]) -> tuple[str, tuple[Processor, ...]]:
    marker = "?" if dialect.paramstyle == "qmark" else "%s"
    quote = dialect.identifier_preparer.quote
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(marker for _ in columns)})"
    )
    processors = tuple(table.c[c].type._cached_bind_processor(dialect) for c in columns)
    return sql, processors
