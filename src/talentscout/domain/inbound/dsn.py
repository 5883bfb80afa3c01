"""Delivery status notifications (RFC 3464 ``multipart/report; report-type=delivery-status``).

A permanent failure (``Action: failed`` with a 5.x.x status) is a hard bounce: the address is flagged
and the person's sequences stop. A transient one (4.x.x, ``Action: delayed``) is a soft bounce: noted only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import EmailMessage, Message
from email.utils import parseaddr

_STATUS = re.compile(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b")
_MESSAGE_ID = re.compile(r"<[^<>\s]+@[^<>\s]+>")


@dataclass(frozen=True)
class Recipient:
    address: str
    action: str
    status: str
    diagnostic: str

    @property
    def hard(self) -> bool:
        return self.action == "failed" and self.status.startswith("5")


@dataclass(frozen=True)
class DeliveryReport:
    recipients: tuple[Recipient, ...]
    original_message_id: str | None
    reporting_mta: str | None

    @property
    def hard_bounces(self) -> list[Recipient]:
        return [r for r in self.recipients if r.hard]

    @property
    def soft_bounces(self) -> list[Recipient]:
        return [r for r in self.recipients if not r.hard and r.action in ("failed", "delayed")]


def is_report(msg: Message) -> bool:
    return msg.get_content_type() == "multipart/report" and (
        str(msg.get_param("report-type") or "").lower() == "delivery-status"
    )


def parse_report(msg: Message) -> DeliveryReport | None:
    """The report's recipients and the Message-ID of the message that bounced, or None when ``msg`` is
    not a delivery-status report."""
    if not is_report(msg):
        return None
    recipients: list[Recipient] = []
    original: str | None = None
    mta: str | None = None
    for part in msg.walk():
        kind = part.get_content_type()
        if kind == "message/delivery-status":
            blocks = _blocks(part)
            if blocks:
                mta = _value(blocks[0].get("reporting-mta")) or mta
            recipients += [r for r in (_recipient(b) for b in blocks) if r is not None]
        elif kind in ("message/rfc822", "text/rfc822-headers", "message/rfc822-headers"):
            original = original or _original_id(part)
    return DeliveryReport(tuple(recipients), original, mta)


def _blocks(part: Message) -> list[dict[str, str]]:
    """The per-message and per-recipient field groups, as lower-cased dicts."""
    payload = part.get_payload()
    if isinstance(payload, list):
        return [
            {k.lower(): str(v) for k, v in block.items()} for block in payload if isinstance(block, Message)
        ]
    text = payload if isinstance(payload, str) else ""
    out: list[dict[str, str]] = []
    for chunk in re.split(r"\r?\n\s*\r?\n", text):
        fields: dict[str, str] = {}
        for line in chunk.splitlines():
            if ":" in line and not line[:1].isspace():
                key, _, value = line.partition(":")
                fields[key.strip().lower()] = value.strip()
        if fields:
            out.append(fields)
    return out


def _value(field: str | None) -> str | None:
    """``rfc822; user@example.org`` → ``user@example.org``."""
    if not field:
        return None
    return field.split(";", 1)[-1].strip() or None


def _recipient(block: dict[str, str]) -> Recipient | None:
    address = _value(block.get("final-recipient")) or _value(block.get("original-recipient"))
    action = (block.get("action") or "").strip().lower()
    if not address or not action:
        return None
    match = _STATUS.search(block.get("status", ""))
    status = ".".join(match.groups()) if match else ""
    return Recipient(address.strip("<>"), action, status, " ".join(block.get("diagnostic-code", "").split()))


def _original_id(part: Message) -> str | None:
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        value = payload[0].get("message-id")
        return str(value).strip() if value else None
    if isinstance(part, EmailMessage) or isinstance(payload, str):
        text = payload if isinstance(payload, str) else ""
        for line in text.splitlines():
            if line.lower().startswith("message-id:"):
                found = _MESSAGE_ID.search(line)
                return found.group(0) if found else None
    return None


@dataclass(frozen=True)
class Complaint:
    """A spam complaint sent back by a mailbox provider (RFC 5965 abuse feedback report)."""

    feedback_type: str
    recipient: str | None
    original_message_id: str | None


def parse_complaint(msg: Message) -> Complaint | None:
    """The complaint in a ``multipart/report; report-type=feedback-report`` message, or None."""
    if msg.get_content_type() != "multipart/report" or (
        str(msg.get_param("report-type") or "").lower() != "feedback-report"
    ):
        return None
    kind, recipient, original = "abuse", None, None
    for part in msg.walk():
        content = part.get_content_type()
        if content == "message/feedback-report":
            fields = {k: v for block in _blocks(part) for k, v in block.items()}
            kind = fields.get("feedback-type", kind).strip().lower()
            recipient = _value(fields.get("original-rcpt-to")) or recipient
        elif content in ("message/rfc822", "text/rfc822-headers", "message/rfc822-headers"):
            original = original or _original_id(part)
            recipient = recipient or _original_to(part)
    return Complaint(kind, recipient.strip("<>").lower() if recipient else None, original)


def _original_to(part: Message) -> str | None:
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        return parseaddr(str(payload[0].get("to") or ""))[1] or None
    text = payload if isinstance(payload, str) else ""
    for line in text.splitlines():
        if line.lower().startswith("to:"):
            return parseaddr(line.split(":", 1)[1])[1] or None
    return None
