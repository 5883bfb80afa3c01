"""What belongs to a person, discovered from the schema so tables added later are covered too.

A table belongs to a person through a column named ``person_id``, any column with a foreign key to
``people.id`` or ``source_records.id``, or a column marked ``info={"person_ref": True}`` (a plain id
kept on purpose, e.g. the absorbed person of a merge, which no longer exists as a row).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Connection, Table, select

from talentscout.db.tables import metadata, people, source_records

#: never deleted by erasure: the append-only log (redacted instead) and the tombstones
KEEP = frozenset({"audit_log", "suppressions", "erasure_stats", "people", "source_records"})
#: plain person-id columns of tables whose module does not mark them (``info={"person_ref": True}``)
PERSON_REFS = {"merges": ("survivor_id", "absorbed_id")}
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
        person_cols = tuple(c for c in table.c if _person_ref(table, c))
        record_cols = tuple(c for c in table.c if _points_at(c, source_records))
        if person_cols or record_cols:
            out.append(Owned(table, person_cols, record_cols))
    return out


def merged_into(conn: Connection, person_id: int) -> set[int]:
    """The person and everyone merged into them, transitively (their merge snapshots hold their data)."""
    merges = metadata.tables.get("merges")
    found = {person_id}
    if merges is None:
        return found
    frontier = {person_id}
    while frontier:
        query = select(merges.c.absorbed_id).where(merges.c.survivor_id.in_(sorted(frontier)))
        if "undone_at" in merges.c:  # an undone merge gave the absorbed person their own life back
            query = query.where(merges.c.undone_at.is_(None))
        rows = conn.execute(query)
        frontier = {int(a) for a in rows.scalars()} - found
        found |= frontier
    return found


def _person_ref(table: Table, column: Column[object]) -> bool:
    return (
        column.name == "person_id"
        or _points_at(column, people)
        or bool(column.info.get("person_ref"))
        or column.name in PERSON_REFS.get(table.name, ())
    )


def _points_at(column: Column[object], target: Table) -> bool:
    return any(fk.column.table is target and fk.column.name == "id" for fk in column.foreign_keys)
