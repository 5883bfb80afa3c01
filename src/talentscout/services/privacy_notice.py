"""The first-contact privacy notice (GDPR Art. 14) and the one-month deadline for giving it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from talentscout.db.tables import activities, people, source_records, workspaces
from talentscout.db.tables_respect import person_privacy
from talentscout.services import audit
from talentscout.services.privacy_keys import Keys
from talentscout.services.privacy_links import LINK_DAYS, make_token, page_url

_CHANNEL_WORDS = {
    "social": "a public professional profile",
    "event": "an event attendee list",
    "referral": "a referral",
    "past_applicant": "a past application",
    "cv_database": "a CV database",
    "agency": "a recruitment agency",
    "manual": "our own research",
}


def first_contact_notice(
    conn: Connection,
    *,
    workspace_id: int,
    person_id: int,
    channel: str,
    now: datetime,
    base_url: str | None = None,
    link_days: int | None = None,
    prefetched: Prefetched | None = None,
) -> str | None:
    """The short notice for the first message to a person, or None when they were given one already.

    Records that the notice was given (the Art. 14 tracker stops counting). The link is signed and
    expires; ``base_url`` defaults to the ``public_url`` setting, ``link_days`` to ``LINK_DAYS``.
    ``prefetched``: what the send path already loaded for a batch of recipients (no look-ups then).
    """
    if prefetched is not None:
        if prefetched.given:
            return None
    elif notice_given_at(conn, workspace_id=workspace_id, person_id=person_id) is not None:
        return None
    if base_url is None:
        from talentscout.settings import Settings

        base_url = Settings().public_url
    link_days = link_days or LINK_DAYS
    keys = prefetched.keys if prefetched is not None else None
    token = make_token(
        conn, workspace_id=workspace_id, person_id=person_id, now=now, days=link_days, keys=keys
    )
    link = page_url(base_url, token)
    if prefetched is not None:
        text = notice_text(prefetched.team, channel, link, link_days, prefetched.source_channels)
    else:
        text = _notice_text(conn, workspace_id, person_id, channel, link, link_days)
    _mark_given(conn, workspace_id, person_id, channel, now)
    return text


@dataclass(frozen=True)
class Prefetched:
    """A recipient's notice state loaded ahead (with a batch): already given, the team name, the
    channels their details came from, the workspace's keys."""

    given: bool
    team: str
    source_channels: frozenset[str]
    keys: Keys


def notice_given_at(conn: Connection, *, workspace_id: int, person_id: int) -> datetime | None:
    return conn.execute(
        select(person_privacy.c.notice_given_at).where(
            person_privacy.c.workspace_id == workspace_id, person_privacy.c.person_id == person_id
        )
    ).scalar()


def ensure_privacy_row(conn: Connection, workspace_id: int, person_id: int) -> None:
    found = conn.execute(select(person_privacy.c.id).where(person_privacy.c.person_id == person_id)).first()
    if found is None:
        conn.execute(person_privacy.insert().values(workspace_id=workspace_id, person_id=person_id))


def _mark_given(conn: Connection, workspace_id: int, person_id: int, channel: str, now: datetime) -> None:
    conn.execute(  # one statement whether or not the person has a privacy row yet
        _GIVEN[conn.dialect.name == "postgresql"],
        {"b_ws": workspace_id, "b_person": person_id, "b_at": now, "b_channel": channel[:20]},
    )
    conn.execute(
        activities.insert().values(
            workspace_id=workspace_id,
            person_id=person_id,
            kind="privacy_notice",
            summary=f"Privacy notice given by {channel}",
            data={"channel": channel},
            created_at=now,
        )
    )
    audit.record(
        conn,
        actor=None,
        workspace_id=workspace_id,
        action="notice",
        subject_type="person",
        subject_id=person_id,
        now=now,
        detail={"channel": channel},
    )


def _given_upsert(insert: Any) -> Any:
    given: dict[str, Any] = {"notice_given_at": bindparam("b_at"), "notice_channel": bindparam("b_channel")}
    return (
        insert(person_privacy)
        .values(workspace_id=bindparam("b_ws"), person_id=bindparam("b_person"), **given)
        .on_conflict_do_update(index_elements=[person_privacy.c.person_id], set_=given)
    )


_GIVEN = {True: _given_upsert(pg_insert), False: _given_upsert(sqlite_insert)}


def _notice_text(
    conn: Connection, workspace_id: int, person_id: int, channel: str, link: str, days: int
) -> str:
    team = conn.execute(select(workspaces.c.name).where(workspaces.c.id == workspace_id)).scalar() or "We"
    channels = conn.execute(
        select(source_records.c.channel)
        .where(source_records.c.workspace_id == workspace_id, source_records.c.person_id == person_id)
        .distinct()
    ).scalars()
    return notice_text(team, channel, link, days, {str(c) for c in channels})


def notice_text(team: str, channel: str, link: str, days: int, source_channels: Iterable[str]) -> str:
    if channel == "sms":
        return f"{team}: privacy info, your data, opt out: {link}"
    where = _sources_in_words(source_channels)
    return (
        f"Privacy: {team} found your professional details in {where} and keeps them to consider you "
        "for roles (legitimate interest). You can see where they came from, download, correct or erase "
        f"them, or ask us never to contact you again: {link} (this link works for {days} days)."
    )


def _sources_in_words(channels: Iterable[str]) -> str:
    words = sorted({_CHANNEL_WORDS.get(str(c), "a source we use") for c in channels})
    if not words:
        return "our own research"
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def deadlines(
    conn: Connection, *, workspace_id: int, now: datetime, within_days: int = 7, limit: int = 500
) -> list[dict[str, Any]]:
    """People not yet given the notice whose Art. 14 deadline (a month after collection) is near or past.

    Collection = the first source record's ``created_at``; people from jurisdictions without such a
    deadline are left out (they get the notice at first contact).
    """
    from talentscout.domain.jurisdiction import effective, policy

    collected = (
        select(source_records.c.person_id, func.min(source_records.c.created_at).label("collected_at"))
        .where(source_records.c.workspace_id == workspace_id, source_records.c.person_id.is_not(None))
        .group_by(source_records.c.person_id)
        .subquery()
    )
    query = (
        select(
            people.c.id,
            people.c.display_name,
            people.c.country,
            people.c.region,
            person_privacy.c.jurisdiction,
            collected.c.collected_at,
        )
        .join(collected, collected.c.person_id == people.c.id)
        .outerjoin(person_privacy, person_privacy.c.person_id == people.c.id)
        .where(people.c.workspace_id == workspace_id, person_privacy.c.notice_given_at.is_(None))
        .order_by(collected.c.collected_at, people.c.id)
    )
    out: list[dict[str, Any]] = []
    for row in conn.execute(query):
        rule = policy(effective(row.jurisdiction, row.country, row.region))
        if rule.notice_deadline_days is None:
            continue
        collected_at = _aware(row.collected_at, now)
        due = collected_at + timedelta(days=rule.notice_deadline_days)
        if due - now > timedelta(days=within_days):
            continue
        out.append(
            {
                "person_id": row.id,
                "name": row.display_name,
                "collected_at": collected_at.isoformat(),
                "due_at": due.isoformat(),
                "overdue": due < now,
                "days_left": (due - now).days,
            }
        )
        if len(out) >= limit:
            break
    return out


def _aware(value: datetime, now: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=now.tzinfo)
