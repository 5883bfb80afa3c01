"""Signed, expiring links to a person's privacy page; no account needed.

A token is ``<workspace id>.<signed payload>``; the payload (person id, expiry, purpose) is signed with
the workspace's link key (``privacy_keys``). Expiry is checked against the service clock, so it is
testable and not tied to the wall clock of the signing library.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import Connection

from talentscout.services.errors import NotFound
from talentscout.services.privacy_keys import Keys, existing_keys, keys_for

LINK_DAYS = 30
_SALT = "talentscout-privacy-page"
PAGE_PREFIX = "/privacy/p/"


class LinkTarget(NamedTuple):
    workspace_id: int
    person_id: int
    purpose: str


def make_token(
    conn: Connection,
    *,
    workspace_id: int,
    person_id: int,
    now: datetime,
    days: int = LINK_DAYS,
    purpose: str = "page",
    keys: Keys | None = None,
) -> str:
    """``keys``: the workspace's keys when the caller has them already (the send path, per batch)."""
    key = (keys or keys_for(conn, workspace_id)).link_key
    expires = int((now + timedelta(days=days)).timestamp())
    signed = URLSafeSerializer(key, salt=_SALT).dumps({"p": person_id, "x": expires, "u": purpose})
    return f"{workspace_id}.{signed}"


def read_token(conn: Connection, token: str, *, now: datetime, purpose: str = "page") -> LinkTarget:
    """The person a token points at; NotFound (the same message for every failure) when it is not valid."""
    invalid = NotFound("this privacy link is not valid or has expired; ask for a new one")
    head, _, signed = token.partition(".")
    if not head.isdigit() or not signed or len(token) > 400:
        raise invalid
    keys = existing_keys(conn, int(head))
    if keys is None:
        raise invalid
    try:
        data = URLSafeSerializer(keys.link_key, salt=_SALT).loads(signed)
    except BadSignature:
        raise invalid from None
    if not isinstance(data, dict) or data.get("u") != purpose:
        raise invalid
    person_id, expires = data.get("p"), data.get("x")
    if not isinstance(person_id, int) or not isinstance(expires, int) or now.timestamp() > expires:
        raise invalid
    return LinkTarget(int(head), person_id, purpose)


def page_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}{PAGE_PREFIX}{token}"
