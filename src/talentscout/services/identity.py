"""Identity resolution for people who use it: the review queue, unmerge, batch dedupe, merge history.

Every function checks the actor's permission (MERGE_PEOPLE to decide; VIEW_PEOPLE to read) and
scopes every query to the actor's workspace. Merges and unmerges are audited
(``identity_merge``); decisions are remembered (a rejected pair is never proposed again).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select, update

from talentscout.db.tables import people, source_records, sources
from talentscout.db.tables_identity import match_records, match_reviews, merges, submission_flags
from talentscout.domain.permissions import Action, Actor
from talentscout.services import audit, identity_settings
from talentscout.services import identity_pool as pool
from talentscout.services import identity_store as store
from talentscout.services.access import require
from talentscout.services.errors import InvalidInput, NotFound
from talentscout.services.identity_ingest import flag_submissions
from talentscout.services.identity_match import MatchSummary
from talentscout.services.identity_merge import merge_people, unmerge
from talentscout.services.people import require_person
from talentscout.services.unit_of_work import Database

#: records matched per transaction by ``dedupe``
DEDUPE_CHUNK = 2000


@dataclass(frozen=True)
class Side:
    """One record of a review pair, as shown side by side."""

    record_id: int
    person_id: int | None
    person_name: str
    source: str
    channel: str
    external_id: str
    values: dict[str, Any]


@dataclass(frozen=True)
class ReviewPair:
    id: int
    score: float
    status: str
    evidence: list[dict[str, Any]]
    left: Side
    right: Side
    created_at: datetime


def list_reviews(
    db: Database, *, actor: Actor, status: str = "open", limit: int = 50, offset: int = 0
) -> tuple[list[ReviewPair], int]:
    """Pairs in the queue (strongest first) and how many there are in all."""
    require(actor, Action.MERGE_PEOPLE)
    c = match_reviews.c
    where = (c.workspace_id == actor.workspace_id, c.status == status)
    with db.read() as conn:
        total = conn.execute(select(func.count()).select_from(match_reviews).where(*where)).scalar_one()
        rows = conn.execute(
            select(match_reviews)
            .where(*where)
            .order_by(c.score.desc(), c.id)
            .limit(max(1, min(limit, 200)))
            .offset(max(0, offset))
        ).all()
        return [_pair(conn, r) for r in rows], int(total)


def get_review(db: Database, *, actor: Actor, review_id: int) -> ReviewPair:
    require(actor, Action.MERGE_PEOPLE)
    with db.read() as conn:
        return _pair(conn, _review_row(conn, actor, review_id))


def _review_row(conn: Connection, actor: Actor, review_id: int) -> Any:
    row = conn.execute(
        select(match_reviews).where(
            match_reviews.c.id == review_id, match_reviews.c.workspace_id == actor.workspace_id
        )
    ).first()
    if row is None:
        raise NotFound("no such review pair")
    return row


def _pair(conn: Connection, r: Any) -> ReviewPair:
    return ReviewPair(
        id=r.id,
        score=r.score,
        status=r.status,
        evidence=list(r.evidence.get("evidence", [])),
        left=_side(conn, r.left_record_id),
        right=_side(conn, r.right_record_id),
        created_at=r.created_at,
    )


def _side(conn: Connection, record_id: int) -> Side:
    row = conn.execute(
        select(
            source_records.c.person_id,
            source_records.c.channel,
            source_records.c.external_id,
            sources.c.name,
            people.c.display_name,
            match_records.c.data,
        )
        .join(sources, sources.c.id == source_records.c.source_id)
        .outerjoin(people, people.c.id == source_records.c.person_id)
        .outerjoin(match_records, match_records.c.source_record_id == source_records.c.id)
        .where(source_records.c.id == record_id)
    ).one()
    return Side(record_id, row[0], row[4] or "", row[3], row[1], row[2], dict(row[5] or {}))


def accept_review(db: Database, *, actor: Actor, review_id: int) -> int:
    """Merge the pair's two people (the older person survives); returns the merge id."""
    require(actor, Action.MERGE_PEOPLE)
    with db.begin() as conn:
        r = _open_review(conn, actor, review_id)
        now = db.clock.now()
        left, right = _person_of(conn, r.left_record_id), _person_of(conn, r.right_record_id)
        if left is None or right is None or left == right:
            raise InvalidInput("these two records already belong to one person")
        merge_id = merge_people(
            conn,
            workspace_id=actor.workspace_id,
            survivor=min(left, right),
            absorbed=max(left, right),
            evidence=dict(r.evidence),
            score=r.score,
            kind="review",
            actor=actor,
            now=now,
            pair=(r.left_record_id, r.right_record_id),
        )
        _decide(conn, actor, review_id, "accepted", now)
        flag_submissions(
            conn, actor.workspace_id, store.records_of_people(conn, [min(left, right)])[min(left, right)], now
        )
    if merge_id is None:
        raise InvalidInput("these two people could not be merged")
    return merge_id


def reject_review(db: Database, *, actor: Actor, review_id: int) -> None:
    """Two different people: the pair (and these two people) will not be proposed or merged again."""
    require(actor, Action.MERGE_PEOPLE)
    with db.begin() as conn:
        r = _open_review(conn, actor, review_id)
        now = db.clock.now()
        _decide(conn, actor, review_id, "rejected", now)
        audit.record(
            conn,
            actor=actor,
            action="reject_match",
            subject_type="review",
            subject_id=review_id,
            now=now,
            detail={"left_person": r.left_person_id, "right_person": r.right_person_id},
        )


def _open_review(conn: Connection, actor: Actor, review_id: int) -> Any:
    r = _review_row(conn, actor, review_id)
    if r.status != "open":
        raise InvalidInput(f"this pair was already decided ({r.status})")
    return r


def _decide(conn: Connection, actor: Actor, review_id: int, status: str, now: datetime) -> None:
    conn.execute(
        update(match_reviews)
        .where(match_reviews.c.id == review_id)
        .values(status=status, decided_by=actor.user_id, decided_at=now)
    )


def _person_of(conn: Connection, record_id: int) -> int | None:
    value = conn.execute(select(source_records.c.person_id).where(source_records.c.id == record_id)).scalar()
    return int(value) if value is not None else None


def undo_merge(db: Database, *, actor: Actor, merge_id: int) -> dict[str, Any]:
    require(actor, Action.MERGE_PEOPLE)
    with db.begin() as conn:
        return unmerge(conn, actor=actor, merge_id=merge_id, now=db.clock.now())


def unmerge_person(
    db: Database, *, actor: Actor, person_id: int, merge_id: int | None = None
) -> dict[str, Any]:
    """Undo ``merge_id`` (or the latest merge still in effect) of the person."""
    require(actor, Action.MERGE_PEOPLE)
    with db.begin() as conn:
        c = merges.c
        query = select(c.id).where(
            c.workspace_id == actor.workspace_id, c.survivor_id == person_id, c.undone_at.is_(None)
        )
        if merge_id is not None:
            query = query.where(c.id == merge_id)
        found = conn.execute(query.order_by(c.id.desc())).first()
        if found is None:
            raise NotFound("no merge of this person to undo")
        return unmerge(conn, actor=actor, merge_id=int(found[0]), now=db.clock.now())


def merge_history(conn: Connection, actor: Actor, person_id: int) -> list[dict[str, Any]]:
    """Merges into ``person_id``, newest first, with their evidence and whether they were undone."""
    c = merges.c
    rows = conn.execute(
        select(c.id, c.absorbed_id, c.kind, c.score, c.evidence, c.created_at, c.undone_at, c.snapshot)
        .where(c.workspace_id == actor.workspace_id, c.survivor_id == person_id)
        .order_by(c.id.desc())
    )
    return [
        {
            "id": r.id,
            "absorbed_id": r.absorbed_id,
            "absorbed_name": (r.snapshot or {}).get("absorbed", {}).get("display_name"),
            "kind": r.kind,
            "score": r.score,
            "evidence": (r.evidence or {}).get("evidence", []),
            "created_at": r.created_at,
            "undone_at": r.undone_at,
        }
        for r in rows
    ]


def submission_flags_of(conn: Connection, actor: Actor, person_id: int) -> list[dict[str, Any]]:
    """Agency submissions of this person that came after someone else had them (who was first, when)."""
    f = submission_flags.c
    rows = conn.execute(
        select(
            f.source_record_id,
            f.first_source,
            f.first_channel,
            f.first_by,
            f.first_at,
            f.reason,
            sources.c.name,
        )
        .join(source_records, source_records.c.id == f.source_record_id)
        .join(sources, sources.c.id == source_records.c.source_id)
        .where(f.workspace_id == actor.workspace_id, source_records.c.person_id == person_id)
        .order_by(f.id)
    )
    return [
        {
            "source_record_id": r[0],
            "submitted_by_source": r[6],
            "first_source": r[1],
            "first_channel": r[2],
            "first_by": r[3],
            "first_at": r[4],
            "reason": r[5],
        }
        for r in rows
    ]


def dedupe(
    db: Database,
    *,
    actor: Actor,
    chunk: int = DEDUPE_CHUNK,
    on_progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
    apply: bool = True,
) -> MatchSummary:
    """Match every record of the workspace against the pool (records indexed first when missing).
    ``workers``: processes that score (default: one per CPU; small pools stay in-process, see
    ``identity_pool``). ``apply=False``: decisions only (``summary.decisions``), nothing merged."""
    require(actor, Action.MERGE_PEOPLE)
    ws = actor.workspace_id
    with db.read() as conn:
        todo = store.all_missing(conn, ws)
        settings = identity_settings.current(conn, ws)
        total = int(
            conn.execute(
                select(func.count()).select_from(match_records).where(match_records.c.workspace_id == ws)
            ).scalar_one()
        ) + len(todo)
    count = pool.worker_count(db, workers, total)
    executor = pool.start_pool(db, count) if count > 1 else None
    done = 0

    def progress(records: int) -> None:
        nonlocal done
        done += records
        if on_progress:
            on_progress(done, total)

    try:
        started = time.perf_counter()
        pool.index_records(db, ws, todo, chunk, executor)  # records that predate the index
        indexed = time.perf_counter()
        summary = pool.match_batches(
            db,
            pool.Job(ws, settings=settings, only_older=True, apply=apply, actor=actor),
            _indexed_batches(db, ws, chunk),
            pool=executor,
            after_apply=lambda conn, ids: flag_submissions(conn, ws, ids, db.clock.now()),
            on_batch=progress,
        )
    finally:
        if executor is not None:
            executor.shutdown(cancel_futures=True)
    summary.seconds = {"index": indexed - started, "match": time.perf_counter() - indexed}
    return summary


def _indexed_batches(db: Database, workspace_id: int, size: int) -> Iterator[list[int]]:
    after = 0
    while True:
        with db.read() as conn:
            ids = store.indexed_after(conn, workspace_id, after, size)
        if not ids:
            return
        yield ids
        after = ids[-1]


def person_identity(
    db: Database, *, actor: Actor, person_id: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A person's merges and agency-ownership flags (NotFound outside the actor's workspace)."""
    require(actor, Action.VIEW_PEOPLE)
    with db.read() as conn:
        require_person(conn, actor, person_id)
        return merge_history(conn, actor, person_id), submission_flags_of(conn, actor, person_id)
