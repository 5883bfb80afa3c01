"""Imports that run at the same time, and imports prepared in worker processes.

Ids are taken before rows are inserted (``talentscout.db.ids``): on SQLite after the batch has become
the one writer, on PostgreSQL from the sequences. Two imports at once must never hand out the same
id, and every child row must belong to the person its source record belongs to. Runs on SQLite and,
with ``TALENTSCOUT_TEST_DB=postgres``, on PostgreSQL.
"""

from __future__ import annotations

import csv
import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from talentscout.bootstrap import Container
from talentscout.db.bulk import SQLITE_BULK_PRAGMAS, bulk_writes
from talentscout.db.ids import allocate_ids, lock_for_write
from talentscout.db.tables import (
    contact_points,
    field_provenance,
    import_issues,
    people,
    person_skills,
    source_records,
    tags,
)
from talentscout.domain.records import SourceChannel
from talentscout.importers.base import ImportOptions
from talentscout.services import ingest
from tests.conftest import Team

HEADER = ["id", "name", "email", "phone", "title", "company", "city", "country", "skills", "tags"]


def _write_csv(path: Path, prefix: str, rows: int) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        for i in range(rows):
            phone = f"+49 30 {1000000 + i}" if i % 7 else "12"  # every 7th phone is invalid: a warning
            out.writerow(
                [
                    f"{prefix}{i}",
                    f"{prefix.title()} Person{i}",
                    f"{prefix}.{i}@example.org",
                    phone,
                    "Software Engineer",
                    "Acme GmbH",
                    "Berlin",
                    "Germany",
                    "Python, SQL",
                    prefix,
                ]
            )
        out.writerow(["", "", "", "", "", "", "", "", "", ""])  # blank: skipped
        out.writerow([f"{prefix}-empty", "", "", "", "", "", "", "", "", "only-a-tag"])  # rejected
    return path


def _import(c: Container, team: Team, path: Path, source: str, **kw: Any) -> ingest.ImportReport:
    return ingest.run_import(
        c.db,
        actor=team.alice.actor,
        path=path,
        format="csv",
        source_name=source,
        options=ImportOptions(display_name=path.name, id_column="id"),
        **kw,
    )


def _run_together(*imports: Any) -> list[ingest.ImportReport]:
    """Run the callables in threads at once; a short pause after each batch makes them interleave."""
    reports: list[Any] = [None] * len(imports)
    errors: list[BaseException] = []
    start = threading.Barrier(len(imports))

    def run(index: int) -> None:
        try:
            start.wait()
            reports[index] = imports[index]()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(imports))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return reports


def _pause(_rows: int) -> None:
    time.sleep(0.005)


def _count(c: Container, table: Any) -> int:
    with c.db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _assert_children_follow_their_source_record(c: Container) -> None:
    with c.db.read() as conn:
        owner = dict(conn.execute(select(source_records.c.id, source_records.c.person_id)).all())
        for table in (contact_points, person_skills, tags, field_provenance):
            for sr_id, person_id in conn.execute(select(table.c.source_record_id, table.c.person_id)):
                assert owner[sr_id] == person_id, table.name
        emails = conn.execute(
            select(source_records.c.payload, contact_points.c.value)
            .join(contact_points, contact_points.c.source_record_id == source_records.c.id)
            .where(contact_points.c.kind == "email")
        ).all()
    assert emails
    assert all(payload["email"] == value for payload, value in emails)


def test_two_imports_at_once_never_share_an_id_and_children_stay_with_their_person(
    container: Container, team: Team, tmp_path: Path
) -> None:
    a = _write_csv(tmp_path / "a.csv", "alpha", 60)
    b = _write_csv(tmp_path / "b.csv", "beta", 45)
    first, second = _run_together(
        lambda: _import(container, team, a, "Alpha", batch_size=7, on_rows=_pause),
        lambda: _import(container, team, b, "Beta", batch_size=5, on_rows=_pause),
    )
    assert (first.status, first.created, first.rejected) == ("done", 60, 1)
    assert (second.status, second.created, second.rejected) == ("done", 45, 1)
    assert _count(container, people) == 105
    assert _count(container, source_records) == 105
    assert _count(container, contact_points) == 105 * 2
    _assert_children_follow_their_source_record(container)
    with container.db.read() as conn:
        names = set(conn.execute(select(people.c.display_name)).scalars())
    assert {"Alpha Person0", "Alpha Person59", "Beta Person0", "Beta Person44"} <= names


def test_the_same_file_imported_twice_at_once_stores_each_person_once(
    container: Container, team: Team, tmp_path: Path
) -> None:
    path = _write_csv(tmp_path / "same.csv", "same", 40)
    ingest.ensure_source(
        container.db, actor=team.alice.actor, name="Same", format="csv", channel=SourceChannel.MANUAL
    )
    first, second = _run_together(
        lambda: _import(container, team, path, "Same", batch_size=6, on_rows=_pause),
        lambda: _import(container, team, path, "Same", batch_size=9, on_rows=_pause),
    )
    assert first.status == second.status == "done"
    assert first.created + second.created == 40
    assert first.unchanged + second.unchanged == 40
    assert _count(container, people) == 40
    _assert_children_follow_their_source_record(container)


def _add_people(conn: Any, workspace_id: int, ids: list[int], now: Any) -> None:
    conn.execute(
        people.insert(),
        [
            {"id": i, "workspace_id": workspace_id, "display_name": f"P{i}", "name_normalised": f"p{i}"}
            | {"silver_medalist": False, "search_text": "", "created_at": now, "updated_at": now}
            for i in ids
        ],
    )


def test_a_batch_that_holds_the_write_lock_makes_the_next_one_wait_and_take_later_ids(
    container: Container, team: Team
) -> None:
    actor = team.alice.actor
    source = ingest.ensure_source(
        container.db, actor=actor, name="Locks", format="csv", channel=SourceChannel.MANUAL
    )
    now = container.db.clock.now()
    locked, taken = threading.Event(), {}

    def first() -> None:
        with container.db.begin() as conn:
            lock_for_write(conn, source.id)
            taken["first"] = allocate_ids(conn, people, 3)
            _add_people(conn, actor.workspace_id, taken["first"], now)
            locked.set()
            time.sleep(0.3)  # the second batch must wait for this commit
            taken["first_done"] = time.monotonic()

    def second() -> None:
        locked.wait()
        with container.db.begin() as conn:
            lock_for_write(conn, source.id)
            taken["second_locked"] = time.monotonic()
            taken["second"] = allocate_ids(conn, people, 3)
            _add_people(conn, actor.workspace_id, taken["second"], now)

    _run_together(first, second)
    assert taken["second_locked"] >= taken["first_done"]
    assert len(set(taken["first"]) | set(taken["second"])) == 6
    assert min(taken["second"]) > max(taken["first"])
    with container.db.begin() as conn:
        assert allocate_ids(conn, people, 0) == []


def _table_dump(c: Container, workspace_id: int) -> dict[str, Any]:
    """Everything an import stored for a workspace, without ids or timestamps."""
    with c.db.read() as conn:
        person_cols = [
            col for col in people.c if col.name not in ("id", "workspace_id", "created_at", "updated_at")
        ]
        dump: dict[str, Any] = {
            "people": sorted(
                tuple(r)
                for r in conn.execute(select(*person_cols).where(people.c.workspace_id == workspace_id))
            )
        }
        for table, columns in (
            (contact_points, ("kind", "value", "raw", "label", "valid", "problem")),
            (person_skills, ("name", "canonical_id", "canonical_label")),
            (tags, ("tag",)),
            (field_provenance, ("fields",)),
            (import_issues, ("row", "external_id", "field", "reason", "value", "fatal")),
        ):
            rows = conn.execute(
                select(*(table.c[n] for n in columns)).where(table.c.workspace_id == workspace_id)
            )
            dump[table.name] = sorted(repr(tuple(r)) for r in rows)
        payloads = conn.execute(
            select(
                source_records.c.external_id, source_records.c.payload, source_records.c.payload_hash
            ).where(source_records.c.workspace_id == workspace_id)
        )
        dump["source_records"] = sorted(repr(tuple(r)) for r in payloads)
    return dump


def test_worker_processes_store_exactly_what_the_sequential_import_stores(
    container: Container, team: Team, tmp_path: Path
) -> None:
    batch_size = 4  # several batches in flight at once, results must still come back in file order
    path = _write_csv(tmp_path / "w.csv", "worker", 30)
    sequential = _import(container, team, path, "Sequential", batch_size=batch_size)
    charlie = team.charlie.actor
    parallel = ingest.run_import(
        container.db,
        actor=charlie,
        path=path,
        format="csv",
        source_name="Parallel",
        options=ImportOptions(display_name=path.name, id_column="id"),
        batch_size=batch_size,
        workers=2,
    )
    assert parallel.status == "done", parallel.error
    keys = ("rows_read", "created", "updated", "unchanged", "rejected", "warnings")
    assert [getattr(parallel, k) for k in keys] == [getattr(sequential, k) for k in keys]
    assert [str(i) for i in parallel.issues] == [str(i) for i in sequential.issues]
    assert _table_dump(container, charlie.workspace_id) == _table_dump(
        container, team.alice.actor.workspace_id
    )


def test_a_changed_row_prepared_by_workers_updates_only_that_source_record(
    container: Container, team: Team, tmp_path: Path
) -> None:
    path = _write_csv(tmp_path / "c.csv", "change", 12)
    _import(container, team, path, "Changing")
    path.write_text(path.read_text().replace("Change Person3,", "Change Person3 Renamed,"))
    again = _import(container, team, path, "Changing", workers=2)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 1, 11, 1)
    with container.db.read() as conn:
        names = set(conn.execute(select(people.c.display_name)).scalars())
    assert "Change Person3 Renamed" in names
    assert "Change Person3" not in names
    assert _count(container, people) == 12
    _assert_children_follow_their_source_record(container)


def test_the_import_connection_gets_its_usual_settings_back_after_the_import(container: Container) -> None:
    with container.db.engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            return  # the settings are SQLite pragmas; elsewhere ``bulk_writes`` changes nothing

        def pragmas() -> dict[str, int]:
            return {n: conn.exec_driver_sql(f"PRAGMA {n}").scalar_one() for n in SQLITE_BULK_PRAGMAS}

        before = pragmas()
        conn.commit()
        with bulk_writes(conn):
            assert pragmas() == SQLITE_BULK_PRAGMAS
            conn.commit()
        assert pragmas() == before
