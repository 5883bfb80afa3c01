"""The worker: polls the jobs table, runs each job in isolation, never dies on one bad job."""

from __future__ import annotations

import logging
import os
import socket
import threading
import traceback
from collections.abc import Callable

from talentscout.bootstrap import Container
from talentscout.services import jobs
from talentscout.worker import handlers, privacy_jobs
from talentscout.worker.sending import Sender

log = logging.getLogger(__name__)
Handler = Callable[[Container, jobs.Job], None]


class Worker:
    def __init__(
        self, container: Container, registry: dict[str, Handler] | None = None, sender: Sender | None = None
    ) -> None:
        self.c = container
        self.registry = registry if registry is not None else handlers.REGISTRY
        self.name = f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident() % 10_000}"
        self._sender = sender

    @property
    def sender(self) -> Sender:
        """The send loop (outbox), with transports built from the settings on first use."""
        if self._sender is None:
            self._sender = Sender(self.c, self.name)
        return self._sender

    def run_once(self, stop: threading.Event | None = None) -> int:
        """Run every job and send every message that is due now; return how many ran (succeeded or failed).

        With ``stop`` set (SIGTERM), the current message is finished and the rest is left for later.
        """
        count = self._run_jobs()
        return count + self.sender.run_once(stop)

    def _run_jobs(self) -> int:
        db = self.c.db
        with db.begin() as conn:
            jobs.release_stale(conn, now=db.clock.now())
        count = 0
        while True:
            with db.begin() as conn:
                job = jobs.claim(conn, worker=self.name, now=db.clock.now())
            if job is None:
                return count
            self._run(job)
            count += 1

    def run_forever(self, stop: threading.Event) -> None:
        privacy_jobs.schedule_daily(self.c.db)  # the retention run then re-queues itself every day
        while not stop.is_set():
            try:
                self.run_once(stop)
            except Exception:  # the database may be briefly unavailable; keep going
                log.exception("worker loop error")
            stop.wait(self.c.settings.worker_poll_seconds)

    def _run(self, job: jobs.Job) -> None:
        db = self.c.db
        handler = self.registry.get(job.kind)
        try:
            if handler is None:
                raise LookupError(f"no handler for job kind {job.kind!r}")
            handler(self.c, job)
        except Exception as exc:  # one bad job must never stop the worker
            log.warning("job %s (%s) failed: %s", job.id, job.kind, exc)
            with db.begin() as conn:
                jobs.fail(conn, job, error=_describe(exc), now=db.clock.now())
            return
        with db.begin() as conn:
            jobs.finish(conn, job)


def _describe(exc: BaseException) -> str:
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()
