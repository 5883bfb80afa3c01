"""Inbound email pushed by a provider as JSON (the Mailgun / Postmark / SendGrid "inbound parse" style).

The request is signed: ``X-TalentScout-Timestamp`` (Unix seconds) and ``X-TalentScout-Signature:
sha256=<hex>``, the HMAC-SHA256 of ``"<timestamp>." + body`` with ``TALENTSCOUT_INBOUND_WEBHOOK_SECRET``;
a signature older than five minutes is refused (no replays). The payload is either the raw message
(``raw`` as text, or ``raw_base64``) or its parts: ``from``, ``to``, ``subject``, ``text``, ``html``,
``message_id``, ``in_reply_to``, ``references``, ``headers`` (an object, or a list of name/value pairs),
and the provider's ``id`` (the retry key).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, func, select

from talentscout.db.tables import workspaces
from talentscout.db.tables_engage import senders
from talentscout.domain.inbound.message import (
    InboundEmail,
    MalformedMessage,
    address_of,
    html_to_text,
    message_ids,
    parse_email,
)
from talentscout.services import engage_events, inbound
from talentscout.services.errors import InvalidInput, PermissionDenied
from talentscout.services.unit_of_work import Database

MAX_SKEW_SECONDS = 300


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify(secret: str | None, *, timestamp: str, signature: str, body: bytes, now: float) -> None:
    """Raise ``PermissionDenied`` unless the request was signed with the secret in the last 5 minutes."""
    if not secret:
        raise PermissionDenied("inbound email webhooks are off: set TALENTSCOUT_INBOUND_WEBHOOK_SECRET")
    try:
        age = abs(now - int(timestamp))
    except ValueError:
        raise PermissionDenied("missing or malformed X-TalentScout-Timestamp") from None
    if age > MAX_SKEW_SECONDS:
        raise PermissionDenied("the signature has expired; sign each request when sending it")
    if not hmac.compare_digest(sign(secret, timestamp, body), signature.strip()):
        raise PermissionDenied("bad X-TalentScout-Signature")


def email_from_json(payload: Mapping[str, Any]) -> InboundEmail:
    raw = _raw(payload)
    if raw is not None:
        try:
            return parse_email(raw)
        except MalformedMessage as exc:
            raise InvalidInput(str(exc)) from None
    sender = address_of(_text(payload.get("from")))
    if sender is None:
        raise InvalidInput("'from' must hold an email address")
    headers = {k.lower(): v for k, v in _headers(payload.get("headers")).items()}
    body = _text(payload.get("text")) or html_to_text(_text(payload.get("html")))
    in_reply_to = message_ids(_text(payload.get("in_reply_to")) or headers.get("in-reply-to"))
    own = message_ids(_text(payload.get("message_id")) or headers.get("message-id"))
    return InboundEmail(
        message_id=own[0] if own else None,
        in_reply_to=in_reply_to[0] if in_reply_to else None,
        references=tuple(message_ids(_text(payload.get("references")) or headers.get("references"))),
        from_address=sender,
        from_name="",
        to_addresses=tuple(a for a in (address_of(t, lower=False) for t in _list(payload.get("to"))) if a),
        subject=" ".join(_text(payload.get("subject")).split()),
        text=body.strip(),
        headers=headers,
    )


def receive(
    db: Database, *, payload: Mapping[str, Any], workspace_slug: str | None = None
) -> inbound.Outcome:
    """Take in one pushed email exactly once (the provider's ``id``, else the Message-ID, is the key)."""
    mail = email_from_json(payload)
    with db.read() as conn:
        workspace_id = workspace_for(conn, mail.to_addresses, workspace_slug)
    key = _text(payload.get("id")) or mail.message_id
    if not key:
        raise InvalidInput("the payload needs an 'id' or a Message-ID so a retry is not taken twice")
    intake = inbound.Intake(dedupe_key=f"webhook:{key}", source="webhook")
    return inbound.receive_email(db, workspace_id=workspace_id, raw=mail, intake=intake)


def workspace_for(conn: Connection, to_addresses: tuple[str, ...] | list[str], slug: str | None) -> int:
    """The workspace a message was sent to: by reply token, by sender mailbox, by slug, or the only one."""
    for address in to_addresses:
        token = engage_events.thread_token_of(address)
        if token:
            tagged = engage_events.message_with_token(conn, token)
            if tagged is not None:
                return int(tagged.workspace_id)
    if to_addresses:
        found = conn.execute(
            select(senders.c.workspace_id)
            .where(func.lower(senders.c.email).in_([a.lower() for a in to_addresses]))
            .limit(1)
        ).scalar()
        if found is not None:
            return int(found)
    rows = conn.execute(select(workspaces.c.id, workspaces.c.slug)).all()
    if slug:
        rows = [r for r in rows if r.slug == slug]
    if len(rows) != 1:
        raise InvalidInput("cannot tell which workspace this message belongs to; add ?workspace=<slug>")
    return int(rows[0].id)


def _raw(payload: Mapping[str, Any]) -> bytes | None:
    if isinstance(payload.get("raw_base64"), str):
        try:
            return base64.b64decode(payload["raw_base64"], validate=True)
        except (binascii.Error, ValueError):
            raise InvalidInput("'raw_base64' is not valid base64") from None
    if isinstance(payload.get("raw"), str):
        return str(payload["raw"]).encode("utf-8", errors="replace")
    return None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _headers(value: Any) -> dict[str, str]:
    if isinstance(value, Mapping):
        return {str(k): str(v) for k, v in value.items()}
    if isinstance(value, list):
        out: dict[str, str] = {}
        for item in value:
            if isinstance(item, Mapping) and "name" in item:
                out[str(item["name"])] = str(item.get("value", ""))
            elif isinstance(item, list | tuple) and len(item) == 2:
                out[str(item[0])] = str(item[1])
        return out
    return {}
