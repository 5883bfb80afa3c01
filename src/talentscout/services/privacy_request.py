"""A person asks for their privacy-page link by typing an email address: if we hold that address, the
link is emailed to it (so only whoever reads that mailbox can open the page). The answer on screen is the
same whether or not we hold it, so the form cannot be used to find out who is in a pool.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import func, select

from talentscout.db.tables import contact_points, people, workspaces
from talentscout.db.tables_engage import senders
from talentscout.services import audit, jobs
from talentscout.services.privacy_links import make_token, page_url
from talentscout.services.suppression import normalised
from talentscout.services.unit_of_work import Database
from talentscout.transports.base import EmailTransport, OutgoingEmail

JOB = "privacy.send_link"
LINK_DAYS = 7


def request_link(db: Database, *, address: str) -> int:
    """Queue one link email per workspace holding ``address``; returns how many (never shown to the user)."""
    key = normalised("email", address[:320])
    if key is None:
        return 0
    with db.begin() as conn:
        now = db.clock.now()
        rows = conn.execute(
            select(
                contact_points.c.id,
                contact_points.c.workspace_id,
                contact_points.c.person_id,
                contact_points.c.value,
            ).where(
                contact_points.c.kind == "email",
                func.lower(contact_points.c.value).in_({address.strip().lower(), key}),
            )
        ).all()
        chosen: dict[int, int] = {}
        for row in rows:
            if normalised("email", row.value) == key:
                chosen.setdefault(row.workspace_id, row.id)
        for ws, contact_id in chosen.items():
            # the payload names the contact point, not the address: the jobs table holds no identifier
            jobs.enqueue(conn, kind=JOB, payload={"contact_point_id": contact_id}, workspace_id=ws, now=now)
        return len(chosen)


def deliver(db: Database, *, contact_point_id: int, transport: EmailTransport, public_url: str) -> bool:
    """Send the link to the contact point (False when it or a sender address no longer exists)."""
    with db.begin() as conn:
        now = db.clock.now()
        point = conn.execute(
            select(contact_points.c.workspace_id, contact_points.c.person_id, contact_points.c.value).where(
                contact_points.c.id == contact_point_id
            )
        ).first()
        if point is None:
            return False
        sender = conn.execute(
            select(senders.c.name, senders.c.email)
            .where(senders.c.workspace_id == point.workspace_id)
            .limit(1)
        ).first()
        team = conn.execute(
            select(workspaces.c.name).where(workspaces.c.id == point.workspace_id)
        ).scalar_one()
        name = conn.execute(select(people.c.given_name).where(people.c.id == point.person_id)).scalar()
        if sender is None:
            return False
        token = make_token(
            conn, workspace_id=point.workspace_id, person_id=point.person_id, now=now, days=LINK_DAYS
        )
        audit.record(
            conn,
            actor=None,
            workspace_id=point.workspace_id,
            action="privacy_link",
            subject_type="person",
            subject_id=point.person_id,
            now=now,
            detail={"via": "request form"},
        )
    transport.send(_message(point.value, sender, team, name, page_url(public_url, token), now))
    return True


def _message(to: str, sender: object, team: str, name: str | None, link: str, now: datetime) -> OutgoingEmail:
    key = f"ts-privacy-{secrets.token_hex(8)}"
    domain = str(getattr(sender, "email", "")).rpartition("@")[2] or "localhost"
    body = (
        f"Hello{' ' + name if name else ''},\n\nyou (or someone typing your address) asked which data {team} "
        f"holds about you. This link shows it, lets you download, correct or erase it, or ask us never to "
        f"contact you again. It works for {LINK_DAYS} days:\n\n{link}\n\n"
        "If you did not ask, ignore this email."
    )
    return OutgoingEmail(
        idempotency_key=key,
        message_id=f"<{key}@{domain}>",
        from_name=str(getattr(sender, "name", team)),
        from_address=str(getattr(sender, "email", "")),
        to_address=to,
        reply_to=str(getattr(sender, "email", "")),
        subject=f"Your data at {team}",
        text=body,
        html=None,
        unsubscribe_url=None,
    )
