"""Schema for respect: suppression list and audit log (lawful basis, consent and privacy requests join here).

Registered on the one ``metadata`` in ``talentscout.db.tables``; migration 0005 creates it.
"""

from __future__ import annotations

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Index, String, Table, Text, UniqueConstraint

from talentscout.db.tables import Id, _id, _ws, metadata

# One list for every channel. Identifiers are stored only as keyed hashes of their normalised form,
# so an erased person's address can block a re-import without being kept.
suppressions = Table(
    "suppressions",
    metadata,
    _id(),
    _ws(),
    Column("kind", String(20), nullable=False),  # email | phone | url
    Column("value_hash", String(64), nullable=False),
    Column(
        "reason", String(40), nullable=False
    ),  # unsubscribe | bounce | complaint | erasure | manual | objection
    Column("note", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("workspace_id", "kind", "value_hash"),
)

# Append-only: rows are inserted, never updated or deleted (erasure keeps the row, drops the subject's name).
audit_log = Table(
    "audit_log",
    metadata,
    _id(),
    _ws(),
    Column("actor_id", Id, ForeignKey("users.id", ondelete="SET NULL")),
    Column("actor_label", String(300), nullable=False),
    Column("action", String(40), nullable=False),  # view | export | change | merge | contact | erase | ...
    Column("subject_type", String(40), nullable=False),
    Column("subject_id", Id),
    Column("detail", JSON),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_audit_log_workspace_time", "workspace_id", "created_at"),
    Index("ix_audit_log_subject", "workspace_id", "subject_type", "subject_id"),
)
