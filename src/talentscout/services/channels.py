"""Which channel and which address a step uses.

A person's preferred channel (recorded by a recruiter, or learned from where they last replied) wins
for sent steps that follow preferences. A work email or work phone is never chosen automatically: only
an address the recruiter set on the enrolment, with a reason, overrides that.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, case, select

from talentscout.db.tables import contact_points
from talentscout.db.tables_engage import channel_preferences
from talentscout.services.errors import InvalidInput

SENT_CHANNELS = ("email", "sms")
TASK_CHANNELS = ("linkedin_message", "linkedin_connect", "call")
STEP_CHANNELS = SENT_CHANNELS + TASK_CHANNELS
_KIND = {
    "email": "email",
    "sms": "phone",
    "call": "phone",
    "linkedin_message": "linkedin",
    "linkedin_connect": "linkedin",
}


@dataclass(frozen=True)
class Route:
    """Where a step goes: its channel and address (None for a task without a known profile)."""

    channel: str
    address: str | None
    overridden: bool = False


def message_channel(step_channel: str) -> str:
    """The channel a message row records: email, sms, linkedin or call."""
    return "linkedin" if step_channel.startswith("linkedin") else step_channel


def preferred(conn: Connection, *, workspace_id: int, person_id: int) -> str | None:
    return conn.execute(
        select(channel_preferences.c.channel).where(
            channel_preferences.c.workspace_id == workspace_id, channel_preferences.c.person_id == person_id
        )
    ).scalar()


def set_preference(
    conn: Connection, *, workspace_id: int, person_id: int, channel: str, source: str, now: datetime
) -> None:
    if channel not in SENT_CHANNELS:
        raise InvalidInput(f"a preferred channel is one of {', '.join(SENT_CHANNELS)}, not {channel!r}")
    updated = conn.execute(
        channel_preferences.update()
        .where(
            channel_preferences.c.workspace_id == workspace_id, channel_preferences.c.person_id == person_id
        )
        .values(channel=channel, source=source, updated_at=now)
    ).rowcount
    if not updated:
        conn.execute(
            channel_preferences.insert().values(
                workspace_id=workspace_id, person_id=person_id, channel=channel, source=source, updated_at=now
            )
        )


def learn_preference(
    conn: Connection, *, workspace_id: int, person_id: int, channel: str, now: datetime
) -> None:
    """A reply teaches where the person answers; a recruiter's recorded choice is never overwritten."""
    if channel not in SENT_CHANNELS:
        return
    current = conn.execute(
        select(channel_preferences.c.source).where(
            channel_preferences.c.workspace_id == workspace_id, channel_preferences.c.person_id == person_id
        )
    ).scalar()
    if current != "recorded":
        set_preference(
            conn, workspace_id=workspace_id, person_id=person_id, channel=channel, source="learned", now=now
        )


def usable_addresses(
    conn: Connection, *, workspace_id: int, person_id: int, kind: str
) -> list[tuple[str, str]]:
    """(value, label) of valid, non-work contact points of ``kind``; personal ones first."""
    rows = conn.execute(
        select(contact_points.c.value, contact_points.c.label)
        .where(
            contact_points.c.workspace_id == workspace_id,
            contact_points.c.person_id == person_id,
            contact_points.c.kind == kind,
            contact_points.c.valid.is_(True),
            contact_points.c.label != "work",
        )
        .order_by(case((contact_points.c.label == "personal", 0), else_=1), contact_points.c.id.desc())
    ).all()
    return [(str(r.value), str(r.label)) for r in rows]


def route(
    conn: Connection,
    *,
    workspace_id: int,
    person_id: int,
    step_channel: str,
    follow_preference: bool,
    override_address: str | None = None,
) -> Route | None:
    """The route for one step, or None when the person has no address we may use on any allowed channel.

    One query: the person's valid contact points and their preferred channel.
    """
    pref = (
        select(channel_preferences.c.channel)
        .where(
            channel_preferences.c.workspace_id == workspace_id, channel_preferences.c.person_id == person_id
        )
        .scalar_subquery()
    )
    points = conn.execute(
        select(contact_points.c.kind, contact_points.c.value, contact_points.c.label, pref.label("preferred"))
        .where(
            contact_points.c.workspace_id == workspace_id,
            contact_points.c.person_id == person_id,
            contact_points.c.valid.is_(True),
        )
        .order_by(case((contact_points.c.label == "personal", 0), else_=1), contact_points.c.id.desc())
    ).all()
    preference = points[0].preferred if points else None
    return route_from(
        [(str(p.kind), str(p.value), str(p.label)) for p in points],
        preference,
        step_channel=step_channel,
        follow_preference=follow_preference,
        override_address=override_address,
    )


def route_from(
    points: Sequence[tuple[str, str, str]],
    preference: str | None,
    *,
    step_channel: str,
    follow_preference: bool,
    override_address: str | None = None,
) -> Route | None:
    """``route`` from the person's valid contact points (kind, value, label; personal first, newest
    first) and preferred channel, already loaded."""
    candidates = [step_channel]
    wanted = step_channel in SENT_CHANNELS and follow_preference
    if wanted and preference in SENT_CHANNELS and preference != step_channel:
        candidates.insert(0, preference)
    for channel in candidates:
        kind = _KIND[channel]
        if override_address and any(k == kind and v == override_address for k, v, _ in points):
            return Route(channel, override_address, overridden=True)
        usable = [v for k, v, label in points if k == kind and label != "work"]
        if usable:
            return Route(channel, str(usable[0]))
    if step_channel in TASK_CHANNELS:
        return Route(step_channel, None)
    return None
