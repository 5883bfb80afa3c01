"""One suppression list for every channel: checked before every send and by every import.

An identifier is normalised (the same match keys identity resolution uses: Gmail dots and ``+tags``,
E.164 phones, canonical profile URLs) and stored only as a keyed hash, so the list can outlive an
erasure without keeping the address itself.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError

from talentscout.db.tables import contact_points
from talentscout.db.tables_respect import suppressions
from talentscout.domain.contacts import email_match_key, normalise_phone, normalise_url
from talentscout.services.privacy_keys import existing_keys, keys_for

KINDS = ("email", "phone", "url")


def normalised(kind: str, value: str) -> str | None:
    """The comparable form of an identifier, or None when it cannot be one."""
    text = value.strip()
    if not text:
        return None
    if kind == "email":
        return email_match_key(text) if "@" in text else None
    if kind == "phone":
        point = normalise_phone(text)
        return point.value if point.valid else None
    if kind == "url":
        url = normalise_url(text)
        return url.value if url is not None and url.valid else None
    raise ValueError(f"unknown identifier kind {kind!r}")


def identifier_hash(workspace_id: int, kind: str, value: str, *, salt: str = "") -> str | None:
    """HMAC-SHA256 of the normalised identifier, keyed by the workspace's random salt."""
    key = normalised(kind, value)
    if key is None:
        return None
    message = f"{kind}:{key}".encode()
    secret = f"talentscout-suppression:{workspace_id}:{salt}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def hash_in(conn: Connection, workspace_id: int, kind: str, value: str, *, create: bool = True) -> str | None:
    """``identifier_hash`` with the workspace's salt read from the database.

    With ``create=False`` (look-ups) a workspace without keys yet has no suppressions: None.
    """
    keys = keys_for(conn, workspace_id) if create else existing_keys(conn, workspace_id)
    if keys is None:
        return None
    return identifier_hash(workspace_id, kind, value, salt=keys.suppression_salt)


def suppress(
    conn: Connection,
    *,
    workspace_id: int,
    kind: str,
    value: str,
    reason: str,
    now: datetime,
    note: str | None = None,
) -> bool:
    """Add an identifier; True when it was new. Adding one twice is harmless."""
    digest = hash_in(conn, workspace_id, kind, value)
    if digest is None:
        return False
    if _exists(conn, workspace_id, kind, digest):
        return False
    try:
        with conn.begin_nested():
            conn.execute(
                suppressions.insert().values(
                    workspace_id=workspace_id,
                    kind=kind,
                    value_hash=digest,
                    reason=reason,
                    note=note,
                    created_at=now,
                )
            )
    except IntegrityError:
        return False
    return True


def is_suppressed(conn: Connection, *, workspace_id: int, kind: str, value: str) -> bool:
    digest = hash_in(conn, workspace_id, kind, value, create=False)
    return digest is not None and _exists(conn, workspace_id, kind, digest)


def any_suppressed(conn: Connection, *, workspace_id: int, identifiers: Iterable[tuple[str, str]]) -> bool:
    return any(is_suppressed(conn, workspace_id=workspace_id, kind=k, value=v) for k, v in identifiers)


def person_identifiers(conn: Connection, *, workspace_id: int, person_id: int) -> list[tuple[str, str]]:
    """Every (kind, value) we hold for a person, in the kinds the list speaks."""
    rows = conn.execute(
        select(contact_points.c.kind, contact_points.c.value).where(
            contact_points.c.workspace_id == workspace_id, contact_points.c.person_id == person_id
        )
    ).all()
    out: list[tuple[str, str]] = []
    for kind, value in rows:
        k = "email" if kind == "email" else "phone" if kind == "phone" else "url"
        out.append((k, str(value)))
    return out


def person_is_suppressed(conn: Connection, *, workspace_id: int, person_id: int) -> bool:
    """True when any identifier of the person is on the list: one "stop" covers every channel."""
    return any_suppressed(
        conn,
        workspace_id=workspace_id,
        identifiers=person_identifiers(conn, workspace_id=workspace_id, person_id=person_id),
    )


def suppress_person(
    conn: Connection, *, workspace_id: int, person_id: int, reason: str, now: datetime
) -> int:
    """Put every identifier of a person on the list; returns how many were new."""
    return sum(
        suppress(conn, workspace_id=workspace_id, kind=k, value=v, reason=reason, now=now)
        for k, v in person_identifiers(conn, workspace_id=workspace_id, person_id=person_id)
    )


def _exists(conn: Connection, workspace_id: int, kind: str, digest: str) -> bool:
    found = conn.execute(
        select(suppressions.c.id).where(
            suppressions.c.workspace_id == workspace_id,
            suppressions.c.kind == kind,
            suppressions.c.value_hash == digest,
        )
    ).first()
    return found is not None
