"""What belongs to a person, discovered from the schema so tables added later are covered too.

A table belongs to a person through a column named ``person_id``, or any column with a foreign key to
``people.id`` or ``source_records.id``. Nothing here is a hand-kept list of tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Table

from talentscout.db.tables import metadata, people, source_records

#: never deleted by erasure: the append-only log (redacted instead) and the tombstones
KEEP = frozenset({"audit_log", "suppressions", "erasure_stats", "people", "source_records"})
#: columns that name a stored file under the data folder
FILE_COLUMNS = ("path", "file_path", "storage_path", "stored_path")


@dataclass(frozen=True)
class Owned:
    table: Table
    person_columns: tuple[Column[object], ...]
    record_columns: tuple[Column[object], ...]

    @property
    def file_columns(self) -> tuple[Column[object], ...]:
        return tuple(c for c in self.table.c if c.name in FILE_COLUMNS)


def owned_tables() -> list[Owned]:
    """Every table with rows that belong to a person, dependants first (safe delete order)."""
    out: list[Owned] = []
    for table in reversed(metadata.sorted_tables):
        if table.name in KEEP:
            continue
        person_cols = tuple(c for c in table.c if c.name == "person_id" or _points_at(c, people))
        record_cols = tuple(c for c in table.c if _points_at(c, source_records))
        if person_cols or record_cols:
            out.append(Owned(table, person_cols, record_cols))
    return out


def _points_at(column: Column[object], target: Table) -> bool:
    return any(fk.column.table is target and fk.column.name == "id" for fk in column.foreign_keys)
