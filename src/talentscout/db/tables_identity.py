"""Schema for identity resolution: what the matcher knows per record, the review queue, merges.

Registered on the one ``metadata`` in ``talentscout.db.tables``; migration 0002 creates it.

* ``match_records``: the matcher's view of each source record (``MatchRecord`` as JSON), so a
  candidate can be scored without re-deriving its profile;
* ``match_keys``: its blocking keys, keyed by (workspace, key, record): an incoming record finds its
  candidates with one indexed lookup instead of a scan of the pool (incremental matching);
* ``match_reviews``: pairs of records the matcher was unsure about (the review queue) and every
  human or automatic decision on a pair (``rejected`` and ``separated`` pairs are never proposed or
  merged again);
* ``merges``: every merge with its evidence and a snapshot that makes it reversible;
* ``flagged_identifiers``: identifiers a source holds for too many different people (shared inbox);
* ``submission_flags``: agency submissions of someone who was already in the pool;
* ``match_settings``: the workspace's trained matcher weights (``talentscout train dedupe``, migration
  0009); without a row the matcher uses the hand-set defaults.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    UniqueConstraint,
)

from talentscout.db.tables import Id, _created, _id, _ws, metadata


def _record(name: str, *, nullable: bool = False, ondelete: str = "CASCADE") -> Column[int]:
    return Column(name, Id, ForeignKey("source_records.id", ondelete=ondelete), nullable=nullable)


match_records = Table(
    "match_records",
    metadata,
    Column("source_record_id", Id, ForeignKey("source_records.id", ondelete="CASCADE"), primary_key=True),
    _ws(),
    Column("data", JSON, nullable=False),
)

#: keyed for the lookup (workspace, key → records): on SQLite a ``WITHOUT ROWID`` table, so the
#: keys are one B-tree and a lookup reads the records from it without touching a table (migration 0011);
#: the index by record serves re-indexing (``forget``), ``keys_of`` and deletes of source records
match_keys = Table(
    "match_keys",
    metadata,
    _ws(),
    Column("key", String(300), nullable=False),
    Column("source_record_id", Id, ForeignKey("source_records.id", ondelete="CASCADE"), nullable=False),
    PrimaryKeyConstraint("workspace_id", "key", "source_record_id"),
    Index("ix_match_keys_source_record_id", "source_record_id"),
    sqlite_with_rowid=False,
)

match_reviews = Table(
    "match_reviews",
    metadata,
    _id(),
    _ws(),
    _record("left_record_id"),
    _record("right_record_id"),
    Column("left_person_id", Id, ForeignKey("people.id", ondelete="SET NULL")),
    Column("right_person_id", Id, ForeignKey("people.id", ondelete="SET NULL")),
    Column("score", Float, nullable=False),
    Column("evidence", JSON, nullable=False),
    #: open (in the queue), accepted (merged), rejected (two people), separated (unmerged), closed
    Column("status", String(20), nullable=False),
    Column("decided_by", Id, ForeignKey("users.id", ondelete="SET NULL")),
    Column("decided_at", DateTime(timezone=True)),
    _created(),
    UniqueConstraint("left_record_id", "right_record_id"),
    Index("ix_match_reviews_queue", "workspace_id", "status", "score"),
    Index("ix_match_reviews_right", "right_record_id"),
)

merges = Table(
    "merges",
    metadata,
    _id(),
    _ws(),
    #: plain ids: the absorbed person is deleted by the merge and restored by the unmerge
    Column("survivor_id", Id, nullable=False),
    Column("absorbed_id", Id, nullable=False),
    Column("left_record_id", Id),
    Column("right_record_id", Id),
    Column("score", Float),
    Column("evidence", JSON, nullable=False),
    Column("snapshot", JSON, nullable=False),
    #: auto (import or dedupe), review (a reviewer accepted), manual
    Column("kind", String(20), nullable=False),
    Column("actor_id", Id, ForeignKey("users.id", ondelete="SET NULL")),
    _created(),
    Column("undone_at", DateTime(timezone=True)),
    Column("undone_by", Id, ForeignKey("users.id", ondelete="SET NULL")),
    Column("undo_report", JSON),
    Index("ix_merges_survivor", "workspace_id", "survivor_id"),
    Index("ix_merges_absorbed", "workspace_id", "absorbed_id"),
)

flagged_identifiers = Table(
    "flagged_identifiers",
    metadata,
    _id(),
    _ws(),
    Column("source_id", Id, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    Column("identifier", String(1100), nullable=False),
    Column("records", Integer, nullable=False),
    _created(),
    UniqueConstraint("workspace_id", "source_id", "identifier"),
)

submission_flags = Table(
    "submission_flags",
    metadata,
    _id(),
    _ws(),
    Column(
        "source_record_id",
        Id,
        ForeignKey("source_records.id", ondelete="CASCADE"),
        nullable=False,
        unique=True,
    ),
    _record("first_record_id", nullable=True, ondelete="SET NULL"),
    Column("first_source", String(200), nullable=False),
    Column("first_channel", String(30), nullable=False),
    Column("first_by", String(200)),
    Column("first_at", DateTime(timezone=True), nullable=False),
    #: in_pool (someone had them already) or other_agency (another agency submitted them first)
    Column("reason", String(20), nullable=False),
    _created(),
)

match_settings = Table(
    "match_settings",
    metadata,
    Column(
        "workspace_id",
        Id,
        ForeignKey("workspaces.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    #: every ``MatchSettings`` field (``domain.identity.settings.settings_to_json``)
    Column("settings", JSON, nullable=False),
    Column("trained_at", DateTime(timezone=True), nullable=False),
    Column("trained_by", Id, ForeignKey("users.id", ondelete="SET NULL")),
    #: what the training saw and measured: examples, positives, per-level weights, cross-validation
    Column("report", JSON, nullable=False),
)


# Every column that references a person or a source record leads an index: merges, unmerges and
# erasure look rows up by it, and the database checks it on every delete of the row it references.
Index("ix_match_reviews_left_person_id", match_reviews.c.left_person_id)
Index("ix_match_reviews_right_person_id", match_reviews.c.right_person_id)
Index("ix_submission_flags_first_record_id", submission_flags.c.first_record_id)
