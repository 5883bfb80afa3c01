"""The matcher over many batches (a large import's records, ``dedupe``), in worker processes when it pays.

Scoring a batch (``identity_match.score``: key lookups, loading candidates, the bound and ``compare``)
only reads the index, so worker processes score batches side by side, each through its own
connection; the calling process is the only writer. It applies the results one batch at a time, in
batch order, each in its own transaction — the same order, and the same decisions, as scoring them
one after another in-process (``workers=1``):

* merges and review pairs are decided when a batch is applied, against the people as they are then;
* a batch scored while another batch's shared identifiers were not flagged yet (a flag changes what
  counts as evidence) is scored again, in-process, before it is applied.

See ``docs/decisions/016-parallel-identity-matching.md``.
"""

from __future__ import annotations

import os
from array import array
from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any

from sqlalchemy import Connection, Engine, event

from talentscout.db.bulk import bulk_writes, chunks
from talentscout.db.engine import make_engine
from talentscout.domain.identity import DEFAULT_SETTINGS, MatchSettings
from talentscout.domain.permissions import Actor
from talentscout.services import identity_store as store
from talentscout.services.identity_match import MatchSummary, Scored, apply_scored, score
from talentscout.services.unit_of_work import Database

#: fewer records than this are matched in-process: starting worker processes costs about a second
MIN_PARALLEL = 20_000


@dataclass(frozen=True)
class Job:
    """What every batch of one run shares."""

    workspace_id: int
    settings: MatchSettings = DEFAULT_SETTINGS
    #: compare a record only with records of smaller id (``dedupe``: every pair once)
    only_older: bool = False
    #: merge and queue reviews (False: decisions only, nothing written but flags)
    apply: bool = True
    actor: Actor | None = None


def worker_count(db: Database, requested: int | None, records: int) -> int:
    """Processes to score with: ``requested`` (default: the CPU count), 1 for a small run or a
    database other processes cannot open (in-memory SQLite)."""
    wanted = requested if requested is not None else (os.cpu_count() or 1)
    if wanted <= 1 or records < MIN_PARALLEL or not _shareable(db.engine):
        return 1
    return wanted


def _shareable(engine: Engine) -> bool:
    url = engine.url
    return url.get_backend_name() != "sqlite" or url.database not in (None, "", ":memory:")


class Pending:
    """Ids of one run's records (sorted), for ``skip_newer``: two of them meet once, from the newer."""

    def __init__(self, ids: Sequence[int]) -> None:
        self.ids = ids
        #: (first, last) when the ids are one unbroken run (a large import): a range check is enough
        self.span = (ids[0], ids[-1]) if ids and ids[-1] - ids[0] + 1 == len(ids) else None

    def __call__(self, record_id: int) -> bool:
        if self.span is not None:
            return self.span[0] <= record_id <= self.span[1]
        at = bisect_left(self.ids, record_id)
        return at < len(self.ids) and self.ids[at] == record_id


def score_ids(
    conn: Connection, job: Job, ids: Sequence[int], ignored: frozenset[str], pending: Pending | None
) -> Scored:
    """Score the indexed records ``ids`` (read only)."""
    loaded = store.load(conn, ids)
    return score(
        conn,
        workspace_id=job.workspace_id,
        records=[loaded[i].record for i in ids if i in loaded],
        keys=store.keys_of(conn, ids),
        ignored=ignored,
        settings=job.settings,
        only_older=job.only_older,
        skip_newer=pending,
        keep_records=job.apply,
    )


def match_batches(
    db: Database,
    job: Job,
    batches: Iterable[Sequence[int]],
    *,
    pool: ProcessPoolExecutor | None = None,
    pending: Pending | None = None,
    after_apply: Callable[[Connection, Sequence[int]], object] | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> MatchSummary:
    """Score and apply every batch of indexed record ids, in order; scored in ``pool`` when given
    (its workers were started by ``start_pool`` with the same ``pending``). ``after_apply`` runs in
    each batch's transaction; ``on_batch(records)`` after each commit."""
    summary = MatchSummary()
    # the one writing connection, tuned like an import's: merges re-point rows all over large tables
    with db.engine.connect() as conn, bulk_writes(conn):
        for ids, scored in _scored(db, job, batches, pool, pending):
            with conn.begin():
                ignored = store.flagged(conn, job.workspace_id)
                if scored is None or scored.ignored != ignored:
                    scored = score_ids(conn, job, ids, ignored, pending)
                summary.add(
                    apply_scored(
                        conn,
                        scored,
                        workspace_id=job.workspace_id,
                        now=db.clock.now(),
                        actor=job.actor,
                        settings=job.settings,
                        apply=job.apply,
                    )
                )
                if after_apply:
                    after_apply(conn, ids)
            if on_batch:
                on_batch(len(ids))
    return summary


def _scored(
    db: Database,
    job: Job,
    batches: Iterable[Sequence[int]],
    pool: ProcessPoolExecutor | None,
    pending: Pending | None,
) -> Iterator[tuple[Sequence[int], Scored | None]]:
    """(ids, what a worker scored) in batch order; None: score in-process. A few batches run ahead."""
    if pool is None:
        yield from ((ids, None) for ids in batches)
        return
    ahead = 2 * (os.cpu_count() or 1)
    window: deque[tuple[Sequence[int], Future[Scored]]] = deque()
    with db.read() as conn:
        ignored = store.flagged(conn, job.workspace_id)
    for ids in batches:
        window.append((ids, pool.submit(_score_in_worker, job, list(ids), ignored)))
        if len(window) >= ahead:
            done, future = window.popleft()
            yield done, future.result()
            with db.read() as conn:
                ignored = store.flagged(conn, job.workspace_id)
    while window:
        done, future = window.popleft()
        yield done, future.result()


# --- worker processes (spawned: every function here is importable at top level) ---

_WORKER: dict[str, Any] = {}


def start_pool(db: Database, workers: int, pending: Sequence[int] | None = None) -> ProcessPoolExecutor:
    """``workers`` processes that open their own connection to ``db``'s database."""
    url = db.engine.url.render_as_string(hide_password=False)
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=_init_worker,
        initargs=(url, array("q", pending) if pending is not None else None),
    )


#: SQLite page cache of a scoring process, in KiB (the default is 2 MiB; scoring reads index pages
#: all over the file)
WORKER_CACHE_KIB = 65_536


def _init_worker(url: str, pending: array[int] | None) -> None:
    engine = make_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _reader_pragmas)
    _WORKER["engine"] = engine
    _WORKER["pending"] = Pending(pending) if pending is not None else None


def _reader_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute(f"PRAGMA cache_size = -{WORKER_CACHE_KIB}")
    cursor.close()


def _score_in_worker(job: Job, ids: list[int], ignored: frozenset[str]) -> Scored:
    if _WORKER.get("job") == job:  # the same settings object every batch: caches keyed by it stay warm
        job = _WORKER["job"]
    _WORKER["job"] = job
    engine: Engine = _WORKER["engine"]
    with engine.connect() as conn:
        return score_ids(conn, job, ids, ignored, _WORKER["pending"])


def index_in_worker(workspace_id: int, ids: list[int]) -> tuple[list[store.IndexRow], list[store.KeyRow]]:
    """The index rows of stored records ``ids``, built in a worker (the writer inserts them)."""
    engine: Engine = _WORKER["engine"]
    with engine.connect() as conn:
        rows, key_rows, _ = store.index_rows(workspace_id, store.records_from_store(conn, ids))
    key_rows.sort(key=_by_key)  # the writer inserts them in index order: fewer pages touched
    return rows, key_rows


def _by_key(row: store.KeyRow) -> str:
    return row[1]


def index_records(
    db: Database, workspace_id: int, ids: Sequence[int], size: int, pool: ProcessPoolExecutor | None
) -> None:
    """Index the stored records ``ids`` (not in the index yet), ``size`` per transaction, through one
    connection tuned for bulk writes (``db.bulk``); the rows are built in ``pool`` when given."""
    with db.engine.connect() as conn, bulk_writes(conn):
        if pool is None:
            for batch in chunks(ids, size):
                with conn.begin():
                    store.save(conn, workspace_id, store.records_from_store(conn, batch), new=True)
            return
        window: deque[Future[tuple[list[store.IndexRow], list[store.KeyRow]]]] = deque()
        batches = iter(chunks(ids, size))
        while True:
            for batch in batches:
                window.append(pool.submit(index_in_worker, workspace_id, list(batch)))
                if len(window) >= 2 * (os.cpu_count() or 1):
                    break
            if not window:
                return
            rows, key_rows = window.popleft().result()
            with conn.begin():
                store.write_index(conn, rows, key_rows)
