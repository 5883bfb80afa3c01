"""Adapters that move a message to a provider: SMTP for email, a Twilio-compatible HTTP API for SMS.

Each implements a small port (``EmailTransport``, ``SmsTransport``) and raises ``TransportError`` with
``permanent`` (never retry: the address or message is refused) or ``uncertain`` (the provider may have
accepted the message; see docs/decisions/013-sending-exactly-once.md).
"""

from talentscout.transports.base import (
    EmailTransport,
    OutgoingEmail,
    OutgoingSms,
    SmsTransport,
    TransportError,
)

__all__ = ["EmailTransport", "OutgoingEmail", "OutgoingSms", "SmsTransport", "TransportError"]
