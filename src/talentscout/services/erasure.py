"""Erasure (GDPR Art. 17): the person and everything tied to them go; a tombstone of salted hashes stays.

What goes: the person, their source records (raw payloads), and every row in any table that points at
them (``erasure_scope``: messages, notes, files, vectors, list entries … whoever added the table), the
import issues that quote their rows, queued jobs that name them, and the details of audit entries about
them. What stays: ``suppressions`` rows (hashes only) so a re-import is blocked, anonymised counters in
``erasure_stats``, and audit entries (with ``detail`` redacted) that say an erasure happened.
Physical removal: ``compact`` rewrites the SQLite file (FTS optimise, VACUUM, WAL truncate) or vacuums
the PostgreSQL tables, so the bytes are gone too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, or_, select, text, update

from talentscout.db.tables import contact_points, import_issues, jobs, people, source_records
from talentscout.db.tables_respect import audit_log
from talentscout.domain.permissions import Action, Actor
from talentscout.services import audit, suppression
from talentscout.services.access import require
from talentscout.services.erasure_scope import merged_into, owned_tables
from talentscout.services.errors import NotFound
from talentscout.services.privacy_stats import count_erased
from talentscout.services.unit_of_work import Database

REDACTED = {"redacted": True}
_FTS_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'"
#: the worker job that makes erasures physical (``compact``)
COMPACT_JOB = "privacy.compact"


@dataclass
class ErasureReport:
    person_id: int
    rows: dict[str, int] = field(default_factory=dict)
    tombstones: int = 0
    files: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def erase_person(
    db: Database, *, actor: Actor, person_id: int, files_root: Path | None = None, compact_now: bool = False
) -> ErasureReport:
    """Erase a person on a privacy officer's or admin's instruction."""
    require(actor, Action.ERASE_PEOPLE)
    with db.begin() as conn:
        report = erase_in(
            conn, actor=actor, workspace_id=actor.workspace_id, person_id=person_id, now=db.clock.now()
        )
    _remove_files(report.files, files_root)
    if compact_now:
        compact(db)
    return report


def erase_in(
    conn: Connection,
    *,
    actor: Actor | None,
    workspace_id: int,
    person_id: int,
    now: datetime,
    reason: str = "erasure",
    by_label: str | None = None,
    tombstone: bool = True,
) -> ErasureReport:
    """Erase inside the caller's transaction (the privacy page and the retention job use this).

    ``tombstone=False`` (retention) keeps no hashes: the person may be lawfully collected again later.
    """
    _secure_delete(conn)
    if (
        conn.execute(
            select(people.c.id).where(people.c.id == person_id, people.c.workspace_id == workspace_id)
        ).first()
        is None
    ):
        raise NotFound("no such person")
    report = ErasureReport(person_id)
    if tombstone:
        report.tombstones = suppression.suppress_person(
            conn, workspace_id=workspace_id, person_id=person_id, reason=reason, now=now
        )
    quoted = _quoted_values(conn, workspace_id, person_id)
    records = [
        r
        for r, _ in conn.execute(
            select(source_records.c.id, source_records.c.external_id).where(
                source_records.c.person_id == person_id
            )
        )
    ]
    everyone = sorted(merged_into(conn, person_id))
    for owned in owned_tables():
        conditions = [c.in_(everyone) for c in owned.person_columns]
        conditions += [c.in_(records) for c in owned.record_columns] if records else []
        where = or_(*conditions)
        for column in owned.file_columns:
            report.files += [str(v) for v in conn.execute(select(column).where(where)).scalars() if v]
        _count(report, owned.table.name, conn.execute(delete(owned.table).where(where)).rowcount)
    _count(report, "import_issues", _drop_issues(conn, workspace_id, quoted))
    _count(report, "jobs", _drop_jobs(conn, workspace_id, person_id, quoted))
    _count(
        report,
        "source_records",
        conn.execute(delete(source_records).where(source_records.c.person_id == person_id)).rowcount,
    )
    _count(report, "people", conn.execute(delete(people).where(people.c.id == person_id)).rowcount)
    _redact_audit(conn, workspace_id, person_id)
    count_erased(conn, workspace_id=workspace_id, reason=reason, now=now, rows=report.rows)
    audit.record(
        conn,
        actor=actor,
        workspace_id=workspace_id,
        action="erase",
        subject_type="person",
        subject_id=person_id,
        now=now,
        detail={"reason": reason, "rows": report.total, "tombstones": report.tombstones},
        label=by_label,
    )
    return report


def compact(db: Database) -> None:
    """Make deleted rows physically unrecoverable from the database files."""
    if db.dialect == "sqlite":
        with db.engine.connect() as conn:
            for name in conn.exec_driver_sql(_FTS_TABLES).scalars().all():
                # deleted terms stay in older index segments until they are merged
                conn.exec_driver_sql(f'INSERT INTO "{name}"("{name}") VALUES (\'optimize\')')
            conn.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.exec_driver_sql("VACUUM")
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM"))


def _secure_delete(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA secure_delete = ON")


def _quoted_values(conn: Connection, workspace_id: int, person_id: int) -> set[str]:
    """Strings that would identify the person where other rows quote them (raw contact values, ids)."""
    values: set[str] = set()
    for kind, value, raw in conn.execute(
        select(contact_points.c.kind, contact_points.c.value, contact_points.c.raw).where(
            contact_points.c.person_id == person_id
        )
    ):
        values.update(v for v in (value, raw, f"{kind}:{value}") if v)
    values.update(
        conn.execute(
            select(source_records.c.external_id).where(source_records.c.person_id == person_id)
        ).scalars()
    )
    return {v for v in values if len(v) >= 3}


def _drop_issues(conn: Connection, workspace_id: int, quoted: set[str]) -> int:
    if not quoted:
        return 0
    values = list(quoted)
    result = conn.execute(
        delete(import_issues).where(
            import_issues.c.workspace_id == workspace_id,
            or_(import_issues.c.value.in_(values), import_issues.c.external_id.in_(values)),
        )
    )
    return int(result.rowcount or 0)


def _drop_jobs(conn: Connection, workspace_id: int, person_id: int, quoted: set[str]) -> int:
    """Queued work naming the person (its payload has their id or quotes an identifier)."""
    doomed = []
    for job_id, payload in conn.execute(
        select(jobs.c.id, jobs.c.payload).where(jobs.c.workspace_id == workspace_id)
    ):
        body = payload if isinstance(payload, dict) else {}
        dumped = json.dumps(payload, default=str)
        if body.get("person_id") == person_id or any(v in dumped for v in quoted):
            doomed.append(job_id)
    if doomed:
        conn.execute(delete(jobs).where(jobs.c.id.in_(doomed)))
    return len(doomed)


def _redact_audit(conn: Connection, workspace_id: int, person_id: int) -> None:
    conn.execute(
        update(audit_log)
        .where(
            audit_log.c.workspace_id == workspace_id,
            audit_log.c.subject_type == "person",
            audit_log.c.subject_id == person_id,
            audit_log.c.detail.is_not(None),
        )
        .values(detail=REDACTED)
    )


def _count(report: ErasureReport, table: str, rows: Any) -> None:
    if rows:
        report.rows[table] = report.rows.get(table, 0) + int(rows)


def _remove_files(paths: list[str], root: Path | None) -> None:
    """Delete stored files named by erased rows; only inside ``root`` (the data folder)."""
    if root is None:
        return
    base = root.resolve()
    for name in paths:
        path = (base / name).resolve()
        if path.is_relative_to(base) and path.is_file():
            path.unlink()


def queue_compaction(db: Database, *, workspace_id: int) -> None:
    """Queue the compaction job (the worker makes the erasure physical without holding up a request)."""
    from talentscout.services import jobs

    with db.begin() as conn:
        jobs.enqueue(conn, kind=COMPACT_JOB, payload={}, workspace_id=workspace_id, now=db.clock.now())
