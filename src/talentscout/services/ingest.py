"""Import a file into a workspace's talent pool: the one path every format and every channel takes.

Guarantees: valid rows are stored even when others are bad; every rejected row and every flagged
field is reported with file, row, field and reason; re-importing the same file changes nothing
(a row whose payload is unchanged is skipped by source id + content hash).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select, update

from talentscout.db import people_writer as writer
from talentscout.db.bulk import bulk_writes, insert_tuples
from talentscout.db.ids import lock_for_write
from talentscout.db.tables import import_issues, imports, sources
from talentscout.domain.permissions import Action, Actor, Role
from talentscout.domain.profile import warm_up
from talentscout.domain.records import ImportFileError, Problem, SourceChannel
from talentscout.importers.base import ImportOptions
from talentscout.importers.registry import IMPORTERS, detect_format
from talentscout.services import identity_ingest, identity_store, import_screen
from talentscout.services.access import require
from talentscout.services.errors import InvalidInput
from talentscout.services.identity_ingest import match_imported
from talentscout.services.ingest_prepare import (
    Prepared,
    bulk_gc,
    derived,
    open_records,
    prepared_batches,
)
from talentscout.services.unit_of_work import Database

#: how many issues an ``ImportReport`` carries for display (all are stored)
REPORT_ISSUES = 500
#: channel forced for submitters who may only add people through their own channel
_SUBMITTER_CHANNEL = {Role.AGENCY: SourceChannel.AGENCY, Role.REFERRER: SourceChannel.REFERRAL}
#: rows per transaction: 5,000 halves the per-row commit cost of 1,000 (FTS flush, WAL) at ~1 s of write lock
BATCH_SIZE = 5000
#: files at least this large are worth a process pool (starting one costs a few seconds)
POOL_FROM_BYTES = 20_000_000
#: files from this size are matched by a background job after the import (see ``run_import``)
DEFER_MATCHING_FROM_BYTES = 10_000_000
#: where a file-level finding (not one row's) is reported
_NO_ROW = Prepared(None, "", [], "", "", None, None)
_ISSUE_COLUMNS = ("workspace_id", "import_id", "row", "external_id", "field", "reason", "value", "fatal")


@dataclass(frozen=True)
class IssueLine:
    filename: str
    row: int | None
    field: str
    reason: str
    value: str | None
    fatal: bool

    def __str__(self) -> str:
        where = f"{self.filename}, row {self.row}" if self.row is not None else self.filename
        shown = f" (value: {self.value[:80]!r})" if self.value else ""
        kind = "rejected" if self.fatal else "warning"
        return f"{where}, field {self.field}: {kind}: {self.reason}{shown}"


@dataclass
class ImportReport:
    import_id: int
    source_id: int
    filename: str
    format: str
    status: str = "running"
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    warnings: int = 0
    #: records merged into someone already in the pool, and pairs sent to the review queue
    merged: int = 0
    to_review: int = 0
    #: rows not imported because the person is on the suppression list (erased or objected); in ``rejected``
    suppressed: int = 0
    #: "inline" (matched batch by batch) or "queued" (a large file: an identity_match job resolves it)
    matching: str = "inline"
    error: str | None = None
    issues: list[IssueLine] = field(default_factory=list)

    @property
    def accepted(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass(frozen=True)
class SourceRef:
    id: int
    name: str
    format: str
    channel: str
    mapping: dict[str, str]
    id_column: str | None
    #: a column mapping that differs from the one saved by the previous import of this source
    mapping_changed: bool = False


def ensure_source(
    db: Database,
    *,
    actor: Actor,
    name: str,
    format: str,
    channel: SourceChannel,
    mapping: dict[str, str] | None = None,
    id_column: str | None = None,
) -> SourceRef:
    """The workspace's source called ``name``, created on first use; a new mapping is saved on it."""
    with db.begin() as conn:
        row = conn.execute(
            select(sources).where(sources.c.workspace_id == actor.workspace_id, sources.c.name == name)
        ).first()
        if row is None:
            new_id = conn.execute(
                sources.insert()
                .values(
                    workspace_id=actor.workspace_id,
                    name=name,
                    format=format,
                    channel=channel.value,
                    mapping=mapping or {},
                    id_column=id_column,
                    created_at=db.clock.now(),
                )
                .returning(sources.c.id)
            ).scalar_one()
            return SourceRef(int(new_id), name, format, channel.value, mapping or {}, id_column)
        if mapping or id_column:
            conn.execute(
                update(sources)
                .where(sources.c.id == row.id)
                .values(mapping=mapping or row.mapping, id_column=id_column or row.id_column)
            )
        # a new id column gives new source ids anyway. A first explicit mapping on a source imported
        # with a guessed one may differ from the guess, so it re-derives too (once).
        changed = bool(mapping and mapping != row.mapping)
        return SourceRef(
            row.id,
            row.name,
            row.format,
            row.channel,
            mapping or row.mapping,
            id_column or row.id_column,
            mapping_changed=changed,
        )


def run_import(
    db: Database,
    *,
    actor: Actor,
    path: Path,
    format: str | None = None,
    source_name: str | None = None,
    channel: SourceChannel | None = None,
    options: ImportOptions | None = None,
    batch_size: int = BATCH_SIZE,
    default_country: str | None = None,
    on_rows: Callable[[int], None] | None = None,
    workers: int = 1,
    defer_matching: bool | None = None,
) -> ImportReport:
    """Read ``path`` with the importer for ``format`` (detected when None) and store what it yields.

    ``workers > 1`` derives profiles in that many processes while this one reads and writes (for large
    files; each worker loads the taxonomy and gazetteer once, which takes a few seconds).

    Identity matching runs in each batch's transaction, except for large files (``defer_matching``
    None: from ``DEFER_MATCHING_FROM_BYTES``): their records are matched afterwards by an
    ``identity_match`` job, so a bulk load is stored and searchable at full speed and resolved in the
    background (``report.matching == "queued"``).
    """
    _check_permission(actor, channel)
    options = options or ImportOptions()
    display = options.display_name or path.name
    fmt = format or _detect(path, display)
    importer = IMPORTERS.get(fmt)
    if importer is None:
        raise InvalidInput(f"{display}: unknown format {fmt!r}; known: {', '.join(sorted(IMPORTERS))}")
    channel = _SUBMITTER_CHANNEL.get(actor.role, channel or importer.default_channel)
    source = ensure_source(
        db,
        actor=actor,
        name=source_name or f"{fmt}: {display}",
        format=fmt,
        channel=channel,
        mapping=options.mapping or None,
        id_column=options.id_column,
    )
    options.mapping = options.mapping or dict(source.mapping)
    options.id_column = options.id_column or source.id_column
    options.default_country = options.default_country or default_country
    report = _start(db, actor, source, display, fmt)
    ctx = writer.WriteContext(actor.workspace_id, source.id, report.import_id, source.channel)
    if defer_matching is None:
        defer_matching = path.is_file() and path.stat().st_size >= DEFER_MATCHING_FROM_BYTES
    report.matching = "queued" if defer_matching else "inline"
    try:
        if workers <= 1:
            warm_up()  # load the taxonomy and gazetteer before freezing what is long-lived
        with (
            open_records(importer, path, options) as records,
            bulk_gc(),
            db.engine.connect() as conn,
            bulk_writes(conn),
        ):
            for batch in prepared_batches(
                records, size=batch_size, default_country=options.default_country, workers=workers
            ):
                with conn.begin():
                    _store_batch(
                        conn,
                        db,
                        ctx,
                        batch,
                        report,
                        options.default_country,
                        rederive=source.mapping_changed,
                        match=not defer_matching,
                    )
                if on_rows:
                    on_rows(report.rows_read)
        report.status = "done"
        if defer_matching:
            with db.begin() as conn:
                identity_ingest.queue_matching(conn, workspace_id=actor.workspace_id, now=db.clock.now())
    except ImportFileError as exc:
        report.status, report.error = "failed", str(exc)
    except BaseException as exc:
        report.status, report.error = "failed", f"stopped after {report.rows_read} rows: {type(exc).__name__}"
        _finish(db, report)
        raise
    _finish(db, report)
    return report


def auto_workers(path: Path) -> int:
    """How many processes should prepare ``path``: all cores for a large file, else this one."""
    large = path.is_file() and path.stat().st_size >= POOL_FROM_BYTES
    return (os.cpu_count() or 1) if large else 1


def _check_permission(actor: Actor, channel: SourceChannel | None) -> None:
    if actor.role in _SUBMITTER_CHANNEL:
        require(actor, Action.SUBMIT_CANDIDATE)
    else:
        require(actor, Action.IMPORT)


def _detect(path: Path, display: str) -> str:
    with path.open("rb") as fh:
        sample = fh.read(64 * 1024)
    fmt = detect_format(path, sample) if path.is_file() else "resume"
    if fmt is None:
        raise InvalidInput(f"{display}: cannot tell the format of this file; choose one explicitly")
    return fmt


def _store_batch(
    conn: Connection,
    db: Database,
    ctx: writer.WriteContext,
    batch: list[Prepared],
    report: ImportReport,
    default_country: str | None,
    *,
    rederive: bool = False,
    match: bool = True,
) -> None:
    """Store one batch; with ``rederive`` (a new column mapping) unchanged rows are derived again too.
    ``match=False`` leaves the batch's records out of the matching index for the ``identity_match`` job."""
    lock_for_write(conn, ctx.source_id)  # first: what this batch reads is then what it writes over
    now = db.clock.now()
    report.rows_read += len(batch)
    issues: list[tuple[Any, ...]] = []
    accepted: dict[str, Prepared] = {}
    for p in batch:
        if p.problems:
            issues += _issue_rows(ctx, report, p, p.problems)
        if not p.payload_hash:
            report.rejected += 1
            continue
        first = accepted.get(p.external_id)
        if first is not None:
            reason = f"same source id as row {first.row}; the later row is used"
            issues += _issue_rows(ctx, report, p, [Problem("id", reason, p.external_id)])
        accepted[p.external_id] = p
    known = writer.known_records(conn, ctx.source_id, list(accepted))
    new: list[writer.Incoming] = []
    changed: list[writer.Changed] = []
    fresh: dict[str, Prepared] = {}
    for p in accepted.values():
        old = known.get(p.external_id)
        same = old is not None and old.payload_hash == p.payload_hash and old.person_id is not None
        if same and not rederive:
            report.unchanged += 1
            continue
        rows = derived(p, default_country)
        if rows.problems:
            issues += _issue_rows(ctx, report, p, rows.problems)
        item = writer.Incoming(p.external_id, p.payload_json, p.payload_hash, rows)
        if old is None:
            new.append(item)
            fresh[p.external_id] = p
        else:
            changed.append(writer.Changed(item, old.id, old.person_id))
    new, blocked = import_screen.screen(conn, ctx.workspace_id, new, import_screen.contacts_of)
    for item in blocked:  # erased or objected people are reported, never silently re-created
        issues += _issue_rows(ctx, report, fresh[item.external_id], [import_screen.SUPPRESSED])
    report.suppressed += len(blocked)
    report.rejected += len(blocked)
    new_ids = writer.insert_new(conn, ctx, new, now)
    writer.update_changed(conn, ctx, changed, now)
    report.created += len(new)
    report.updated += len(changed)
    if not match:
        identity_store.forget(conn, [c.source_record_id for c in changed])
        insert_tuples(conn, import_issues, _ISSUE_COLUMNS, issues)
        return
    matched = [(sr_id, i.rows) for sr_id, i in zip(new_ids, new, strict=True)]
    matched += [(c.source_record_id, c.incoming.rows) for c in changed]
    found = match_imported(
        conn,
        workspace_id=ctx.workspace_id,
        source_id=ctx.source_id,
        channel=ctx.channel,
        items=matched,
        now=now,
        new=len(new_ids),
    )
    report.merged += found.merged
    report.to_review += found.reviews
    for identifier in found.flagged:
        reason = "held by many different people in this source (a shared inbox?): not used to match anyone"
        issues += _issue_rows(
            ctx, report, _NO_ROW, [Problem(identifier.partition(":")[0], reason, identifier)]
        )
    insert_tuples(conn, import_issues, _ISSUE_COLUMNS, issues)


def _issue_rows(
    ctx: writer.WriteContext, report: ImportReport, row: Prepared, problems: Iterable[Problem]
) -> list[tuple[Any, ...]]:
    out = []
    for p in problems:
        if not p.fatal:
            report.warnings += 1
        line = IssueLine(report.filename, row.row, p.field, p.reason, p.value, p.fatal)
        if len(report.issues) < REPORT_ISSUES:
            report.issues.append(line)
        value = (p.value or "")[:2000] or None
        out.append(
            (
                ctx.workspace_id,
                ctx.import_id,
                row.row,
                row.external_id[:500],
                p.field[:100],
                p.reason,
                value,
                p.fatal,
            )
        )
    return out


def _start(db: Database, actor: Actor, source: SourceRef, filename: str, fmt: str) -> ImportReport:
    with db.begin() as conn:
        import_id = conn.execute(
            imports.insert()
            .values(
                workspace_id=actor.workspace_id,
                source_id=source.id,
                user_id=actor.user_id,
                filename=filename[:500],
                status="running",
                rows_read=0,
                created=0,
                updated=0,
                unchanged=0,
                rejected=0,
                warnings=0,
                started_at=db.clock.now(),
            )
            .returning(imports.c.id)
        ).scalar_one()
    return ImportReport(import_id=int(import_id), source_id=source.id, filename=filename, format=fmt)


def _finish(db: Database, report: ImportReport) -> None:
    with db.begin() as conn:
        conn.execute(
            update(imports)
            .where(imports.c.id == report.import_id)
            .values(
                status=report.status,
                rows_read=report.rows_read,
                created=report.created,
                updated=report.updated,
                unchanged=report.unchanged,
                rejected=report.rejected,
                warnings=report.warnings,
                error=report.error,
                finished_at=db.clock.now(),
            )
        )
