"""The worker's send loop: reconcile what dead workers left, claim due outbox rows, send each one.

Transports are built once per worker from the settings and keep their connection between messages.
One bad row never stops the loop: an unexpected error is recorded on the row, which is retried later.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import Connection, update

from talentscout.bootstrap import Container
from talentscout.db.tables_engage import outbox as outbox_table
from talentscout.services import outbox, outbox_batch
from talentscout.services.outbox_batch import Batch
from talentscout.services.outbox_send import Handed, SendContext, Transports, flush, process, relaxed_commit
from talentscout.services.unit_of_work import Database
from talentscout.settings import Settings
from talentscout.transports.sms import TwilioCompatibleSms
from talentscout.transports.smtp import LogTransport, SmtpTransport

log = logging.getLogger(__name__)


def transports_from(settings: Settings) -> Transports:
    if settings.email_transport == "smtp":
        email: SmtpTransport | LogTransport = SmtpTransport(
            settings.smtp_host,
            settings.smtp_port,
            security=settings.smtp_security,
            username=settings.smtp_username,
            password=settings.smtp_password,
            timeout=settings.smtp_timeout_seconds,
            idempotent=settings.smtp_relay_idempotent,
        )
    else:
        email = LogTransport()
    sms = None
    if settings.sms_api_url and settings.sms_account_sid and settings.sms_auth_token:
        sms = TwilioCompatibleSms(settings.sms_api_url, settings.sms_account_sid, settings.sms_auth_token)
    return Transports(email=email, sms=sms)


class PinnedDatabase(Database):
    """The worker's database on one connection for a whole pass: no pool checkout and no pre-ping per
    transaction (three transactions a message). A broken connection fails the pass; the next pass opens
    a new one."""

    def __init__(self, db: Database, conn: Connection) -> None:
        super().__init__(db.engine, db.clock)
        self._conn = conn

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        with self._conn.begin():
            yield self._conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self._conn.begin():
            yield self._conn


class Sender:
    def __init__(self, container: Container, name: str, transports: Transports | None = None) -> None:
        self.c = container
        self.name = f"{name}:{secrets.token_hex(3)}"  # unique even when a pid is reused
        self.transports = transports or transports_from(container.settings)
        self.ctx = SendContext(
            public_url=container.settings.public_url, reply_domain=container.settings.reply_domain
        )

    def run_once(self, stop: threading.Event | None = None) -> int:
        """Send everything due now (until ``stop`` is set); returns how many rows were processed."""
        with self.c.db.engine.connect() as conn:
            return self._pass(PinnedDatabase(self.c.db, conn), stop)

    def _pass(self, db: Database, stop: threading.Event | None) -> int:
        settings = self.c.settings
        with db.begin() as conn:
            outbox.reconcile(
                conn,
                now=db.clock.now(),
                lease=timedelta(seconds=settings.outbox_lease_seconds),
                idempotent=self.transports.idempotent(),
            )
        count = 0
        while stop is None or not stop.is_set():
            with db.begin() as conn:
                relaxed_commit(conn)
                ids = outbox.claim(conn, worker=self.name, now=db.clock.now(), limit=settings.send_batch_size)
                # What the checks and the rendering read about these recipients, in a few queries.
                now = db.clock.now()
                batch = outbox_batch.load(conn, ids, today=now.date(), now=now) if ids else None
            if not ids:
                break
            carry: list[Handed] = []
            for n, outbox_id in enumerate(ids):
                if stop is not None and stop.is_set():
                    flush(db, carry, batch)
                    self._release(db, ids[n:])
                    return count
                self._one(db, outbox_id, batch, carry)
                count += 1
            flush(db, carry, batch)
        return count

    def _one(self, db: Database, outbox_id: int, batch: Batch | None, carry: list[Handed]) -> None:
        try:
            outcome = process(
                db, self.transports, self.ctx, outbox_id=outbox_id, worker=self.name, batch=batch, carry=carry
            )
            log.debug("outbox %s: %s", outbox_id, outcome)
        except Exception as exc:  # one bad message must never stop the worker
            log.exception("outbox %s failed", outbox_id)
            self._release(db, [outbox_id], error=f"{type(exc).__name__}: {exc}"[:2000])

    def _release(self, db: Database, ids: list[int], error: str | None = None) -> None:
        """Give claimed rows back (a stop, or an unexpected error before anything was handed over)."""
        values: dict[str, object] = {"status": "pending", "locked_by": None, "locked_at": None}
        if error:
            values |= {
                "reason": f"retrying after an error: {error}",
                "due_at": db.clock.now() + timedelta(minutes=5),
            }
        with db.begin() as conn:
            conn.execute(
                update(outbox_table)
                .where(
                    outbox_table.c.id.in_(ids),
                    outbox_table.c.status == "claimed",
                    outbox_table.c.locked_by == self.name,
                )
                .values(**values)
            )

    def close(self) -> None:
        self.transports.email.close()
        if self.transports.sms is not None:
            self.transports.sms.close()
