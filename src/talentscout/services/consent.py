"""Recorded consent (text shown, time, channel, proof) and the TCPA-style check before any SMS."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from talentscout.db.tables import people
from talentscout.db.tables_respect import consents
from talentscout.domain.jurisdiction import CONSENT_CHANNELS, ConsentScope
from talentscout.domain.permissions import Action, Actor
from talentscout.services import audit
from talentscout.services.access import require
from talentscout.services.errors import InvalidInput, NotFound
from talentscout.services.unit_of_work import Database


def may_send_sms(conn: Connection, *, workspace_id: int, person_id: int) -> bool:
    """True only with recorded SMS marketing consent (prior express consent) that was not withdrawn."""
    return _active(conn, workspace_id, person_id, ConsentScope.SMS_MARKETING) is not None


def has_consent(conn: Connection, *, workspace_id: int, person_id: int, scope: ConsentScope) -> bool:
    return _active(conn, workspace_id, person_id, scope) is not None


def record_consent(
    db: Database,
    *,
    actor: Actor,
    person_id: int,
    scope: str,
    channel: str,
    text_shown: str,
    proof: str,
) -> int:
    """Store a consent the person gave; the words shown and the proof are required."""
    require(actor, Action.MANAGE_PRIVACY)
    with db.begin() as conn:
        return add_consent(
            conn,
            actor=actor,
            workspace_id=actor.workspace_id,
            person_id=person_id,
            scope=scope,
            channel=channel,
            text_shown=text_shown,
            proof=proof,
            now=db.clock.now(),
        )


def add_consent(
    conn: Connection,
    *,
    actor: Actor | None,
    workspace_id: int,
    person_id: int,
    scope: str,
    channel: str,
    text_shown: str,
    proof: str,
    now: datetime,
) -> int:
    """``record_consent`` inside the caller's transaction (also used by the person's privacy page)."""
    _check(scope, channel, text_shown, proof)
    _person_exists(conn, workspace_id, person_id)
    new_id = conn.execute(
        consents.insert()
        .values(
            workspace_id=workspace_id,
            person_id=person_id,
            scope=scope,
            channel=channel,
            text_shown=text_shown.strip(),
            proof=proof.strip(),
            given_at=now,
            recorded_by=actor.user_id if actor else None,
        )
        .returning(consents.c.id)
    ).scalar_one()
    detail = {"scope": scope, "channel": channel, "consent_id": int(new_id)}
    audit.record(
        conn,
        actor=actor,
        workspace_id=workspace_id,
        action="consent",
        subject_type="person",
        subject_id=person_id,
        now=now,
        detail=detail,
    )
    return int(new_id)


def withdraw(
    conn: Connection, *, actor: Actor | None, workspace_id: int, person_id: int, scope: str, now: datetime
) -> int:
    """Withdraw every active consent of ``scope``; returns how many were withdrawn."""
    result = conn.execute(
        update(consents)
        .where(
            consents.c.workspace_id == workspace_id,
            consents.c.person_id == person_id,
            consents.c.scope == scope,
            consents.c.withdrawn_at.is_(None),
        )
        .values(withdrawn_at=now)
    )
    if result.rowcount:
        audit.record(
            conn,
            actor=actor,
            workspace_id=workspace_id,
            action="consent_withdrawn",
            subject_type="person",
            subject_id=person_id,
            now=now,
            detail={"scope": scope},
        )
    return int(result.rowcount or 0)


def withdraw_consent(db: Database, *, actor: Actor, person_id: int, scope: str) -> int:
    require(actor, Action.MANAGE_PRIVACY)
    with db.begin() as conn:
        _person_exists(conn, actor.workspace_id, person_id)
        return withdraw(
            conn,
            actor=actor,
            workspace_id=actor.workspace_id,
            person_id=person_id,
            scope=scope,
            now=db.clock.now(),
        )


def consents_of(conn: Connection, *, workspace_id: int, person_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(consents)
        .where(consents.c.workspace_id == workspace_id, consents.c.person_id == person_id)
        .order_by(consents.c.given_at, consents.c.id)
    ).all()
    return [
        {
            "id": r.id,
            "scope": r.scope,
            "channel": r.channel,
            "text_shown": r.text_shown,
            "proof": r.proof,
            "given_at": r.given_at.isoformat(),
            "withdrawn_at": r.withdrawn_at.isoformat() if r.withdrawn_at else None,
        }
        for r in rows
    ]


def _active(conn: Connection, workspace_id: int, person_id: int, scope: ConsentScope) -> int | None:
    found = conn.execute(
        select(consents.c.id)
        .where(
            consents.c.workspace_id == workspace_id,
            consents.c.person_id == person_id,
            consents.c.scope == scope.value,
            consents.c.withdrawn_at.is_(None),
        )
        .limit(1)
    ).scalar()
    return int(found) if found is not None else None


def _check(scope: str, channel: str, text_shown: str, proof: str) -> None:
    if scope not in {s.value for s in ConsentScope}:
        raise InvalidInput(
            f"unknown consent scope {scope!r}; one of {', '.join(s.value for s in ConsentScope)}"
        )
    if channel not in CONSENT_CHANNELS:
        raise InvalidInput(
            f"unknown consent channel {channel!r}; one of {', '.join(sorted(CONSENT_CHANNELS))}"
        )
    if not text_shown.strip():
        raise InvalidInput("consent needs the exact text the person was shown")
    if not proof.strip():
        raise InvalidInput("consent needs proof (a form submission id, message id, recording reference …)")


def _person_exists(conn: Connection, workspace_id: int, person_id: int) -> None:
    found = conn.execute(
        select(people.c.id).where(people.c.id == person_id, people.c.workspace_id == workspace_id)
    ).first()
    if found is None:
        raise NotFound(f"no person {person_id}")
