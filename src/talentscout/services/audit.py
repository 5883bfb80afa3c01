"""The audit log: who viewed, exported, changed, merged, contacted or erased whom. Append-only."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from talentscout.db.bulk import bind_value, insert_tuples
from talentscout.db.tables_respect import audit_log
from talentscout.domain.permissions import Actor


def record(
    conn: Connection,
    *,
    actor: Actor | None,
    action: str,
    subject_type: str,
    subject_id: int | None,
    now: datetime,
    detail: dict[str, Any] | None = None,
    label: str | None = None,
    workspace_id: int | None = None,
) -> None:
    """Append one entry in the caller's transaction, in the actor's workspace. ``actor=None`` means the
    system (worker, import) or whoever ``label`` names (the person themselves, on their privacy page);
    then ``workspace_id`` says where."""
    if workspace_id is None:
        if actor is None:
            raise ValueError("an audit entry without an actor needs a workspace_id")
        workspace_id = actor.workspace_id
    conn.execute(
        audit_log.insert().values(
            workspace_id=workspace_id,
            actor_id=actor.user_id if actor else None,
            actor_label=label or _label(actor),
            action=action,
            subject_type=subject_type,
            subject_id=subject_id,
            detail=detail,
            created_at=now,
        )
    )


def record_many(
    conn: Connection,
    *,
    actor: Actor | None,
    workspace_id: int,
    action: str,
    subject_type: str,
    entries: Sequence[tuple[int | None, dict[str, Any]]],
    now: datetime,
) -> None:
    """Append one entry per (subject id, detail), all of one action, in one ``executemany``."""
    head = (workspace_id, actor.user_id if actor else None, _label(actor), action, subject_type)
    at = bind_value(conn.dialect, audit_log.c.created_at, now)
    rows = [(*head, subject_id, json.dumps(detail), at) for subject_id, detail in entries]
    insert_tuples(conn, audit_log, _COLUMNS, rows)


_COLUMNS = (
    *("workspace_id", "actor_id", "actor_label", "action", "subject_type", "subject_id", "detail"),
    "created_at",
)


def _label(actor: Actor | None) -> str:
    return (actor.name or f"user {actor.user_id}") if actor else "system"
