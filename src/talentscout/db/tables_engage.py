"""Schema for engage: senders, sequences and their steps, enrolments, the outbox, messages.

Registered on the one ``metadata`` in ``talentscout.db.tables``; migration 0004 creates it.

The outbox is the work queue of the send path: one row per (enrolment, step), written in the same
transaction that schedules it and claimed by workers (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, a
conditional update on SQLite). See ``docs/decisions/013-sending-exactly-once.md``.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
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


def _user(name: str) -> Column[int | None]:
    return Column(name, Id, ForeignKey("users.id", ondelete="SET NULL"))


senders = Table(
    "senders",
    metadata,
    _id(),
    _ws(),
    _user("user_id"),  # whose inbox receives the replies
    Column("name", String(200), nullable=False),
    Column("email", String(320), nullable=False),
    Column("phone", String(40)),  # the SMS "From" number (E.164)
    Column("signature", Text, nullable=False, default=""),
    Column("daily_cap", Integer, nullable=False, default=200),
    Column("min_spacing_seconds", Integer, nullable=False, default=0),
    _created(),
    UniqueConstraint("workspace_id", "email"),
)
"""A mailbox (and SMS number) messages go out from, with its daily cap and spacing between sends."""

sender_usage = Table(
    "sender_usage",
    metadata,
    _id(),
    Column("sender_id", Id, ForeignKey("senders.id", ondelete="CASCADE"), nullable=False),
    Column("day", Date, nullable=False),
    Column("sent", Integer, nullable=False, default=0),
    Column("last_sent_at", DateTime(timezone=True)),
    UniqueConstraint("sender_id", "day"),
)
"""How many messages a sender sent on a (UTC) day and when the last one left: caps and spacing."""

sequences = Table(
    "sequences",
    metadata,
    _id(),
    _ws(),
    Column("name", String(200), nullable=False),
    Column("role_id", Id, ForeignKey("roles.id", ondelete="SET NULL")),
    Column("sender_id", Id, ForeignKey("senders.id", ondelete="SET NULL")),
    _user("on_behalf_of_id"),  # a hiring manager: their name and signature, replies to the sender
    Column("on_behalf_signature", Text),
    Column("window_start_hour", Integer, nullable=False, default=9),
    Column("window_end_hour", Integer, nullable=False, default=17),
    Column("status", String(20), nullable=False, default="active"),  # active | archived
    _user("created_by"),
    _created(),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

sequence_steps = Table(
    "sequence_steps",
    metadata,
    _id(),
    _ws(),
    Column("sequence_id", Id, ForeignKey("sequences.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    # email | sms | linkedin_message | linkedin_connect | call
    Column("channel", String(30), nullable=False),
    Column("delay_days", Integer, nullable=False, default=0),  # business days after the previous step
    Column("follow_preference", Boolean, nullable=False, default=True),
    Column("subject_template", Text, nullable=False, default=""),
    Column("body_template", Text, nullable=False, default=""),
    _created(),
    Index("ix_sequence_steps_sequence", "sequence_id", "position"),
)

enrollments = Table(
    "enrollments",
    metadata,
    _id(),
    _ws(),
    Column("sequence_id", Id, ForeignKey("sequences.id", ondelete="CASCADE"), nullable=False),
    _person(),
    # active | completed | no_response | replied | bounced | unsubscribed | stopped
    Column("status", String(20), nullable=False),
    Column("stop_reason", Text),
    Column("override_address", String(1000)),  # a work address the recruiter chose explicitly
    Column("override_reason", Text),
    _user("enrolled_by"),
    _created(),
    Column("finished_at", DateTime(timezone=True)),
    Index("ix_enrollments_person", "workspace_id", "person_id", "status"),
    Index("ix_enrollments_sequence", "sequence_id", "status"),
)

outbox = Table(
    "outbox",
    metadata,
    _id(),
    _ws(),
    Column("enrollment_id", Id, ForeignKey("enrollments.id", ondelete="CASCADE"), nullable=False),
    Column("step_id", Id, ForeignKey("sequence_steps.id", ondelete="CASCADE"), nullable=False),
    _person(),
    Column("channel", String(30), nullable=False),
    # pending | claimed | sending | sent | task_open | done | skipped | cancelled | failed | unconfirmed
    Column("status", String(20), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("idempotency_key", String(100), nullable=False, unique=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("locked_by", String(100)),
    Column("locked_at", DateTime(timezone=True)),
    Column("message_row_id", Id),
    Column("reason", Text),
    _created(),
    Column("finished_at", DateTime(timezone=True)),
    Index("ix_outbox_due", "status", "due_at"),
    Index("ix_outbox_person", "workspace_id", "person_id", "status"),
    Index("ix_outbox_enrollment", "enrollment_id"),
)

messages = Table(
    "messages",
    metadata,
    _id(),
    _ws(),
    _person(),
    Column("enrollment_id", Id, ForeignKey("enrollments.id", ondelete="SET NULL")),
    Column("step_id", Id, ForeignKey("sequence_steps.id", ondelete="SET NULL")),
    Column("sender_id", Id, ForeignKey("senders.id", ondelete="SET NULL")),
    Column("direction", String(3), nullable=False),  # out | in
    Column("channel", String(20), nullable=False),  # email | sms | linkedin | call
    # out: task | sending | sent | unconfirmed | failed | bounced; in: reply | auto_reply | bounce |
    # unsubscribe | complaint
    Column("status", String(20), nullable=False),
    Column("subject", Text),
    Column("body_text", Text),
    Column("body_html", Text),
    Column("from_address", String(1000)),
    Column("to_address", String(1000)),
    Column("message_id", String(500)),  # RFC 5322 Message-ID, with the angle brackets
    Column("in_reply_to", String(500)),
    Column("references_header", Text),
    Column("thread_token", String(64)),
    Column("provider_id", String(200)),
    Column("idempotency_key", String(100), unique=True),
    Column("classification", String(30)),
    _user("classification_corrected_by"),
    Column("error", Text),
    _created(),
    Column("sent_at", DateTime(timezone=True)),
    Index("ix_messages_person", "workspace_id", "person_id", "created_at"),
    Index("ix_messages_message_id", "workspace_id", "message_id"),
    Index("ix_messages_thread_token", "thread_token"),
)
"""Every message sent and received, on every channel: a person's timeline in one thread."""

channel_preferences = Table(
    "channel_preferences",
    metadata,
    _id(),
    _ws(),
    _person(),
    Column("channel", String(20), nullable=False),  # email | sms
    Column("source", String(20), nullable=False),  # recorded | learned
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("workspace_id", "person_id"),
)
"""A person's preferred channel: recorded by a recruiter, or learned from where they replied."""


# Every column that references a person or a source record leads an index: merges, unmerges and
# erasure look rows up by it, and the database checks it on every delete of the row it references.
Index("ix_channel_preferences_person_id", channel_preferences.c.person_id)
Index("ix_enrollments_person_id", enrollments.c.person_id)
Index("ix_messages_person_id", messages.c.person_id)
Index("ix_outbox_person_id", outbox.c.person_id)
