"""Every column that references a person or a source record leads an index.

Merges move rows by ``person_id``, unmerge and erasure find them by it, and with foreign keys
enforced the database checks every such column when a person or a source record is deleted: a
column without an index there is a scan of its whole table per merge.
"""

from __future__ import annotations

from talentscout.db.tables import metadata


def test_every_reference_to_a_person_or_a_source_record_is_indexed() -> None:
    unindexed = []
    referencing = 0
    for table in metadata.sorted_tables:
        leading = {next(iter(index.columns)).name for index in table.indexes}
        leading |= {
            next(iter(c.columns)).name
            for c in table.constraints
            if c.__class__.__name__ in ("UniqueConstraint", "PrimaryKeyConstraint") and len(c.columns)
        }
        for column in table.columns:
            if any(fk.column.table.name in ("people", "source_records") for fk in column.foreign_keys):
                referencing += 1
                if column.name not in leading:
                    unindexed.append(f"{table.name}.{column.name}")
    assert referencing > 20  # the check sees the tables of every area
    assert unindexed == []
