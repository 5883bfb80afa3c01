"""Identity resolution inside an import: index each stored record, match it, flag agency submissions.

Runs in the import's batch transaction, after the batch's people and source records are written:
every incoming record starts as its own person and is merged (reversibly) into the person it
matches. Agency submissions of someone who was already in the pool are flagged with who was first.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from talentscout.db.bulk import chunks
from talentscout.db.people_writer import DerivedRows
from talentscout.db.tables import imports, jobs, source_records, sources, users
from talentscout.db.tables_identity import submission_flags
from talentscout.domain.records import SourceChannel
from talentscout.domain.survivorship import utc_timestamp
from talentscout.services import identity_pool as pool
from talentscout.services import identity_settings
from talentscout.services import identity_store as store
from talentscout.services import jobs as job_queue
from talentscout.services.identity_match import MatchSummary, match
from talentscout.services.unit_of_work import Database

#: the background job that resolves records a large import stored without matching them
MATCH_JOB = "identity_match"
PENDING_CHUNK = 5_000


def match_imported(
    conn: Connection,
    *,
    workspace_id: int,
    source_id: int,
    channel: str,
    items: Sequence[tuple[int, DerivedRows]],
    now: datetime,
    new: int = 0,
) -> MatchSummary:
    """Index and match the (source record id, derived rows) of one import batch; the first ``new``
    items are records created by this batch (the others were changed and are re-indexed)."""
    if not items:
        return MatchSummary()
    records = [store.record_of_rows(sr_id, source_id, rows) for sr_id, rows in items]
    keys = store.save(conn, workspace_id, records[:new], new=True)
    keys |= store.save(conn, workspace_id, records[new:])
    settings = identity_settings.current(conn, workspace_id)
    summary = match(conn, workspace_id=workspace_id, records=records, now=now, keys=keys, settings=settings)
    if channel == SourceChannel.AGENCY.value:
        flag_submissions(conn, workspace_id, [sr_id for sr_id, _ in items], now)
    return summary


def flag_submissions(conn: Connection, workspace_id: int, record_ids: Iterable[int], now: datetime) -> int:
    """Flag agency records whose person was in the pool before them (or submitted by another agency
    first), naming the first record: its source, channel, who imported it and when. Returns the count."""
    ids = list(record_ids)
    if not ids:
        return 0
    sr = source_records.c
    mine = conn.execute(
        select(sr.id, sr.person_id, sr.source_id, sr.created_at).where(
            sr.id.in_(ids), sr.channel == SourceChannel.AGENCY.value, sr.person_id.is_not(None)
        )
    ).all()
    have = {
        r[0]
        for r in conn.execute(
            select(submission_flags.c.source_record_id).where(submission_flags.c.source_record_id.in_(ids))
        )
    }
    added = 0
    for record in mine:
        if record.id in have:
            continue
        first = _first_before(conn, record)
        if first is None:
            continue
        reason = "other_agency" if first.channel == SourceChannel.AGENCY.value else "in_pool"
        conn.execute(
            submission_flags.insert().values(
                workspace_id=workspace_id,
                source_record_id=record.id,
                first_record_id=first.id,
                first_source=first.name,
                first_channel=first.channel,
                first_by=first.user_name,
                first_at=first.created_at,
                reason=reason,
                created_at=now,
            )
        )
        added += 1
    return added


def _first_before(conn: Connection, record: Any) -> Any:
    """The person's earliest record from another source, created before ``record``; another agency's
    submission wins over any other channel, as the fee dispute is between agencies."""
    sr = source_records.c
    rows = conn.execute(
        select(
            sr.id, sr.channel, sr.created_at, sr.source_id, sources.c.name, users.c.name.label("user_name")
        )
        .join(sources, sources.c.id == sr.source_id)
        .outerjoin(imports, imports.c.id == sr.first_import_id)
        .outerjoin(users, users.c.id == imports.c.user_id)
        .where(
            sr.person_id == record.person_id,
            sr.source_id != record.source_id,
        )
        .order_by(sr.created_at, sr.id)
    ).all()
    at = utc_timestamp(record.created_at)
    earlier = [
        r
        for r in rows
        if utc_timestamp(r.created_at) < at or (utc_timestamp(r.created_at) == at and r.id < record.id)
    ]
    agencies = [r for r in earlier if r.channel == SourceChannel.AGENCY.value]
    found = agencies or earlier
    return found[0] if found else None


def queue_matching(conn: Connection, *, workspace_id: int, now: datetime) -> None:
    """Queue one ``identity_match`` job for the workspace (none is added while one is waiting)."""
    waiting = conn.execute(
        select(jobs.c.id).where(
            jobs.c.kind == MATCH_JOB, jobs.c.workspace_id == workspace_id, jobs.c.status == "queued"
        )
    ).first()
    if waiting is None:
        job_queue.enqueue(
            conn, kind=MATCH_JOB, payload={"workspace_id": workspace_id}, now=now, workspace_id=workspace_id
        )


def match_pending(
    db: Database,
    *,
    workspace_id: int,
    chunk: int = PENDING_CHUNK,
    on_progress: Callable[[int], None] | None = None,
    workers: int | None = None,
    apply: bool = True,
) -> MatchSummary:
    """Index and match every record of the workspace that is not in the matching index yet (records
    of a large import) against the whole pool: all of them are indexed first, then matched ``chunk``
    records per transaction, each pair of them once. ``workers``: processes that score (default: one
    per CPU; small runs stay in-process, see ``identity_pool``). ``apply=False``: decisions only."""
    with db.read() as conn:
        todo = store.all_missing(conn, workspace_id)
        settings = identity_settings.current(conn, workspace_id)
    if not todo:
        return MatchSummary()
    count = pool.worker_count(db, workers, len(todo))
    executor = pool.start_pool(db, count, todo) if count > 1 else None
    done = 0

    def progress(records: int) -> None:
        nonlocal done
        done += records
        if on_progress:
            on_progress(done)

    try:
        started = time.perf_counter()
        pool.index_records(db, workspace_id, todo, chunk, executor)
        indexed = time.perf_counter()
        try:
            summary = pool.match_batches(
                db,
                pool.Job(workspace_id, settings=settings, apply=apply),
                chunks(todo, chunk),
                pool=executor,
                pending=pool.Pending(todo),
                after_apply=lambda conn, ids: _flag_batch(conn, workspace_id, ids, db.clock.now()),
                on_batch=progress,
            )
        except BaseException:
            with db.begin() as conn:  # unmatched records leave the index: a retry matches them
                store.forget(conn, todo[done:])
            raise
    finally:
        if executor is not None:
            executor.shutdown(cancel_futures=True)
    summary.seconds = {"index": indexed - started, "match": time.perf_counter() - indexed}
    return summary


def _flag_batch(conn: Connection, workspace_id: int, ids: Sequence[int], now: datetime) -> None:
    flag_submissions(conn, workspace_id, ids, now)
