"""Schema for ranking: recruiter feedback per role and person, company signals, cached profile vectors.

Registered on the one ``metadata`` in ``talentscout.db.tables``; migration 0007 creates it.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from talentscout.db.tables import Id, _created, _id, _person, _ws, metadata

# Kept, never overwritten: the latest row per (role, person) is the verdict that counts.
role_feedback = Table(
    "role_feedback",
    metadata,
    _id(),
    _ws(),
    Column("role_id", Id, ForeignKey("roles.id", ondelete="CASCADE"), nullable=False),
    _person(),
    Column("verdict", String(20), nullable=False),  # good_fit | not_a_fit
    Column("reason", Text, nullable=False, default=""),
    Column("author_id", Id, ForeignKey("users.id", ondelete="SET NULL")),
    _created(),
    Index("ix_role_feedback_role", "role_id", "person_id"),
    Index("ix_role_feedback_person", "person_id"),
)

# Employer events (layoffs, acquisitions …) from an imported feed, matched to people by employer name.
company_signals = Table(
    "company_signals",
    metadata,
    _id(),
    _ws(),
    Column("company", String(500), nullable=False),
    Column("company_key", String(500), nullable=False),
    Column("kind", String(40), nullable=False),  # layoff | acquisition | reorg | funding | hiring_freeze
    Column("occurred_on", Date, nullable=False),
    Column("detail", Text, nullable=False, default=""),
    Column("source", String(300), nullable=False, default=""),
    _created(),
    UniqueConstraint("workspace_id", "company_key", "kind", "occurred_on"),
)

# One vector per person and model, recomputed when the profile text changes (``text_hash``).
person_vectors = Table(
    "person_vectors",
    metadata,
    _id(),
    _ws(),
    _person(),
    Column("model", String(100), nullable=False),
    Column("text_hash", String(64), nullable=False),
    Column("vector", LargeBinary, nullable=False),  # float32, little-endian
    _created(),
    UniqueConstraint("person_id", "model"),
)
