"""Schema for find: pipeline stages and entries per role, talent lists, saved searches.

The ``roles`` table itself (with the columns a role asks for) is in ``talentscout.db.tables``.
Registered on the one ``metadata`` in ``talentscout.db.tables``; migration 0003 creates it.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from talentscout.db.tables import Id, _created, _id, _person, _ws, metadata


def _role() -> Column[int]:
    return Column("role_id", Id, ForeignKey("roles.id", ondelete="CASCADE"), nullable=False)


def _user(name: str) -> Column[int | None]:
    return Column(name, Id, ForeignKey("users.id", ondelete="SET NULL"))


pipeline_stages = Table(
    "pipeline_stages",
    metadata,
    _id(),
    _ws(),
    _role(),
    Column("key", String(40), nullable=False),
    Column("label", String(100), nullable=False),
    Column("position", Integer, nullable=False),
    Column("closed", Boolean, nullable=False, default=False),
    UniqueConstraint("role_id", "key"),
)
"""A role's stages in board order; ``closed`` stages are the reasons a person left the process."""

pipeline_entries = Table(
    "pipeline_entries",
    metadata,
    _id(),
    _ws(),
    _role(),
    _person(),
    Column("stage", String(40), nullable=False),
    _user("added_by"),
    _created(),
    Column("moved_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("role_id", "person_id"),
    Index("ix_pipeline_entries_person", "person_id"),
)
"""One person in one role's pipeline, and the stage they are at. Moves are on the person's timeline."""

talent_lists = Table(
    "talent_lists",
    metadata,
    _id(),
    _ws(),
    Column("name", String(200), nullable=False),
    Column("description", Text, nullable=False, default=""),
    _user("owner_id"),
    _created(),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("workspace_id", "name"),
)
"""A talent pool / saved list ("Backend Berlin 2027"), independent of roles."""

talent_list_members = Table(
    "talent_list_members",
    metadata,
    _id(),
    _ws(),
    Column("list_id", Id, ForeignKey("talent_lists.id", ondelete="CASCADE"), nullable=False),
    _person(),
    _user("added_by"),
    _created(),
    UniqueConstraint("list_id", "person_id"),
    Index("ix_talent_list_members_person", "person_id"),
)

saved_searches = Table(
    "saved_searches",
    metadata,
    _id(),
    _ws(),
    Column("user_id", Id, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("query", Text, nullable=False),
    Column("expand_synonyms", Boolean, nullable=False, default=True),
    _created(),
    Column("last_run_at", DateTime(timezone=True)),
    UniqueConstraint("user_id", "name"),
)
"""A user's own named query in the recruiter query language, re-runnable from the search page."""
