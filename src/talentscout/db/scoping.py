"""Query terms that keep a workspace's rows apart without misleading the query planner."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import ColumnElement, Table, and_


def ids_in_workspace(table: Table, ids: Collection[int], workspace_id: int) -> ColumnElement[bool]:
    """``table.id IN ids AND table.workspace_id = workspace_id``, looked up by primary key.

    Written plainly, SQLite without statistics (a new database, or one that grew since) may walk an
    index that leads with ``workspace_id`` — every row of the workspace — probing each against the
    list: 136 ms against 2.8 ms for 1,000 ids among 1,000,000 people. ``workspace_id + 0`` leaves the
    workspace check out of the choice of index (SQLite's documented way to disqualify a term); the
    rows found by id are still checked against it. PostgreSQL plans the same either way.
    """
    return and_(table.c.id.in_(ids), (table.c.workspace_id + 0) == workspace_id)
