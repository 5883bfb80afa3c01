"""Roles (requisitions): create, read, update, delete; each with its pipeline stages.

MANAGE_ROLES changes roles; VIEW_ROLES reads them. A hiring manager sees only the roles they manage.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, func, select, update

from talentscout.db.tables import roles, users
from talentscout.db.tables_find import pipeline_entries, pipeline_stages
from talentscout.domain.permissions import Action, Actor, Role
from talentscout.domain.roles import DEFAULT_STAGES, RoleError, RoleSpec, Stage
from talentscout.services import audit
from talentscout.services.access import require
from talentscout.services.errors import InvalidInput, NotFound
from talentscout.services.unit_of_work import Database

__all__ = ["RoleView", "create_role", "delete_role", "get_role", "list_roles", "require_role", "update_role"]


@dataclass(frozen=True)
class RoleView:
    """A role as pages and the API show it: its fields, the people around it, its stages and counts."""

    role: dict[str, Any]
    hiring_manager: str | None
    recruiter: str | None
    stages: list[Stage]
    counts: dict[str, int]

    @property
    def id(self) -> int:
        return int(self.role["id"])

    @property
    def in_pipeline(self) -> int:
        return sum(self.counts.values())


def create_role(db: Database, *, actor: Actor, spec: RoleSpec) -> int:
    require(actor, Action.MANAGE_ROLES)
    values = _checked(spec)
    with db.begin() as conn:
        _check_users(conn, actor, values)
        now = db.clock.now()
        role_id = int(
            conn.execute(
                roles.insert()
                .values(workspace_id=actor.workspace_id, created_at=now, updated_at=now, **values)
                .returning(roles.c.id)
            ).scalar_one()
        )
        conn.execute(
            pipeline_stages.insert(),
            [
                {
                    "workspace_id": actor.workspace_id,
                    "role_id": role_id,
                    "key": s.key,
                    "label": s.label,
                    "position": i,
                    "closed": s.closed,
                }
                for i, s in enumerate(DEFAULT_STAGES)
            ],
        )
        _audit(conn, actor, "role.create", role_id, now, {"title": values["title"]})
    return role_id


def update_role(db: Database, *, actor: Actor, role_id: int, spec: RoleSpec) -> None:
    require(actor, Action.MANAGE_ROLES)
    values = _checked(spec)
    with db.begin() as conn:
        require_role(conn, actor, role_id)
        _check_users(conn, actor, values)
        now = db.clock.now()
        conn.execute(update(roles).where(roles.c.id == role_id).values(updated_at=now, **values))
        _audit(conn, actor, "role.update", role_id, now, {"title": values["title"]})


def delete_role(db: Database, *, actor: Actor, role_id: int) -> None:
    require(actor, Action.MANAGE_ROLES)
    with db.begin() as conn:
        row = require_role(conn, actor, role_id)
        conn.execute(delete(pipeline_entries).where(pipeline_entries.c.role_id == role_id))
        conn.execute(delete(pipeline_stages).where(pipeline_stages.c.role_id == role_id))
        conn.execute(delete(roles).where(roles.c.id == role_id))
        _audit(conn, actor, "role.delete", role_id, db.clock.now(), {"title": row.title})


def get_role(db: Database, *, actor: Actor, role_id: int) -> RoleView:
    require(actor, Action.VIEW_ROLES)
    with db.read() as conn:
        return _view(conn, require_role(conn, actor, role_id))


def list_roles(db: Database, *, actor: Actor, status: str | None = None) -> list[RoleView]:
    require(actor, Action.VIEW_ROLES)
    query = select(roles).where(*visible_roles(actor)).order_by(roles.c.created_at.desc(), roles.c.id.desc())
    if status:
        query = query.where(roles.c.status == status)
    with db.read() as conn:
        return [_view(conn, row) for row in conn.execute(query)]


def require_role(conn: Connection, actor: Actor, role_id: int) -> Any:
    """The role row, or NotFound — also for another workspace's role, or another manager's."""
    row = conn.execute(select(roles).where(roles.c.id == role_id, *visible_roles(actor))).first()
    if row is None:
        raise NotFound("no such role")
    return row


def role_stages(conn: Connection, role_id: int) -> list[Stage]:
    """The role's stages in board order; the defaults for a role written without any (e.g. by a loader)."""
    rows = conn.execute(
        select(pipeline_stages.c.key, pipeline_stages.c.label, pipeline_stages.c.closed)
        .where(pipeline_stages.c.role_id == role_id)
        .order_by(pipeline_stages.c.position)
    )
    return [Stage(r.key, r.label, bool(r.closed)) for r in rows] or list(DEFAULT_STAGES)


def visible_roles(actor: Actor) -> list[Any]:
    """Conditions on ``roles``: the actor's workspace, and for a hiring manager the roles they manage."""
    conditions = [roles.c.workspace_id == actor.workspace_id]
    if actor.role is Role.HIRING_MANAGER:
        conditions.append(roles.c.hiring_manager_id == actor.user_id)
    return conditions


def _view(conn: Connection, row: Any) -> RoleView:
    names = _user_names(conn, [row.hiring_manager_id, row.recruiter_id])
    counts = conn.execute(
        select(pipeline_entries.c.stage, func.count())
        .where(pipeline_entries.c.role_id == row.id)
        .group_by(pipeline_entries.c.stage)
    )
    return RoleView(
        dict(row._mapping),
        names.get(row.hiring_manager_id),
        names.get(row.recruiter_id),
        role_stages(conn, row.id),
        {stage: int(n) for stage, n in counts},
    )


def _user_names(conn: Connection, ids: list[int | None]) -> dict[int, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return {
        r.id: r.name for r in conn.execute(select(users.c.id, users.c.name).where(users.c.id.in_(wanted)))
    }


def _checked(spec: RoleSpec) -> dict[str, Any]:
    try:
        return spec.canonical()
    except RoleError as error:
        raise InvalidInput(str(error)) from None


def _check_users(conn: Connection, actor: Actor, values: dict[str, Any]) -> None:
    for key, what in (("hiring_manager_id", "hiring manager"), ("recruiter_id", "recruiter")):
        user_id = values.get(key)
        if user_id is None:
            continue
        found = conn.execute(
            select(users.c.id).where(users.c.id == user_id, users.c.workspace_id == actor.workspace_id)
        ).first()
        if found is None:
            raise InvalidInput(f"{what}: no such user in this workspace")


def _audit(
    conn: Connection, actor: Actor, action: str, role_id: int, now: Any, detail: dict[str, Any]
) -> None:
    audit.record(
        conn,
        actor=actor,
        action=action,
        subject_type="role",
        subject_id=role_id,
        now=now,
        detail=detail,
    )


def team_members(db: Database, *, actor: Actor) -> list[tuple[int, str, str]]:
    """(id, name, role) of the workspace's active users, for choosing a hiring manager and recruiter."""
    require(actor, Action.VIEW_ROLES)
    with db.read() as conn:
        rows = conn.execute(
            select(users.c.id, users.c.name, users.c.role)
            .where(users.c.workspace_id == actor.workspace_id, users.c.is_active.is_(True))
            .order_by(users.c.name)
        )
        return [(int(r.id), r.name, r.role) for r in rows]
