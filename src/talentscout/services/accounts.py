"""Workspaces, users, passwords and API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update

from talentscout.db.tables import api_tokens, users, workspaces
from talentscout.domain.permissions import Action, Actor, Role
from talentscout.services.access import require
from talentscout.services.errors import Conflict, InvalidInput, NotFound
from talentscout.services.unit_of_work import Database

_hasher = PasswordHasher()
TOKEN_PREFIX = "ts_"  # noqa: S105 - a prefix, not a secret
MIN_PASSWORD = 10


@dataclass(frozen=True, slots=True)
class User:
    id: int
    workspace_id: int
    email: str
    name: str
    role: Role

    def actor(self) -> Actor:
        return Actor(user_id=self.id, workspace_id=self.workspace_id, role=self.role, name=self.name)


def create_workspace(db: Database, *, name: str, slug: str | None = None) -> int:
    slug = slug or re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "workspace"
    with db.begin() as conn:
        if conn.execute(select(workspaces.c.id).where(workspaces.c.slug == slug)).first():
            raise Conflict(f"a workspace called {slug!r} exists already")
        row = conn.execute(
            workspaces.insert()
            .values(name=name, slug=slug, created_at=db.clock.now())
            .returning(workspaces.c.id)
        )
        return int(row.scalar_one())


def workspace_id_by_slug(db: Database, slug: str) -> int | None:
    with db.read() as conn:
        return conn.execute(select(workspaces.c.id).where(workspaces.c.slug == slug)).scalar()


def create_user(db: Database, *, workspace_id: int, email: str, name: str, role: Role, password: str) -> User:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD} characters")
    email = email.strip().lower()
    with db.begin() as conn:
        if conn.execute(select(users.c.id).where(users.c.email == email)).first():
            raise Conflict(f"a user with email {email} exists already")
        user_id = conn.execute(
            users.insert()
            .values(
                workspace_id=workspace_id,
                email=email,
                name=name,
                role=role.value,
                password_hash=_hasher.hash(password),
                is_active=True,
                created_at=db.clock.now(),
            )
            .returning(users.c.id)
        ).scalar_one()
    return User(int(user_id), workspace_id, email, name, role)


def authenticate(db: Database, *, email: str, password: str) -> User | None:
    """The user whose email and password these are, or None (same answer for unknown and wrong)."""
    with db.read() as conn:
        row = conn.execute(
            select(users).where(users.c.email == email.strip().lower(), users.c.is_active.is_(True))
        ).first()
    if row is None:
        _hasher.hash(password)  # same work either way, so timing does not reveal which emails exist
        return None
    try:
        _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return _user(row)


def get_user(db: Database, user_id: int) -> User | None:
    with db.read() as conn:
        row = conn.execute(select(users).where(users.c.id == user_id, users.c.is_active.is_(True))).first()
    return _user(row) if row else None


def list_users(db: Database, *, actor: Actor) -> list[User]:
    require(actor, Action.MANAGE_USERS)
    with db.read() as conn:
        rows = conn.execute(
            select(users).where(users.c.workspace_id == actor.workspace_id).order_by(users.c.id)
        )
        return [_user(r) for r in rows]


def create_api_token(db: Database, *, user: User, name: str) -> str:
    """A new token for ``user``; the plain value is returned once and only its hash is stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with db.begin() as conn:
        conn.execute(
            api_tokens.insert().values(
                workspace_id=user.workspace_id,
                user_id=user.id,
                name=name,
                token_hash=_token_hash(token),
                prefix=token[:10],
                created_at=db.clock.now(),
            )
        )
    return token


def user_for_token(db: Database, token: str) -> User | None:
    with db.begin() as conn:
        row = conn.execute(
            select(users, api_tokens.c.id.label("token_id"))
            .join(api_tokens, api_tokens.c.user_id == users.c.id)
            .where(api_tokens.c.token_hash == _token_hash(token), users.c.is_active.is_(True))
        ).first()
        if row is None:
            return None
        conn.execute(
            update(api_tokens).where(api_tokens.c.id == row.token_id).values(last_used_at=db.clock.now())
        )
    return _user(row)


def require_user(db: Database, user_id: int) -> User:
    user = get_user(db, user_id)
    if user is None:
        raise NotFound("no such user")
    return user


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _user(row: object) -> User:
    r = row._mapping  # type: ignore[attr-defined]
    return User(int(r["id"]), int(r["workspace_id"]), r["email"], r["name"], Role(r["role"]))
