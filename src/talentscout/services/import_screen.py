"""The suppression check every importer goes through: a suppressed or erased person is not re-created.

A new row is blocked when one of its identifiers is on the suppression list and no person still in
the pool holds that identifier (an unsubscribed person who is still here is updated as usual; the list
keeps them from being contacted). Blocked rows are reported, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import Connection, select, tuple_

from talentscout.db.people_writer import CHILDREN, Incoming
from talentscout.db.tables import contact_points
from talentscout.db.tables_respect import suppressions
from talentscout.domain.records import Problem
from talentscout.services.privacy_keys import existing_keys
from talentscout.services.suppression import identifier_hash

REASON = "on the suppression list (the person asked to be erased or not to be contacted); not imported"
SUPPRESSED = Problem("suppressed", REASON, None, fatal=True)
T = TypeVar("T")
_CHUNK = 500
_CONTACTS = next(i for i, spec in enumerate(CHILDREN) if spec.table is contact_points)


def contacts_of(item: Incoming) -> list[tuple[str, str]]:
    """The (kind, value) pairs of an incoming row's contact points."""
    return [(row[0], row[1]) for row in item.rows.children[_CONTACTS]]


def suppression_kind(contact_kind: str) -> str:
    return contact_kind if contact_kind in ("email", "phone") else "url"


def screen(
    conn: Connection, workspace_id: int, items: Sequence[T], contacts_of: Any
) -> tuple[list[T], list[T]]:
    """Split ``items`` into (allowed, blocked); ``contacts_of(item)`` gives its (kind, value) pairs."""
    keys = existing_keys(conn, workspace_id)
    if keys is None or not items:
        return list(items), []
    hashes: dict[int, set[str]] = {}
    pairs: dict[int, list[tuple[str, str]]] = {}
    for i, item in enumerate(items):
        pairs[i] = [(str(k), str(v)) for k, v in contacts_of(item)]
        hashes[i] = {
            h
            for k, v in pairs[i]
            if (h := identifier_hash(workspace_id, suppression_kind(k), v, salt=keys.suppression_salt))
        }
    listed = _listed(conn, workspace_id, set().union(*hashes.values()))
    if not listed:
        return list(items), []
    allowed: list[T] = []
    blocked: list[T] = []
    for i, item in enumerate(items):
        if hashes[i] & listed and not _still_in_pool(conn, workspace_id, pairs[i]):
            blocked.append(item)
        else:
            allowed.append(item)
    return allowed, blocked


def _listed(conn: Connection, workspace_id: int, hashes: set[str]) -> set[str]:
    found: set[str] = set()
    ordered = sorted(hashes)
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        found.update(
            conn.execute(
                select(suppressions.c.value_hash).where(
                    suppressions.c.workspace_id == workspace_id, suppressions.c.value_hash.in_(chunk)
                )
            ).scalars()
        )
    return found


def _still_in_pool(conn: Connection, workspace_id: int, pairs: list[tuple[str, str]]) -> bool:
    if not pairs:
        return False
    found = conn.execute(
        select(contact_points.c.id)
        .where(
            contact_points.c.workspace_id == workspace_id,
            tuple_(contact_points.c.kind, contact_points.c.value).in_(pairs),
        )
        .limit(1)
    ).first()
    return found is not None
