"""Text-message replies pushed by a Twilio-compatible provider (a form post to our webhook).

The request is verified with the provider's ``X-Twilio-Signature`` (base64 HMAC-SHA1 of the full URL
followed by every form field name and value in name order, keyed with the account's auth token).
STOP, STOPALL, UNSUBSCRIBE, END, QUIT, CANCEL (and OPTOUT/REVOKE) put the person — every identifier we
hold for them — on the suppression list and stop every sequence; any other text is a reply.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import Connection, select

from talentscout.db.tables import activities
from talentscout.db.tables_engage import senders
from talentscout.domain.inbound.classify import classify_reply
from talentscout.domain.inbound.sms import sms_keyword
from talentscout.services import engage_events, inbound, suppression
from talentscout.services.errors import InvalidInput, PermissionDenied
from talentscout.services.inbound_webhook import workspace_for
from talentscout.services.unit_of_work import Database


def twilio_signature(auth_token: str, url: str, params: Mapping[str, str]) -> str:
    data = url + "".join(f"{k}{params[k]}" for k in sorted(params))
    return base64.b64encode(hmac.new(auth_token.encode(), data.encode(), hashlib.sha1).digest()).decode()


def verify(auth_token: str | None, *, url: str, params: Mapping[str, str], signature: str) -> None:
    if not auth_token:
        raise PermissionDenied("SMS webhooks are off: set TALENTSCOUT_SMS_AUTH_TOKEN")
    if not hmac.compare_digest(twilio_signature(auth_token, url, params), signature.strip()):
        raise PermissionDenied("bad X-Twilio-Signature")


def receive(db: Database, *, params: Mapping[str, str], workspace_slug: str | None = None) -> inbound.Outcome:
    """Take in one text message exactly once (keyed by the provider's MessageSid)."""
    sender, to, body = params.get("From", "").strip(), params.get("To", "").strip(), params.get("Body", "")
    sid = params.get("MessageSid") or params.get("SmsSid") or ""
    if not sender or not sid:
        raise InvalidInput("a text message needs From and MessageSid")
    now = db.clock.now()
    with db.begin() as conn:
        workspace_id = _workspace(conn, to, workspace_slug)
        intake = inbound.Intake(dedupe_key=f"sms:{sid}", source="sms")
        if inbound.seen(conn, workspace_id, intake.dedupe_key):
            return inbound.Outcome("duplicate")
        outcome = _handle(conn, workspace_id, sender, to, body, now)
        inbound.write_receipt(conn, workspace_id, intake, outcome, None, now)
    return outcome


def _handle(
    conn: Connection, workspace_id: int, sender: str, to: str, body: str, now: datetime
) -> inbound.Outcome:
    number = suppression.normalised("phone", sender) or sender
    thread = engage_events.find_thread(
        conn, workspace_id=workspace_id, message_ids=[], thread_token=None, from_address=number
    )
    keyword = sms_keyword(body)
    if keyword == "stop":
        suppression.suppress(
            conn, workspace_id=workspace_id, kind="phone", value=number, reason="unsubscribe", now=now
        )
        if thread is None:
            return inbound.Outcome("unsubscribe", problem="number suppressed; no person holds it")
        row = _record(conn, workspace_id, thread[0], "unsubscribe", body, number, to, now, "unsubscribe")
        return inbound.Outcome("unsubscribe", thread[0], row, "unsubscribe")
    if thread is None:
        return inbound.Outcome("unmatched", problem=f"no person holds {number}")
    if keyword in ("help", "start"):
        conn.execute(
            activities.insert().values(
                workspace_id=workspace_id,
                person_id=thread[0],
                kind="sms_keyword",
                summary=f"Text keyword {body.strip().upper()} received",
                data={"keyword": keyword},
                created_at=now,
            )
        )
        return inbound.Outcome("keyword", thread[0])
    verdict = classify_reply(body, now.date())
    kind = "unsubscribe" if verdict.label == "unsubscribe" else "reply"
    row = _record(conn, workspace_id, thread[0], kind, body, number, to, now, verdict.label)
    if verdict.label == "not_now" and verdict.until is not None:
        inbound.add_reminder(
            conn,
            workspace_id=workspace_id,
            person_id=thread[0],
            due=verdict.until,
            message_row_id=row,
            now=now,
        )
    return inbound.Outcome(kind, thread[0], row, verdict.label)


def _record(
    conn: Connection,
    workspace_id: int,
    person_id: int,
    kind: str,
    body: str,
    number: str,
    to: str,
    now: datetime,
    label: str,
) -> int:
    return engage_events.record_inbound(
        conn,
        workspace_id=workspace_id,
        person_id=person_id,
        channel="sms",
        kind=kind,
        now=now,
        body_text=body[:2000],
        from_address=number,
        to_address=to or None,
        classification=label,
    )


def _workspace(conn: Connection, to: str, slug: str | None) -> int:
    number = suppression.normalised("phone", to) if to else None
    if number:
        found = conn.execute(
            select(senders.c.workspace_id).where(senders.c.phone == number).limit(1)
        ).scalar()
        if found is not None:
            return int(found)
    return workspace_for(conn, [], slug)
