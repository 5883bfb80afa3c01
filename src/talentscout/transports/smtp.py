"""Email over SMTP: one connection kept open per worker, errors sorted into transient, permanent, uncertain.

No tracking pixel and no link rewriting: the HTML part is the plain text as paragraphs. Every message
carries ``Message-ID``, ``Date``, a tagged ``Reply-To``, RFC 8058 one-click ``List-Unsubscribe`` headers
and ``X-Idempotency-Key``.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import formataddr, formatdate

from talentscout.transports.base import OutgoingEmail, TransportError

log = logging.getLogger(__name__)
# Long unsubscribe URLs stay on one line (the limit is 998), never RFC 2047-encoded.
SMTP_POLICY = compat32.clone(max_line_length=998, linesep="\r\n")
IDEMPOTENCY_HEADER = "X-Idempotency-Key"


def build_email(m: OutgoingEmail) -> Message:
    """The MIME message: text/plain, plus text/html when there is HTML, as multipart/alternative."""
    text = MIMEText(m.text, "plain", "utf-8")
    if m.html:
        # A boundary of our own (the bodies are base64, which has no "-" or "_"): the library would
        # otherwise compile a regular expression per message to pick a random one.
        msg: Message = MIMEMultipart("alternative", boundary=f"=_-{m.idempotency_key}")
        msg.attach(text)
        msg.attach(MIMEText(f"<!doctype html><html><body>{m.html}</body></html>", "html", "utf-8"))
    else:
        msg = text
    msg["From"] = formataddr((m.from_name, m.from_address), charset="utf-8")
    msg["To"] = m.to_address
    msg["Subject"] = _header(m.subject)
    msg["Date"] = formatdate(usegmt=True)
    msg["Message-ID"] = m.message_id
    msg["Reply-To"] = m.reply_to
    if m.in_reply_to:
        msg["In-Reply-To"] = m.in_reply_to
    if m.references:
        msg["References"] = " ".join(m.references)
    if m.unsubscribe_url:
        msg["List-Unsubscribe"] = f"<{m.unsubscribe_url}>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg[IDEMPOTENCY_HEADER] = m.idempotency_key
    for name, value in m.extra_headers.items():
        msg[name] = value
    return msg


def _header(value: str) -> str:
    """ASCII as is; anything else as an RFC 2047 encoded word."""
    return value if value.isascii() else Header(value, "utf-8").encode()


class SmtpTransport:
    """``idempotent`` says whether the relay drops a repeated ``X-Idempotency-Key`` (a setting)."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        security: str = "none",
        username: str | None = None,
        password: str | None = None,
        timeout: float = 30.0,
        idempotent: bool = False,
    ) -> None:
        self.host, self.port, self.security = host, port, security
        self.username, self.password, self.timeout = username, password, timeout
        self.idempotent = idempotent
        self._conn: smtplib.SMTP | None = None

    def send(self, message: OutgoingEmail) -> str:
        raw = build_email(message).as_bytes(policy=SMTP_POLICY)
        conn = self._connection()
        try:
            self._envelope(conn, message)
        except smtplib.SMTPServerDisconnected:
            self.close()  # a kept connection the server closed while idle: nothing was sent
            conn = self._connection()
            self._envelope(conn, message)
        try:
            code, reply = conn.data(raw)
        except smtplib.SMTPResponseException as exc:
            self._reset()
            raise _refusal(exc, "DATA") from None
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise TransportError(
                f"connection lost while handing over the message: {exc}", uncertain=True
            ) from None
        if code != 250:
            self._reset()
            raise _refusal(smtplib.SMTPResponseException(code, reply), "DATA")
        return reply.decode("utf-8", "replace")[:200] or message.message_id

    def _envelope(self, conn: smtplib.SMTP, message: OutgoingEmail) -> None:
        try:
            conn.ehlo_or_helo_if_needed()
            code, reply = conn.mail(message.from_address)
            if code != 250:
                raise smtplib.SMTPSenderRefused(code, reply, message.from_address)
            code, reply = conn.rcpt(message.to_address)
            if code not in (250, 251):
                raise smtplib.SMTPRecipientsRefused({message.to_address: (code, reply)})
        except smtplib.SMTPServerDisconnected:
            raise
        except smtplib.SMTPRecipientsRefused as exc:
            self._reset()
            code, reply = next(iter(exc.recipients.values()))
            raise _refusal(smtplib.SMTPResponseException(code, reply), "RCPT") from None
        except smtplib.SMTPResponseException as exc:
            self._reset()
            raise _refusal(exc, "MAIL", bounce=False) from None
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise TransportError(f"SMTP relay unavailable: {exc}") from None

    def _connection(self) -> smtplib.SMTP:
        if self._conn is not None:
            return self._conn
        try:
            if self.security == "tls":
                conn: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
                )
            else:
                conn = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
                if self.security == "starttls":
                    conn.starttls(context=ssl.create_default_context())
            if self.username:
                conn.login(self.username, self.password or "")
        except smtplib.SMTPAuthenticationError as exc:
            raise TransportError(f"SMTP login refused: {exc.smtp_code}", permanent=False) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise TransportError(f"cannot reach the SMTP relay {self.host}:{self.port}: {exc}") from None
        self._conn = conn
        return conn

    def _reset(self) -> None:
        if self._conn is None:
            return
        try:
            self._conn.rset()
        except (OSError, smtplib.SMTPException):
            self.close()

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.quit()
            except (OSError, smtplib.SMTPException):
                conn.close()


def _refusal(exc: smtplib.SMTPResponseException, stage: str, *, bounce: bool = True) -> TransportError:
    text = (
        exc.smtp_error.decode("utf-8", "replace")
        if isinstance(exc.smtp_error, bytes)
        else str(exc.smtp_error)
    )
    if 500 <= exc.smtp_code < 600:
        return TransportError(f"{stage} refused: {exc.smtp_code} {text}", permanent=True, bounce=bounce)
    return TransportError(f"{stage} deferred: {exc.smtp_code} {text}")


class LogTransport:
    """Writes each message to the log instead of sending it (development; the default)."""

    idempotent = True

    def send(self, message: OutgoingEmail) -> str:
        log.info("email (not sent) to %s: %s", message.to_address, message.subject)
        return f"log:{message.idempotency_key}"

    def close(self) -> None:
        return None
