"""What privacy officers and admins do: read the audit log, track notices and retention, suppress,
export a person's data (audited), hand out a privacy-page link."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from talentscout.db.tables import contact_points, people
from talentscout.db.tables_respect import audit_log, suppressions
from talentscout.domain.permissions import Action, Actor
from talentscout.services import audit, engage_events, privacy_notice, privacy_stats, retention, suppression
from talentscout.services.access import require
from talentscout.services.errors import InvalidInput, NotFound
from talentscout.services.import_screen import suppression_kind
from talentscout.services.privacy_export import as_json, person_data
from talentscout.services.privacy_links import make_token, page_url
from talentscout.services.unit_of_work import Database

AUDIT_PAGE = 100
REASONS = ("manual", "objection", "unsubscribe", "bounce", "complaint")


def audit_entries(
    db: Database,
    *,
    actor: Actor,
    action: str | None = None,
    subject_type: str | None = None,
    subject_id: int | None = None,
    actor_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = AUDIT_PAGE,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """The audit log, newest first, with filters. Only those who may view the audit log."""
    require(actor, Action.VIEW_AUDIT)
    c = audit_log.c
    query = select(audit_log).where(c.workspace_id == actor.workspace_id)
    for column, value in ((c.action, action), (c.subject_type, subject_type), (c.subject_id, subject_id)):
        if value not in (None, ""):
            query = query.where(column == value)
    if actor_id is not None:
        query = query.where(c.actor_id == actor_id)
    if since is not None:
        query = query.where(c.created_at >= since)
    if until is not None:
        query = query.where(c.created_at < until)
    query = (
        query.order_by(c.created_at.desc(), c.id.desc())
        .limit(max(1, min(limit, 1000)))
        .offset(max(0, offset))
    )
    with db.read() as conn:
        return [
            {
                "id": r.id,
                "at": r.created_at.isoformat(),
                "actor": r.actor_label,
                "actor_id": r.actor_id,
                "action": r.action,
                "subject_type": r.subject_type,
                "subject_id": r.subject_id,
                "detail": r.detail,
            }
            for r in conn.execute(query)
        ]


def notice_deadlines(db: Database, *, actor: Actor, within_days: int = 7) -> list[dict[str, Any]]:
    require(actor, Action.MANAGE_PRIVACY)
    with db.read() as conn:
        return privacy_notice.deadlines(
            conn,
            workspace_id=actor.workspace_id,
            now=db.clock.now(),
            within_days=max(0, min(within_days, 365)),
        )


def retention_overview(db: Database, *, actor: Actor, within_days: int = 60) -> list[dict[str, Any]]:
    """People whose retention period ends within ``within_days`` (or has ended), soonest first."""
    require(actor, Action.MANAGE_PRIVACY)
    with db.read() as conn:
        now = db.clock.now()
        soon = [
            s
            for s in retention.standings(conn, workspace_id=actor.workspace_id, now=now)
            if s.due - now <= timedelta(days=within_days)
        ]
        names = dict(
            conn.execute(
                select(people.c.id, people.c.display_name).where(people.c.id.in_([s.person_id for s in soon]))
            ).all()
        )
    return [
        {
            "person_id": s.person_id,
            "name": names.get(s.person_id),
            "jurisdiction": s.jurisdiction,
            "due_at": s.due.isoformat(),
            "warned_at": s.warned_at.isoformat() if s.warned_at else None,
        }
        for s in sorted(soon, key=lambda s: s.due)
    ]


def add_suppression(db: Database, *, actor: Actor, kind: str, value: str, reason: str = "manual") -> bool:
    """Put an identifier on the list; anyone holding it stops receiving sequence steps at once."""
    require(actor, Action.MANAGE_PRIVACY)
    if kind not in suppression.KINDS or reason not in REASONS:
        raise InvalidInput(
            f"kind is one of {', '.join(suppression.KINDS)}; reason one of {', '.join(REASONS)}"
        )
    if suppression.normalised(kind, value) is None:
        raise InvalidInput(f"{value[:80]!r} is not a usable {kind}")
    with db.begin() as conn:
        now = db.clock.now()
        added = suppression.suppress(
            conn, workspace_id=actor.workspace_id, kind=kind, value=value, reason=reason, now=now
        )
        holders = _holders(conn, actor.workspace_id, kind, value)
        for person_id in holders:
            engage_events.stop_for_person(
                conn,
                workspace_id=actor.workspace_id,
                person_id=person_id,
                reason=f"suppression: {reason}",
                now=now,
            )
        audit.record(
            conn,
            actor=actor,
            action="suppress",
            subject_type="identifier",
            subject_id=None,
            now=now,
            detail={"kind": kind, "reason": reason, "people": holders},
        )
    return added


def check_suppression(db: Database, *, actor: Actor, kind: str, value: str) -> bool:
    require(actor, Action.MANAGE_PRIVACY)
    if kind not in suppression.KINDS:
        raise InvalidInput(f"kind is one of {', '.join(suppression.KINDS)}")
    with db.read() as conn:
        return suppression.is_suppressed(conn, workspace_id=actor.workspace_id, kind=kind, value=value)


def export_person(db: Database, *, actor: Actor, person_id: int) -> str:
    """Everything held about the person as JSON (a subject access request answered by staff); audited."""
    require(actor, Action.EXPORT)
    with db.begin() as conn:
        data = person_data(conn, workspace_id=actor.workspace_id, person_id=person_id)
        if not data:
            raise NotFound("no such person")
        audit.record(
            conn,
            actor=actor,
            action="export",
            subject_type="person",
            subject_id=person_id,
            now=db.clock.now(),
            detail={"format": "json", "what": "privacy export"},
        )
    return as_json(data)


def privacy_link(db: Database, *, actor: Actor, person_id: int, base_url: str, days: int = 7) -> str:
    """A signed link to the person's privacy page, to send to a contact point we hold for them."""
    require(actor, Action.MANAGE_PRIVACY)
    with db.begin() as conn:
        found = conn.execute(
            select(people.c.id).where(people.c.id == person_id, people.c.workspace_id == actor.workspace_id)
        ).first()
        if found is None:
            raise NotFound("no such person")
        now = db.clock.now()
        token = make_token(conn, workspace_id=actor.workspace_id, person_id=person_id, now=now, days=days)
        audit.record(
            conn,
            actor=actor,
            action="privacy_link",
            subject_type="person",
            subject_id=person_id,
            now=now,
        )
    return page_url(base_url, token)


def overview(db: Database, *, actor: Actor) -> dict[str, Any]:
    require(actor, Action.MANAGE_PRIVACY)
    with db.read() as conn:
        listed = conn.execute(
            select(suppressions.c.reason, func.count())
            .where(suppressions.c.workspace_id == actor.workspace_id)
            .group_by(suppressions.c.reason)
        ).all()
        stats = privacy_stats.totals(conn, workspace_id=actor.workspace_id)
    return {"suppressions": {r: int(n) for r, n in listed}, "erasure_stats": stats}


def _holders(conn: Any, workspace_id: int, kind: str, value: str) -> list[int]:
    """People holding the identifier (compared in its normalised form)."""
    key = suppression.normalised(kind, value)
    wanted = sorted({value.strip().lower(), (key or "").lower()} - {""})
    rows = conn.execute(
        select(contact_points.c.person_id, contact_points.c.kind, contact_points.c.value).where(
            contact_points.c.workspace_id == workspace_id, func.lower(contact_points.c.value).in_(wanted)
        )
    )
    found = {int(pid) for pid, k, v in rows if suppression.normalised(suppression_kind(k), v) == key}
    return sorted(found)
