"""Retention: a profile nobody engaged with for the jurisdiction's period is warned about, then anonymised.

Timeline per person: ``last engaged`` = the newest of first collection, an inbound message, a consent,
a renewal ("may we keep your profile?" answered yes, until ``retained_until``). ``due`` = last engaged +
the jurisdiction's retention months. From ``due - warn_days_before`` the person is *warned* (an activity
on the timeline, listed for renewal so a sequence can ask them); once due, and at least
``GRACE_DAYS`` after the warning, they are anonymised (erased without a tombstone: they may be
collected again later, lawfully, with a new notice). A daily worker job runs ``run``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, select, update

from talentscout.db.tables import activities, people, source_records, workspaces
from talentscout.db.tables_engage import messages
from talentscout.db.tables_respect import consents, person_privacy
from talentscout.domain.jurisdiction import effective, policy
from talentscout.services import audit, erasure, jobs
from talentscout.services.privacy_notice import ensure_privacy_row
from talentscout.services.unit_of_work import Database

JOB = "privacy.retention"
GRACE_DAYS = 14
_MONTH = timedelta(days=30.44)


@dataclass(frozen=True)
class Standing:
    person_id: int
    jurisdiction: str
    last_engaged: datetime
    due: datetime
    warned_at: datetime | None


@dataclass
class RetentionRun:
    warned: list[int] = field(default_factory=list)
    anonymised: list[int] = field(default_factory=list)


def standings(conn: Connection, *, workspace_id: int, now: datetime) -> list[Standing]:
    """Every person of the workspace with their retention due date."""
    first = _max_by_person(
        conn, source_records.c.person_id, func.min(source_records.c.created_at), workspace_id
    )
    inbound = _max_by_person(
        conn,
        messages.c.person_id,
        func.max(messages.c.created_at),
        workspace_id,
        messages.c.direction == "in",
    )
    consented = _max_by_person(conn, consents.c.person_id, func.max(consents.c.given_at), workspace_id)
    rows = conn.execute(
        select(people.c.id, people.c.country, people.c.region, people.c.created_at, person_privacy)
        .outerjoin(person_privacy, person_privacy.c.person_id == people.c.id)
        .where(people.c.workspace_id == workspace_id)
    ).all()
    out = []
    for r in rows:
        jurisdiction = effective(r.jurisdiction, r.country, r.region)
        moments = [first.get(r.id) or r.created_at, inbound.get(r.id), consented.get(r.id)]
        last = max(_aware(m, now) for m in moments if m is not None)
        due = last + _MONTH * policy(jurisdiction).retention_months
        if r.retained_until is not None:
            due = max(due, _aware(r.retained_until, now))
        warned = _aware(r.retention_warned_at, now) if r.retention_warned_at else None
        out.append(Standing(r.id, jurisdiction.value, last, due, warned))
    return out


def run(db: Database, *, workspace_id: int) -> RetentionRun:
    """Warn the people coming due, anonymise those past due and warned long enough ago."""
    result = RetentionRun()
    with db.begin() as conn:
        now = db.clock.now()
        for s in standings(conn, workspace_id=workspace_id, now=now):
            warn_from = s.due - timedelta(days=policy_warn_days(s.jurisdiction))
            if now < warn_from:
                continue
            if s.warned_at is None:
                _warn(conn, workspace_id, s, now)
                result.warned.append(s.person_id)
            elif now >= s.due and now - s.warned_at >= timedelta(days=GRACE_DAYS):
                erasure.erase_in(
                    conn,
                    actor=None,
                    workspace_id=workspace_id,
                    person_id=s.person_id,
                    now=now,
                    reason="retention",
                    tombstone=False,
                    by_label="retention policy",
                )
                result.anonymised.append(s.person_id)
        if result.anonymised:
            jobs.enqueue(conn, kind=erasure.COMPACT_JOB, payload={}, workspace_id=workspace_id, now=now)
    return result


def renewal_candidates(conn: Connection, *, workspace_id: int, now: datetime) -> list[int]:
    """People warned and not yet renewed: who a "may we keep your profile?" sequence should ask."""
    return [
        s.person_id
        for s in standings(conn, workspace_id=workspace_id, now=now)
        if s.warned_at is not None and s.due > now - timedelta(days=GRACE_DAYS)
    ]


def renew(conn: Connection, *, workspace_id: int, person_id: int, now: datetime, by_label: str) -> datetime:
    """The person said yes: keep them for another period (from now) and clear the warning."""
    row = conn.execute(select(people.c.country, people.c.region).where(people.c.id == person_id)).one()
    state = conn.execute(
        select(person_privacy.c.jurisdiction).where(person_privacy.c.person_id == person_id)
    ).scalar()
    until = now + _MONTH * policy(effective(state, row.country, row.region)).retention_months
    ensure_privacy_row(conn, workspace_id, person_id)
    conn.execute(
        update(person_privacy)
        .where(person_privacy.c.person_id == person_id)
        .values(retained_until=until, retention_warned_at=None, renewal_requested_at=None)
    )
    audit.record(
        conn,
        actor=None,
        workspace_id=workspace_id,
        action="retention_renewed",
        subject_type="person",
        subject_id=person_id,
        now=now,
        detail={"until": until.date().isoformat()},
        label=by_label,
    )
    return until


def daily(db: Database) -> dict[int, RetentionRun]:
    """The daily job: every workspace, then the next run is queued for tomorrow."""
    with db.read() as conn:
        ids = list(conn.execute(select(workspaces.c.id)).scalars())
    done = {ws: run(db, workspace_id=ws) for ws in ids}
    with db.begin() as conn:
        now = db.clock.now()
        jobs.enqueue(conn, kind=JOB, payload={}, now=now, run_at=now + timedelta(days=1))
    return done


def policy_warn_days(jurisdiction: str) -> int:
    from talentscout.domain.jurisdiction import Jurisdiction

    return policy(Jurisdiction(jurisdiction)).warn_days_before


def _warn(conn: Connection, workspace_id: int, s: Standing, now: datetime) -> None:
    ensure_privacy_row(conn, workspace_id, s.person_id)
    conn.execute(
        update(person_privacy)
        .where(person_privacy.c.person_id == s.person_id)
        .values(retention_warned_at=now)
    )
    conn.execute(
        activities.insert().values(
            workspace_id=workspace_id,
            person_id=s.person_id,
            kind="retention_warning",
            summary=f"Retention period ends {s.due.date().isoformat()}: renew or the profile is anonymised",
            data={"due": s.due.isoformat()},
            created_at=now,
        )
    )


def _max_by_person(
    conn: Connection, person_col: Any, agg: Any, workspace_id: int, *extra: Any
) -> dict[int, datetime]:
    table = person_col.table
    query = (
        select(person_col, agg)
        .where(table.c.workspace_id == workspace_id, person_col.is_not(None), *extra)
        .group_by(person_col)
    )
    return {int(pid): at for pid, at in conn.execute(query) if at is not None}


def _aware(value: datetime, now: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=now.tzinfo)
