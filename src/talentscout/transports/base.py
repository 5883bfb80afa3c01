"""The sending ports and the error every adapter raises."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


class TransportError(Exception):
    """A send that did not go through.

    ``permanent``: retrying cannot help (a 5xx refusal, an invalid number); the step stops.
    ``uncertain``: the provider may have accepted the message (the connection broke after the data was
    handed over); it is never blindly re-sent. Neither: a transient failure, retried with back-off.
    ``bounce``: the recipient address itself was refused (SMTP 5xx on RCPT/DATA).
    """

    def __init__(
        self, message: str, *, permanent: bool = False, uncertain: bool = False, bounce: bool = False
    ) -> None:
        super().__init__(message)
        self.permanent = permanent
        self.uncertain = uncertain
        self.bounce = bounce


@dataclass(frozen=True)
class OutgoingEmail:
    idempotency_key: str
    message_id: str  # with angle brackets
    from_name: str
    from_address: str
    to_address: str
    reply_to: str
    subject: str
    text: str
    html: str | None
    unsubscribe_url: str | None
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    extra_headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class OutgoingSms:
    idempotency_key: str
    from_number: str
    to_number: str
    body: str


class EmailTransport(Protocol):
    idempotent: bool  # True when the provider drops a second send with the same idempotency key

    def send(self, message: OutgoingEmail) -> str:
        """Hand the message over; returns the provider's id for it. Raises ``TransportError``."""
        ...

    def close(self) -> None: ...


class SmsTransport(Protocol):
    idempotent: bool

    def send(self, message: OutgoingSms) -> str: ...

    def close(self) -> None: ...
