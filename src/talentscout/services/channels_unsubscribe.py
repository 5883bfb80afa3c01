"""One-click unsubscribe (RFC 8058): a signed link per person; POST unsubscribes, GET asks to confirm.

The link reuses the privacy links' signing (per-workspace key) with its own purpose, so a privacy-page
link cannot unsubscribe and an unsubscribe link cannot open the privacy page.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection

from talentscout.services import engage_events
from talentscout.services.privacy_keys import Keys
from talentscout.services.privacy_links import LinkTarget, make_token, read_token
from talentscout.services.unit_of_work import Database

PURPOSE = "unsubscribe"
PREFIX = "/u/"
LINK_DAYS = 3650


def unsubscribe_url(
    conn: Connection,
    base_url: str,
    workspace_id: int,
    person_id: int,
    now: datetime,
    *,
    keys: Keys | None = None,
) -> str:
    token = make_token(
        conn,
        workspace_id=workspace_id,
        person_id=person_id,
        now=now,
        days=LINK_DAYS,
        purpose=PURPOSE,
        keys=keys,
    )
    return f"{base_url.rstrip('/')}{PREFIX}{token}"


def check(db: Database, token: str) -> LinkTarget:
    """The person a link is for; NotFound when the link is not valid."""
    with db.read() as conn:
        return read_token(conn, token, now=db.clock.now(), purpose=PURPOSE)


def unsubscribe(db: Database, token: str) -> int:
    """Suppress the person on every channel and stop every sequence; returns the steps cancelled."""
    with db.begin() as conn:
        target = read_token(conn, token, now=db.clock.now(), purpose=PURPOSE)
        return _stop(conn, target, db.clock.now())


def _stop(conn: Connection, target: LinkTarget, now: datetime) -> int:
    before = engage_events.pending_count(conn, workspace_id=target.workspace_id, person_id=target.person_id)
    engage_events.record_inbound(
        conn,
        workspace_id=target.workspace_id,
        person_id=target.person_id,
        channel="email",
        kind="unsubscribe",
        now=now,
        subject="One-click unsubscribe",
    )
    return before
