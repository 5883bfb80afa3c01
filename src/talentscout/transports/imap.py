"""Reading a mailbox over IMAP (RFC 9051/3501) with the standard library's ``imaplib``.

The poller needs four things: the mailbox's UIDVALIDITY, the UIDs above the last one it took, each
message's raw bytes, and to close the connection. Messages are fetched with ``BODY.PEEK[]`` so the
mailbox's \\Seen flags stay the recruiter's business.
"""

from __future__ import annotations

import imaplib
import re
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Protocol

_UIDVALIDITY = re.compile(rb"UIDVALIDITY (\d+)")


class MailboxError(Exception):
    """The mailbox cannot be reached or refused a command; the message says which and why."""


class Mailbox(Protocol):
    name: str

    def uidvalidity(self) -> int: ...

    def uids_after(self, last_uid: int) -> list[int]: ...

    def fetch(self, uid: int) -> bytes: ...


@dataclass(frozen=True)
class ImapConfig:
    host: str
    port: int
    username: str
    password: str
    mailbox: str = "INBOX"
    security: str = "tls"  # tls | starttls | none
    timeout: float = 30.0

    @property
    def label(self) -> str:
        return f"{self.username}@{self.host}:{self.port}/{self.mailbox}"


class ImapMailbox:
    """One logged-in connection with the mailbox selected read-only. Use as a context manager."""

    def __init__(self, config: ImapConfig) -> None:
        self.config = config
        self.name = config.label
        self._conn: imaplib.IMAP4 | None = None

    def __enter__(self) -> ImapMailbox:
        c = self.config
        try:
            if c.security == "tls":
                conn: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                    c.host, c.port, ssl_context=ssl.create_default_context(), timeout=c.timeout
                )
            else:
                conn = imaplib.IMAP4(c.host, c.port, timeout=c.timeout)
                if c.security == "starttls":
                    conn.starttls(ssl.create_default_context())
            conn.login(c.username, c.password)
            status, _ = conn.select(_quoted(c.mailbox), readonly=True)
        except (OSError, imaplib.IMAP4.error) as exc:
            raise MailboxError(f"cannot open {c.label}: {_text(exc)}") from None
        if status != "OK":
            raise MailboxError(f"cannot select mailbox {c.mailbox!r} on {c.host}")
        self._conn = conn
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
                self._conn.logout()
            except (OSError, imaplib.IMAP4.error):
                pass
            self._conn = None

    @property
    def conn(self) -> imaplib.IMAP4:
        if self._conn is None:
            raise MailboxError("the mailbox is not open")
        return self._conn

    def uidvalidity(self) -> int:
        status, data = self._call(lambda: self.conn.status(_quoted(self.config.mailbox), "(UIDVALIDITY)"))
        match = _UIDVALIDITY.search(b" ".join(d for d in data if isinstance(d, bytes)))
        if status != "OK" or match is None:
            raise MailboxError(f"{self.name} did not report its UIDVALIDITY")
        return int(match.group(1))

    def uids_after(self, last_uid: int) -> list[int]:
        """UIDs greater than ``last_uid``, ascending (``n:*`` always includes the newest, so filter)."""
        status, data = self._call(lambda: self.conn.uid("SEARCH", "UID", f"{last_uid + 1}:*"))
        if status != "OK":
            raise MailboxError(f"{self.name} refused UID SEARCH")
        found = b" ".join(d for d in data if isinstance(d, bytes)).split()
        return sorted(u for u in (int(x) for x in found if x.isdigit()) if u > last_uid)

    def fetch(self, uid: int) -> bytes:
        status, data = self._call(lambda: self.conn.uid("FETCH", str(uid), "(BODY.PEEK[])"))
        if status != "OK":
            raise MailboxError(f"{self.name} refused to fetch UID {uid}")
        for item in data:
            if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
                return item[1]
        raise MailboxError(f"UID {uid} is no longer in {self.name}")

    def _call(self, fn: Callable[[], tuple[str, list[Any]]]) -> tuple[str, list[Any]]:
        try:
            return fn()
        except (OSError, imaplib.IMAP4.error) as exc:
            raise MailboxError(f"{self.name}: {_text(exc)}") from None


def _quoted(mailbox: str) -> str:
    return mailbox if mailbox.isalnum() else '"' + mailbox.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text(exc: BaseException) -> str:
    text = str(exc)
    return text[2:-1] if text.startswith("b'") else text
