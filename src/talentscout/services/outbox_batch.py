"""What the send path reads about a claimed batch of recipients, loaded once per batch.

A worker claims up to ``send_batch_size`` rows at a time; the people, their contact points and preferred
channel, the facts their messages are personalised with, whether they were given the privacy notice,
and the workspace's name and keys are read here in a fixed number of queries for the whole batch,
instead of a dozen per message. What decides whether a message may leave is still checked inside each
message's *prepare* transaction: the row's claim, the enrolment's status, the suppression list (one
query over the hashes of every identifier of the person), SMS consent, the sender's cap.

A recipient the batch knows nothing about (or ``forget`` was called for, after a rolled-back prepare)
is prepared with the per-message look-ups instead.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, func, select

from talentscout.db.scoping import in_workspace
from talentscout.db.tables import contact_points, people, source_records, workspaces
from talentscout.db.tables_engage import (
    channel_preferences,
    enrollments,
    outbox,
    senders,
    sequence_steps,
    sequences,
)
from talentscout.db.tables_respect import person_privacy, suppressions
from talentscout.domain.hooks import PersonFacts
from talentscout.services import outbox_caps, suppression
from talentscout.services.privacy_keys import Keys, existing_keys
from talentscout.services.privacy_notice import Prefetched
from talentscout.services.research import load_facts_many

_LIST_KIND = {"email": "email", "phone": "phone"}


@dataclass(frozen=True)
class Recipient:
    person: dict[str, Any]
    facts: PersonFacts
    points: tuple[tuple[str, str, str, bool], ...]  # kind, value, label, valid; personal first, newest first
    preferred: str | None
    source_channels: frozenset[str]


@dataclass
class Batch:
    today: date
    keys: dict[int, Keys] = field(default_factory=dict)
    teams: dict[int, str] = field(default_factory=dict)
    recipients: dict[int, Recipient] = field(default_factory=dict)
    noticed: set[int] = field(default_factory=set)
    person_of: dict[int, int] = field(default_factory=dict)  # outbox row → person
    slots: dict[int, int] = field(default_factory=dict)  # sender → sends counted ahead, not yet used
    slots_day: date | None = None

    def use_slot(self, sender_id: int | None) -> bool:
        """True when a send of this sender was counted ahead for the batch (it takes one)."""
        if sender_id is None or self.slots.get(sender_id, 0) <= 0:
            return False
        self.slots[sender_id] -= 1
        return True

    def get(self, person_id: int) -> Recipient | None:
        return self.recipients.get(person_id)

    def forget(self, person_id: int) -> None:
        """After a rolled-back prepare: what was noted about this person may not have been committed."""
        self.recipients.pop(person_id, None)

    def notice(self, workspace_id: int, person_id: int) -> Prefetched:
        r = self.recipients[person_id]
        return Prefetched(
            given=person_id in self.noticed,
            team=self.teams.get(workspace_id) or "We",
            source_channels=r.source_channels,
            keys=self.keys[workspace_id],
        )

    def route_points(self, person_id: int) -> list[tuple[str, str, str]]:
        return [(k, v, label) for k, v, label, valid in self.recipients[person_id].points if valid]

    def identifier_hashes(self, workspace_id: int, person_id: int, extra: tuple[str, str] | None) -> set[str]:
        """The suppression hashes of every identifier of the person (and of ``extra``, kind and value)."""
        salt = self.keys[workspace_id].suppression_salt
        pairs = [
            (_LIST_KIND.get(kind, "url"), value) for kind, value, _, _ in self.recipients[person_id].points
        ]
        if extra is not None:
            pairs.append(extra)
        out = set()
        for kind, value in pairs:
            digest = suppression.identifier_hash(workspace_id, kind, value, salt=salt)
            if digest is not None:
                out.add(digest)
        return out


def load(conn: Connection, outbox_ids: list[int], *, today: date, now: datetime | None = None) -> Batch:
    """``now``: also count the batch's sends against each sender's daily cap ahead, in this (the claim)
    transaction, for senders without spacing; their prepare then takes no per-message slot (the row of
    the sender's usage is otherwise updated, and locked to the commit, by every message of every
    worker)."""
    batch = Batch(today=today)
    rows = conn.execute(
        select(outbox.c.id, outbox.c.workspace_id, outbox.c.person_id).where(outbox.c.id.in_(outbox_ids))
    ).all()
    by_ws: dict[int, set[int]] = defaultdict(set)
    for r in rows:
        by_ws[int(r.workspace_id)].add(int(r.person_id))
    batch.person_of = {int(r.id): int(r.person_id) for r in rows}
    for ws, person_ids in by_ws.items():
        keys = existing_keys(conn, ws)
        if keys is None:
            continue  # no keys yet: these recipients take the per-message path, which creates them
        batch.keys[ws] = keys
        batch.teams[ws] = str(
            conn.execute(select(workspaces.c.name).where(workspaces.c.id == ws)).scalar() or "We"
        )
        _load_workspace(conn, batch, ws, sorted(person_ids))
    if now is not None:
        _reserve(conn, batch, outbox_ids, now)
    return batch


def _reserve(conn: Connection, batch: Batch, outbox_ids: list[int], now: datetime) -> None:
    rows = conn.execute(
        select(senders.c.id, senders.c.daily_cap, func.count())
        .select_from(outbox)
        .join(enrollments, enrollments.c.id == outbox.c.enrollment_id)
        .join(sequences, sequences.c.id == enrollments.c.sequence_id)
        .join(senders, senders.c.id == sequences.c.sender_id)
        .join(sequence_steps, sequence_steps.c.id == outbox.c.step_id)
        .where(
            outbox.c.id.in_(outbox_ids),
            senders.c.min_spacing_seconds <= 0,
            sequence_steps.c.channel.in_(("email", "sms")),
        )
        .group_by(senders.c.id, senders.c.daily_cap)
    ).all()
    batch.slots_day = now.astimezone(UTC).date()
    for sender_id, cap, count in rows:
        if outbox_caps.reserve(conn, sender_id=sender_id, cap=cap, count=count, now=now):
            batch.slots[int(sender_id)] = int(count)


def give_back_slots(conn: Connection, batch: Batch | None) -> None:
    """The sends counted ahead that the batch did not use (skipped, stopped, failed before sending)."""
    if batch is None or batch.slots_day is None:
        return
    for sender_id, unused in batch.slots.items():
        outbox_caps.give_back(conn, sender_id=sender_id, day=batch.slots_day, count=unused)
    batch.slots.clear()


def _load_workspace(conn: Connection, batch: Batch, ws: int, ids: list[int]) -> None:
    persons = {
        int(r.id): dict(r._mapping)
        for r in conn.execute(select(people).where(in_workspace(people.c.id, ids, ws)))
    }
    points: dict[int, list[tuple[str, str, str, bool]]] = defaultdict(list)
    for p in conn.execute(
        select(
            contact_points.c.person_id,
            contact_points.c.kind,
            contact_points.c.value,
            contact_points.c.label,
            contact_points.c.valid,
        )
        .where(in_workspace(contact_points.c.person_id, ids, ws))
        .order_by(
            contact_points.c.person_id,
            (contact_points.c.label != "personal"),
            contact_points.c.id.desc(),
        )
    ):
        points[int(p.person_id)].append((str(p.kind), str(p.value), str(p.label), bool(p.valid)))
    preferred = {
        int(r.person_id): str(r.channel)
        for r in conn.execute(
            select(channel_preferences.c.person_id, channel_preferences.c.channel).where(
                channel_preferences.c.workspace_id == ws, channel_preferences.c.person_id.in_(ids)
            )
        )
    }
    batch.noticed |= {
        int(r.person_id)
        for r in conn.execute(
            select(person_privacy.c.person_id).where(
                person_privacy.c.person_id.in_(ids), person_privacy.c.notice_given_at.is_not(None)
            )
        )
    }
    channels: dict[int, set[str]] = defaultdict(set)
    for r in conn.execute(
        select(source_records.c.person_id, source_records.c.channel)
        .where(source_records.c.workspace_id == ws, source_records.c.person_id.in_(ids))
        .distinct()
    ):
        channels[int(r.person_id)].add(str(r.channel))
    found = list(persons)
    facts = load_facts_many(
        conn, ws, found, batch.today, summaries={pid: persons[pid].get("summary") for pid in found}
    )
    for pid in found:
        batch.recipients[pid] = Recipient(
            person=persons[pid],
            facts=facts[pid],
            points=tuple(points.get(pid, ())),
            preferred=preferred.get(pid),
            source_channels=frozenset(channels.get(pid, ())),
        )


def suppressed(conn: Connection, *, workspace_id: int, hashes: set[str]) -> bool:
    """One query: is any of these identifier hashes on the workspace's suppression list?"""
    if not hashes:
        return False
    return (
        conn.execute(
            select(suppressions.c.id)
            .where(suppressions.c.workspace_id == workspace_id, suppressions.c.value_hash.in_(sorted(hashes)))
            .limit(1)
        ).first()
        is not None
    )
