"""Per-workspace random secrets kept in the database: the suppression-hash salt and the link-signing key.

Kept per workspace (not derived from the app secret) so a workspace's tombstones stay valid when the app
secret rotates, and a leaked link key can be replaced for one workspace without touching the others.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import Connection, select, update
from sqlalchemy.exc import IntegrityError

from talentscout.db.tables_respect import privacy_keys


class Keys(NamedTuple):
    suppression_salt: str
    link_key: str


def keys_for(conn: Connection, workspace_id: int) -> Keys:
    """The workspace's keys, created on first use (concurrent first uses agree on one row)."""
    found = _load(conn, workspace_id)
    if found is not None:
        return found
    try:
        with conn.begin_nested():
            conn.execute(
                privacy_keys.insert().values(
                    workspace_id=workspace_id,
                    suppression_salt=secrets.token_hex(32),
                    link_key=secrets.token_hex(32),
                    created_at=datetime.now(UTC),
                )
            )
    except IntegrityError:
        pass
    loaded = _load(conn, workspace_id)
    assert loaded is not None
    return loaded


def existing_keys(conn: Connection, workspace_id: int) -> Keys | None:
    """The workspace's keys without creating them (safe on a read-only connection)."""
    return _load(conn, workspace_id)


def rotate_link_key(conn: Connection, workspace_id: int) -> None:
    """Invalidate every privacy link of the workspace (the suppression salt never changes)."""
    keys_for(conn, workspace_id)
    conn.execute(
        update(privacy_keys)
        .where(privacy_keys.c.workspace_id == workspace_id)
        .values(link_key=secrets.token_hex(32))
    )


def _load(conn: Connection, workspace_id: int) -> Keys | None:
    row = conn.execute(
        select(privacy_keys.c.suppression_salt, privacy_keys.c.link_key).where(
            privacy_keys.c.workspace_id == workspace_id
        )
    ).first()
    return Keys(row.suppression_salt, row.link_key) if row is not None else None
