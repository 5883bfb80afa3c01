"""Schema for inbound mail and texts: what was received and what became of it.

One row per message taken from a mailbox (IMAP UID + UIDVALIDITY) or a webhook (the provider's id), so a
second poll or a retried webhook changes nothing; a message that could not be read is kept here as a
problem instead of stopping the poller. Registered on ``tables.metadata``; migration 0007 creates it.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Index, String, Table, Text, UniqueConstraint

from talentscout.db.tables import Id, _id, _ws, metadata

inbound_receipts = Table(
    "inbound_receipts",
    metadata,
    _id(),
    _ws(),
    # imap:<mailbox>:<uidvalidity>:<uid> | webhook:<provider id> | sms:<provider id>
    Column("dedupe_key", String(600), nullable=False),
    Column("source", String(20), nullable=False),  # imap | webhook | sms
    Column("mailbox", String(300)),
    Column("uidvalidity", BigInteger),
    Column("uid", BigInteger),
    Column("message_id", String(500)),
    Column("from_address", String(1000)),
    # reply | auto_reply | bounce | soft_bounce | unsubscribe | complaint | unmatched | problem
    Column("outcome", String(20), nullable=False),
    Column("person_id", Id, ForeignKey("people.id", ondelete="SET NULL")),
    Column("message_row_id", Id),
    Column("problem", Text),
    Column("received_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("workspace_id", "dedupe_key"),
    Index("ix_inbound_receipts_mailbox", "workspace_id", "mailbox", "uidvalidity", "uid"),
    Index("ix_inbound_receipts_outcome", "workspace_id", "outcome", "received_at"),
)


# Every column that references a person or a source record leads an index: merges, unmerges and
# erasure look rows up by it, and the database checks it on every delete of the row it references.
Index("ix_inbound_receipts_person_id", inbound_receipts.c.person_id)
