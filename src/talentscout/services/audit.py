"""The audit log: who viewed, exported, changed, merged, contacted or erased whom. Append-only."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

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
            actor_label=label or ((actor.name or f"user {actor.user_id}") if actor else "system"),
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
    entries: Sequence[tuple[int | None, dict[str, Any] | None]],
    now: datetime,
) -> None:
    """Append one entry per (subject id, detail), all of one action, in one ``executemany``."""
    if not entries:
        return
    label = (actor.name or f"user {actor.user_id}") if actor else "system"
    conn.execute(
        audit_log.insert(),
        [
            {
                "workspace_id": workspace_id,
                "actor_id": actor.user_id if actor else None,
                "actor_label": label,
                "action": action,
                "subject_type": subject_type,
                "subject_id": subject_id,
                "detail": detail,
                "created_at": now,
            }
            for subject_id, detail in entries
        ],
    )
