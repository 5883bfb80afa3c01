"""Schema for respect: suppression list and audit log (lawful basis, consent and privacy requests join here).

Registered on the one ``metadata`` in ``talentscout.db.tables``; migration 0005 creates it.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
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

# Per-workspace random secrets: the salt of the suppression hashes and the key that signs privacy links.
privacy_keys = Table(
    "privacy_keys",
    metadata,
    _id(),
    Column("workspace_id", Id, ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False, unique=True),
    Column("suppression_salt", String(64), nullable=False),
    Column("link_key", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Recorded consent: the words shown, when, through which channel, and the proof (form id, message id …).
consents = Table(
    "consents",
    metadata,
    _id(),
    _ws(),
    _person(),
    Column("scope", String(30), nullable=False),  # sms_marketing | email_outreach | talent_pool
    Column("channel", String(20), nullable=False),  # web | email | sms | phone | in_person | form
    Column("text_shown", Text, nullable=False),
    Column("proof", Text, nullable=False),
    Column("given_at", DateTime(timezone=True), nullable=False),
    Column("withdrawn_at", DateTime(timezone=True)),
    Column("recorded_by", Id, ForeignKey("users.id", ondelete="SET NULL")),
    Index("ix_consents_person", "person_id", "scope"),
)

# Lawful basis per person and purpose; the newest row for a (person, purpose) is the one in force.
lawful_bases = Table(
    "lawful_bases",
    metadata,
    _id(),
    _ws(),
    _person(),
    Column("purpose", String(30), nullable=False),  # sourcing | outreach | retention
    Column("basis", String(30), nullable=False),  # legitimate_interest | consent | contract
    Column("note", Text, nullable=False, default=""),  # the balancing note for legitimate interest
    Column("consent_id", Id, ForeignKey("consents.id", ondelete="SET NULL")),
    Column("recorded_by", Id, ForeignKey("users.id", ondelete="SET NULL")),
    _created(),
    Index("ix_lawful_bases_person", "person_id", "purpose"),
)

# One row per person: jurisdiction override, Art. 14 notice, retention warnings and renewals.
person_privacy = Table(
    "person_privacy",
    metadata,
    _id(),
    _ws(),
    Column("person_id", Id, ForeignKey("people.id", ondelete="CASCADE"), nullable=False, unique=True),
    Column("jurisdiction", String(10)),  # manual override; None = inferred from the location
    Column("notice_given_at", DateTime(timezone=True)),
    Column("notice_channel", String(20)),
    Column("retention_warned_at", DateTime(timezone=True)),
    Column("renewal_requested_at", DateTime(timezone=True)),
    Column("retained_until", DateTime(timezone=True)),  # the person agreed to be kept until then
)

# Anonymised counters kept by erasure and retention so analytics still add up: no ids, no names.
erasure_stats = Table(
    "erasure_stats",
    metadata,
    _id(),
    _ws(),
    Column("period", String(7), nullable=False),  # YYYY-MM
    Column("reason", String(30), nullable=False),  # erasure | retention
    Column("table_name", String(100), nullable=False),
    Column("rows", Integer, nullable=False, default=0),
    UniqueConstraint("workspace_id", "period", "reason", "table_name"),
)
