"""Merge two people into one, and undo it exactly.

A repository-level service (receives a connection, never commits). A merge moves every row that
belongs to the absorbed person — in every table with a ``person_id``, whichever area owns it — to
the survivor, deletes the absorbed person and re-chooses the survivor's values (survivorship). It
records its evidence and a snapshot: the absorbed person's row, which rows and source records each
side had, and any row that could not move because the survivor already had its twin (a unique
constraint, e.g. both in one role's pipeline). ``unmerge`` uses the snapshot to restore both:

* the absorbed person comes back with the same id, its source records and its rows;
* rows a source record of the absorbed side supplied after the merge (a re-import) go back with it;
* rows added by hand while merged (notes, tags, manual edits, contact points without a source)
  stay with the survivor and are **flagged for review** on both people's timelines: the system
  cannot know whom an edit made to "both" was about.

``merge_many`` makes a batch of merges with a few statements per table (the matching job merges
thousands a batch); ``merge_people`` is one merge of it. See ``docs/decisions/018-merges-in-batches.md``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Date,
    DateTime,
    Table,
    UniqueConstraint,
    bindparam,
    delete,
    literal,
    select,
    union_all,
    update,
)

from talentscout.db.bulk import bind_value, chunks, insert_tuples, update_tuples
from talentscout.db.ids import allocate_ids
from talentscout.db.people_writer import recompute_people
from talentscout.db.scoping import in_workspace
from talentscout.db.tables import activities, metadata, people, source_records
from talentscout.db.tables_identity import match_reviews, merges
from talentscout.domain.permissions import Actor
from talentscout.services import audit
from talentscout.services.errors import InvalidInput, NotFound

#: tables that reference a person but are not the person's data
_NOT_MOVED = frozenset({"people", "source_records"})


@cache
def person_tables() -> tuple[Table, ...]:
    """Every table with a ``person_id`` pointing at ``people`` (all areas), in dependency order."""
    out = []
    for table in metadata.sorted_tables:
        column = table.c.get("person_id")
        if table.name in _NOT_MOVED or column is None or "id" not in table.c:
            continue
        if any(fk.column.table.name == "people" for fk in column.foreign_keys):
            out.append(table)
    return tuple(out)


def _unique_partners(table: Table) -> list[tuple[str, ...]]:
    """For each unique constraint that includes ``person_id``: its other columns."""
    out = []
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint) and "person_id" in constraint.columns:
            out.append(tuple(c.name for c in constraint.columns if c.name != "person_id"))
    return out


def _jsonable(row: Any) -> dict[str, Any]:
    out: dict[str, Any] = row._asdict()
    for key, value in out.items():
        if isinstance(value, date):  # a datetime is a date too
            out[key] = value.isoformat()
    return out


def _restored(table: Table, values: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name, value in values.items():
        column: Column[Any] | None = table.c.get(name)
        if column is None:
            continue
        if isinstance(value, str) and isinstance(column.type, DateTime):
            value = datetime.fromisoformat(value)
        elif isinstance(value, str) and isinstance(column.type, Date):
            value = date.fromisoformat(value)
        out[name] = value
    return out


#: people per census query: the union names each id once per person table (~22), well under SQLite's
#: 32,766 bound parameters
_CENSUS_CHUNK = 1_000


def _rows_of(conn: Connection, person_ids: Sequence[int]) -> dict[tuple[str, int], list[int]]:
    """(table name, person id) → the ids of that person's rows, for every person table, one query per
    ``_CENSUS_CHUNK`` people (a merge touches a handful of the 20-odd tables)."""
    found: dict[tuple[str, int], list[int]] = {}
    for chunk in chunks(person_ids, _CENSUS_CHUNK):
        for name, person, row_id in conn.execute(_rows_query(), {"people": chunk}):
            found.setdefault((str(name), int(person)), []).append(int(row_id))
    return {key: sorted(ids) for key, ids in found.items()}


@cache
def _rows_query() -> Any:
    """Built once: the same statement object lets SQLAlchemy reuse its compiled form."""
    people_ids: Any = bindparam("people", expanding=True)
    return union_all(
        *(
            select(literal(table.name).label("t"), table.c.person_id, table.c.id).where(
                table.c.person_id.in_(people_ids)
            )
            for table in person_tables()
        )
    )


@dataclass(frozen=True)
class PlannedMerge:
    """One merge to make: ``absorbed`` into ``survivor``, with the decision that called for it."""

    survivor: int
    absorbed: int
    evidence: dict[str, Any]
    score: float | None
    #: the two source records whose comparison called for it (remembered as separated on unmerge)
    pair: tuple[int, int] | None = None


def merge_people(
    conn: Connection,
    *,
    workspace_id: int,
    survivor: int,
    absorbed: int,
    evidence: dict[str, Any],
    score: float | None,
    kind: str,
    actor: Actor | None,
    now: datetime,
    pair: tuple[int, int] | None = None,
) -> int | None:
    """Merge ``absorbed`` into ``survivor``; returns the merge id (None when there was nothing to do)."""
    if survivor == absorbed:
        return None
    planned = PlannedMerge(survivor, absorbed, evidence, score, pair)
    return merge_many(conn, workspace_id=workspace_id, planned=[planned], kind=kind, actor=actor, now=now)[0]


def merge_many(
    conn: Connection,
    *,
    workspace_id: int,
    planned: Sequence[PlannedMerge],
    kind: str,
    actor: Actor | None,
    now: datetime,
) -> list[int | None]:
    """Make ``planned`` merges with a few set-based statements per table; returns each one's merge id
    (None when one of the two people is not in the workspace).

    ``planned`` is in *star form*: no person is absorbed twice or absorbed after surviving, so each
    group of people ends in one survivor that every other member merges into directly. Each merge is
    recorded exactly as merging them one after another in ``planned`` order would record it: its
    snapshot holds what the survivor had at that point (its own rows plus those of the people merged
    into it before), and rows that meet a twin under a unique constraint are dropped into it.
    """
    absorbed_ids = [m.absorbed for m in planned]
    if len(set(absorbed_ids)) != len(absorbed_ids) or set(absorbed_ids) & {m.survivor for m in planned}:
        raise ValueError("planned merges must be in star form: each person absorbed once, never a survivor")
    rows: dict[int, Any] = {}  # the absorbed people's rows (kept in the snapshots)
    for chunk in chunks(sorted(absorbed_ids), _CENSUS_CHUNK):
        found = conn.execute(select(people).where(in_workspace(people.c.id, chunk, workspace_id)))
        rows.update((r.id, r) for r in found)
    present: set[int] = set()
    for chunk in chunks(sorted({m.survivor for m in planned}), _CENSUS_CHUNK):
        query = select(people.c.id).where(in_workspace(people.c.id, chunk, workspace_id))
        present.update(int(i) for i in conn.execute(query).scalars())
    todo = [m for m in planned if m.survivor in present and m.absorbed in rows]
    if not todo:
        return [None] * len(planned)
    involved = sorted({m.survivor for m in todo} | {m.absorbed for m in todo})
    held = _rows_of(conn, involved)
    records = _records_of(conn, involved)
    dropped = _twins(conn, todo, held)
    snapshots = _snapshots(todo, rows, held, records, dropped)
    _move(conn, todo, held, dropped, now)
    merge_ids = _record_merges(conn, workspace_id, todo, snapshots, kind, actor, now)
    by_pair = dict(zip(((m.survivor, m.absorbed) for m in todo), merge_ids, strict=True))
    _log(conn, workspace_id, todo, merge_ids, rows, kind, actor, now)
    return [by_pair.get((m.survivor, m.absorbed)) for m in planned]


def _records_of(conn: Connection, person_ids: Sequence[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for chunk in chunks(person_ids, _CENSUS_CHUNK):
        query = select(source_records.c.person_id, source_records.c.id).where(
            source_records.c.person_id.in_(chunk)
        )
        for person, record in conn.execute(query.order_by(source_records.c.id)):
            out.setdefault(int(person), []).append(int(record))
    return out


def _twins(
    conn: Connection, todo: Sequence[PlannedMerge], held: dict[tuple[str, int], list[int]]
) -> dict[tuple[str, int], list[dict[str, Any]]]:
    """(table, absorbed) → its rows that would break a unique constraint once moved, as merging one
    after another finds them: the survivor's row (or one an earlier absorbed person brought) stays."""
    members: dict[int, list[int]] = {}
    for m in todo:
        members.setdefault(m.survivor, [m.survivor]).append(m.absorbed)
    out: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for table in person_tables():
        constraints = _unique_partners(table)
        if not constraints:
            continue
        groups = [g for g in members.values() if sum(bool(held.get((table.name, p))) for p in g) > 1]
        if not groups:
            continue
        ids = sorted({i for g in groups for p in g for i in held.get((table.name, p), [])})
        found: dict[int, list[Any]] = {}
        for chunk in chunks(ids, _CENSUS_CHUNK):
            for row in conn.execute(select(table).where(table.c.id.in_(chunk)).order_by(table.c.id)):
                found.setdefault(int(row.person_id), []).append(row)
        for group in groups:
            kept: dict[tuple[str, ...], set[tuple[Any, ...]]] = {p: set() for p in constraints}
            for person in group:
                # the rows of one person never clash with each other: only with those held before
                theirs = found.get(person, [])
                keys = [{p: tuple(getattr(row, c) for c in p) for p in constraints} for row in theirs]
                for row, key in zip(theirs, keys, strict=True):
                    if any(key[p] in kept[p] for p in constraints):
                        out.setdefault((table.name, person), []).append(_jsonable(row))
                for key in keys:
                    if not any(key[p] in kept[p] for p in constraints):
                        for p in constraints:
                            kept[p].add(key[p])
    return out


def _snapshots(
    todo: Sequence[PlannedMerge],
    rows: dict[int, Any],
    held: dict[tuple[str, int], list[int]],
    records: dict[int, list[int]],
    dropped: dict[tuple[str, int], list[dict[str, Any]]],
) -> list[dict[str, Any]]:
    """Each merge's snapshot, with the survivor's rows and records as they are when it is made."""
    order = {table.name: n for n, table in enumerate(person_tables())}
    tables_of: dict[int, set[str]] = {}
    for name, person in held:
        tables_of.setdefault(person, set()).add(name)
    grown_rows: dict[tuple[str, int], list[int]] = {}
    grown_records: dict[int, list[int]] = {}
    out = []
    for m in todo:
        s, a = m.survivor, m.absorbed
        mine_records = grown_records.setdefault(s, list(records.get(s, [])))
        snapshot: dict[str, Any] = {
            "absorbed": _jsonable(rows[a]),
            "rows": {},
            "dropped": {},
            "absorbed_records": list(records.get(a, [])),
            "survivor_records": list(mine_records),
        }
        # the tables either side has rows in (the survivor's include those of people merged into it)
        names = tables_of.setdefault(s, set())
        for name in sorted(names | tables_of.get(a, set()), key=order.__getitem__):
            mine = grown_rows.setdefault((name, s), list(held.get((name, s), [])))
            theirs = held.get((name, a), [])
            snapshot["rows"][name] = {"survivor": list(mine), "absorbed": list(theirs)}
            gone = dropped.get((name, a), [])
            if gone:
                snapshot["dropped"][name] = gone
            lost = {int(r["id"]) for r in gone}
            mine.extend(i for i in theirs if i not in lost)
            mine.sort()
            if mine:
                names.add(name)
        mine_records.extend(records.get(a, []))
        out.append(snapshot)
    return out


def _move(
    conn: Connection,
    todo: Sequence[PlannedMerge],
    held: dict[tuple[str, int], list[int]],
    dropped: dict[tuple[str, int], list[dict[str, Any]]],
    now: datetime,
) -> None:
    """Every absorbed person's rows to its survivor, one ``executemany`` per table; then the absorbed
    people go and the survivors' values are chosen again."""
    for table in person_tables():
        gone = [int(r["id"]) for m in todo for r in dropped.get((table.name, m.absorbed), [])]
        for chunk in chunks(gone, _CENSUS_CHUNK):
            conn.execute(delete(table).where(table.c.id.in_(chunk)))
        moves = [(m.survivor, m.absorbed) for m in todo if held.get((table.name, m.absorbed))]
        _repoint(conn, table, "person_id", moves)
    pairs = [(m.survivor, m.absorbed) for m in todo]
    _repoint(conn, source_records, "person_id", pairs)
    _repoint(conn, match_reviews, "left_person_id", pairs)
    _repoint(conn, match_reviews, "right_person_id", pairs)
    survivors = sorted({m.survivor for m in todo})
    c = match_reviews.c
    for chunk in chunks(survivors, _CENSUS_CHUNK):
        conn.execute(
            update(match_reviews)
            .where(c.status == "open", c.left_person_id.in_(chunk), c.right_person_id == c.left_person_id)
            .values(status="closed", decided_at=now)
        )
    for chunk in chunks([m.absorbed for m in todo], _CENSUS_CHUNK):
        conn.execute(delete(people).where(people.c.id.in_(chunk)))
    recompute_people(conn, survivors, now)


def _repoint(conn: Connection, table: Table, column: str, moves: Sequence[tuple[int, int]]) -> None:
    """``UPDATE table SET column = survivor WHERE column = absorbed`` for each (survivor, absorbed)."""
    update_tuples(conn, table, (column,), moves, where=column)


def _record_merges(
    conn: Connection,
    workspace_id: int,
    todo: Sequence[PlannedMerge],
    snapshots: Sequence[dict[str, Any]],
    kind: str,
    actor: Actor | None,
    now: datetime,
) -> list[int]:
    """One ``merges`` row per merge, in one ``executemany`` with ids taken first (``db.ids``: the
    transaction already holds SQLite's write lock, it has moved rows)."""
    ids = allocate_ids(conn, merges, len(todo))
    at = bind_value(conn.dialect, merges.c.created_at, now)
    by = actor.user_id if actor else None
    rows = [
        (
            merge_id, workspace_id, m.survivor, m.absorbed, *(m.pair or (None, None)), m.score,
            json.dumps(m.evidence), json.dumps(snapshot), kind, by, at,
        )
        for merge_id, m, snapshot in zip(ids, todo, snapshots, strict=True)
    ]  # fmt: skip
    insert_tuples(conn, merges, _MERGE_COLUMNS, rows)
    return ids


_MERGE_COLUMNS = (
    *("id", "workspace_id", "survivor_id", "absorbed_id", "left_record_id", "right_record_id", "score"),
    *("evidence", "snapshot", "kind", "actor_id", "created_at"),
)


def _log(
    conn: Connection,
    workspace_id: int,
    todo: Sequence[PlannedMerge],
    merge_ids: Sequence[int],
    rows: dict[int, Any],
    kind: str,
    actor: Actor | None,
    now: datetime,
) -> None:
    """One activity on each survivor's timeline and one audit entry per merge."""
    notes, entries = [], []
    for m, merge_id in zip(todo, merge_ids, strict=True):
        name = rows[m.absorbed].display_name
        score = f", score {m.score:.3f})" if m.score else ")"
        text = f"merged with {name} (person {m.absorbed}, {kind}{score}"
        notes.append((m.survivor, text, {"merge_id": merge_id}))
        detail = {"merge_id": merge_id, "absorbed": m.absorbed, "kind": kind, "score": m.score}
        entries.append((m.survivor, detail))
    _activities(conn, workspace_id, "merge", notes, actor, now)
    audit.record_many(
        conn,
        actor=actor,
        workspace_id=workspace_id,
        action="merge",
        subject_type="person",
        entries=entries,
        now=now,
    )


def unmerge(conn: Connection, *, actor: Actor, merge_id: int, now: datetime) -> dict[str, Any]:
    """Undo merge ``merge_id``: both people as they were, later hand-made changes flagged.

    Returns a report: the restored person id and the rows flagged for review.
    """
    m = conn.execute(
        select(merges).where(merges.c.id == merge_id, merges.c.workspace_id == actor.workspace_id)
    ).first()
    if m is None:
        raise NotFound("no such merge")
    if m.undone_at is not None:
        raise InvalidInput(f"merge {merge_id} was already undone")
    present = {
        r[0] for r in conn.execute(select(people.c.id).where(people.c.id.in_([m.survivor_id, m.absorbed_id])))
    }
    if m.survivor_id not in present:
        raise InvalidInput(
            f"person {m.survivor_id} was merged into someone else since; undo that merge first"
        )
    if m.absorbed_id in present:
        raise InvalidInput(f"person {m.absorbed_id} exists again; nothing to undo")
    snap = m.snapshot
    survivor, absorbed = int(m.survivor_id), int(m.absorbed_id)
    conn.execute(people.insert().values(**_restored(people, snap["absorbed"])))
    theirs_records = [int(i) for i in snap["absorbed_records"]]
    conn.execute(
        update(source_records)
        .where(source_records.c.id.in_(theirs_records), source_records.c.person_id == survivor)
        .values(person_id=absorbed)
    )
    flagged: list[dict[str, Any]] = []
    for table in person_tables():
        ids = snap["rows"].get(table.name, {"survivor": [], "absorbed": []})
        back = [int(i) for i in ids["absorbed"]]
        if back:
            conn.execute(
                update(table)
                .where(table.c.id.in_(back), table.c.person_id == survivor)
                .values(person_id=absorbed)
            )
        if "source_record_id" in table.c and theirs_records:
            conn.execute(
                update(table)
                .where(table.c.source_record_id.in_(theirs_records), table.c.person_id == survivor)
                .values(person_id=absorbed)
            )
        for row in snap["dropped"].get(table.name, []):
            conn.execute(table.insert().values(**_restored(table, row)))
        if table.name != activities.name:
            flagged += _later_manual_rows(conn, table, survivor, set(ids["survivor"]) | set(back))
    recompute_people(conn, [survivor, absorbed], now)
    _remember_separated(conn, m, actor, now)
    report = {"survivor": survivor, "restored": absorbed, "flagged": flagged}
    conn.execute(
        update(merges)
        .where(merges.c.id == merge_id)
        .values(undone_at=now, undone_by=actor.user_id, undo_report=report)
    )
    review = f"; {len(flagged)} change(s) made while merged stay here: review them" if flagged else ""
    for person, other in ((survivor, absorbed), (absorbed, survivor)):
        text = f"unmerged from person {other} (merge {merge_id}){review if person == survivor else ''}"
        if flagged and person == absorbed:
            text += f"; {len(flagged)} change(s) made while merged stayed on person {survivor}: review them"
        _activities(conn, actor.workspace_id, "unmerge", [(person, text, report)], actor, now)
    audit.record(
        conn,
        actor=actor,
        action="unmerge",
        subject_type="person",
        subject_id=absorbed,
        now=now,
        detail={"merge_id": merge_id, "survivor": survivor, "flagged": len(flagged)},
    )
    return report


def _later_manual_rows(
    conn: Connection, table: Table, survivor: int, known: set[Any]
) -> list[dict[str, Any]]:
    """Rows added to the merged person by hand or by other work (no source record), which the unmerge
    cannot attribute to one side."""
    query = select(table.c.id).where(table.c.person_id == survivor)
    if "source_record_id" in table.c:
        query = query.where(table.c.source_record_id.is_(None))
    rows = conn.execute(query)
    return [{"table": table.name, "id": int(r[0])} for r in rows if int(r[0]) not in known]


def _remember_separated(conn: Connection, m: Any, actor: Actor, now: datetime) -> None:
    """An unmerged pair is a decision: the matcher must not merge or propose it again."""
    if m.left_record_id is None or m.right_record_id is None:
        return
    left, right = sorted((int(m.left_record_id), int(m.right_record_id)))
    exists = conn.execute(
        select(match_reviews.c.id).where(
            match_reviews.c.left_record_id == left, match_reviews.c.right_record_id == right
        )
    ).first()
    values = {"status": "separated", "decided_by": actor.user_id, "decided_at": now}
    if exists is not None:
        conn.execute(update(match_reviews).where(match_reviews.c.id == exists[0]).values(**values))
        return
    conn.execute(
        match_reviews.insert().values(
            workspace_id=actor.workspace_id,
            left_record_id=left,
            right_record_id=right,
            left_person_id=m.survivor_id,
            right_person_id=m.absorbed_id,
            score=m.score or 0.0,
            evidence=m.evidence,
            created_at=now,
            **values,
        )
    )


def _activities(
    conn: Connection,
    workspace_id: int,
    kind: str,
    notes: Sequence[tuple[int, str, dict[str, Any]]],
    actor: Actor | None,
    now: datetime,
) -> None:
    """One timeline entry per (person id, summary, data), in one ``executemany``."""
    at = bind_value(conn.dialect, activities.c.created_at, now)
    by = actor.user_id if actor else None
    rows = [
        (workspace_id, person, kind, summary, by, json.dumps(data), at) for person, summary, data in notes
    ]
    insert_tuples(conn, activities, _ACTIVITY_COLUMNS, rows)


_ACTIVITY_COLUMNS = ("workspace_id", "person_id", "kind", "summary", "actor_id", "data", "created_at")
