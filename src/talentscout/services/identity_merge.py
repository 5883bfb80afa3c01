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
"""

from __future__ import annotations

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

from talentscout.db.people_writer import recompute_people
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
    return {k: (v.isoformat() if isinstance(v, date | datetime) else v) for k, v in row._mapping.items()}


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


def _rows_of(conn: Connection, *person_ids: int) -> dict[tuple[str, int], list[int]]:
    """(table name, person id) → the ids of that person's rows, for every person table, in one query
    (a merge touches a handful of the 20-odd tables; asking each one twice cost most of a merge)."""
    found: dict[tuple[str, int], list[int]] = {}
    for name, person, row_id in conn.execute(_rows_query(), {"people": list(person_ids)}):
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
    rows = {
        r.id: r
        for r in conn.execute(
            select(people).where(people.c.id.in_([survivor, absorbed]), people.c.workspace_id == workspace_id)
        )
    }
    if len(rows) != 2:
        return None
    snapshot: dict[str, Any] = {"absorbed": _jsonable(rows[absorbed]), "rows": {}, "dropped": {}}
    snapshot["absorbed_records"] = _record_ids(conn, absorbed)
    snapshot["survivor_records"] = _record_ids(conn, survivor)
    held = _rows_of(conn, survivor, absorbed)
    for table in person_tables():
        mine, theirs = held.get((table.name, survivor), []), held.get((table.name, absorbed), [])
        if not mine and not theirs:
            continue
        snapshot["rows"][table.name] = {"survivor": mine, "absorbed": theirs}
        if not theirs:
            continue
        dropped = _drop_twins(conn, table, survivor, absorbed) if mine else []
        if dropped:
            snapshot["dropped"][table.name] = dropped
        conn.execute(update(table).where(table.c.person_id == absorbed).values(person_id=survivor))
    conn.execute(
        update(source_records).where(source_records.c.person_id == absorbed).values(person_id=survivor)
    )
    for column in (match_reviews.c.left_person_id, match_reviews.c.right_person_id):
        conn.execute(update(match_reviews).where(column == absorbed).values({column.name: survivor}))
    conn.execute(
        update(match_reviews)
        .where(
            match_reviews.c.status == "open",
            match_reviews.c.left_person_id == survivor,
            match_reviews.c.right_person_id == survivor,
        )
        .values(status="closed", decided_at=now)
    )
    conn.execute(delete(people).where(people.c.id == absorbed))
    recompute_people(conn, [survivor], now)
    merge_id = int(
        conn.execute(
            merges.insert()
            .values(
                workspace_id=workspace_id,
                survivor_id=survivor,
                absorbed_id=absorbed,
                left_record_id=pair[0] if pair else None,
                right_record_id=pair[1] if pair else None,
                score=score,
                evidence=evidence,
                snapshot=snapshot,
                kind=kind,
                actor_id=actor.user_id if actor else None,
                created_at=now,
            )
            .returning(merges.c.id)
        ).scalar_one()
    )
    name = rows[absorbed].display_name
    summary = f"merged with {name} (person {absorbed}, {kind}" + (f", score {score:.3f})" if score else ")")
    _activity(conn, workspace_id, survivor, "merge", summary, actor, now, {"merge_id": merge_id})
    audit.record(
        conn,
        actor=actor,
        workspace_id=workspace_id,
        action="merge",
        subject_type="person",
        subject_id=survivor,
        now=now,
        detail={"merge_id": merge_id, "absorbed": absorbed, "kind": kind, "score": score},
    )
    return merge_id


def _record_ids(conn: Connection, person_id: int) -> list[int]:
    rows = conn.execute(select(source_records.c.id).where(source_records.c.person_id == person_id))
    return [int(r[0]) for r in rows]


def _drop_twins(conn: Connection, table: Table, survivor: int, absorbed: int) -> list[dict[str, Any]]:
    """Rows of ``absorbed`` that would break a unique constraint once moved: kept in the snapshot and
    deleted (the survivor's twin row stays). A constraint on ``person_id`` alone (one row per person,
    e.g. privacy settings) keeps the survivor's row."""
    dropped = []
    for partners in _unique_partners(table):
        columns = [table.c[p] for p in partners] or [table.c.id]
        found = conn.execute(select(*columns).where(table.c.person_id == survivor)).all()
        have = {tuple(r) for r in found} if partners else ({()} if found else set())
        for row in conn.execute(select(table).where(table.c.person_id == absorbed)).all():
            if tuple(getattr(row, p) for p in partners) in have:
                dropped.append(_jsonable(row))
                conn.execute(delete(table).where(table.c.id == row.id))
    return dropped


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
        _activity(conn, actor.workspace_id, person, "unmerge", text, actor, now, report)
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


def _activity(
    conn: Connection,
    workspace_id: int,
    person_id: int,
    kind: str,
    summary: str,
    actor: Actor | None,
    now: datetime,
    data: dict[str, Any],
) -> None:
    conn.execute(
        activities.insert().values(
            workspace_id=workspace_id,
            person_id=person_id,
            kind=kind,
            summary=summary,
            actor_id=actor.user_id if actor else None,
            data=data,
            created_at=now,
        )
    )
