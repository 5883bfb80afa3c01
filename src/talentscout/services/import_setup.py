"""Getting an import ready: the column-mapping form, and files too large to import inside a request.

The import page shows a spreadsheet's columns with a few sample values and pre-fills the mapping from
the source's saved mapping, or guesses it from the column names. A large file is queued as an ``import``
job; the worker records the import it produced on the job (``record_import_id``), and ``queued_import``
tells the uploader how far it got.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from talentscout.db.tables import imports, jobs, sources
from talentscout.domain.permissions import Action, Actor, Role
from talentscout.domain.records import ImportFileError, SourceChannel
from talentscout.importers.base import ImportOptions
from talentscout.importers.generic_csv import (
    MAPPABLE_FIELDS,
    guess_id_column,
    guess_mapping,
    read_headers,
)
from talentscout.importers.registry import IMPORTERS, detect_format
from talentscout.importers.text import CsvTable
from talentscout.importers.xlsx import XlsxTable, is_xlsx
from talentscout.services import ingest
from talentscout.services import jobs as job_queue
from talentscout.services.access import require
from talentscout.services.errors import InvalidInput, NotFound
from talentscout.services.unit_of_work import Database

#: the mapping form's choice for a column that is not imported
IGNORE = "ignore"
#: sample values shown per column, taken from the first ``SAMPLE_SCAN`` rows
SAMPLE_VALUES, SAMPLE_SCAN = 3, 50


@dataclass(frozen=True)
class FileImport:
    """A file on disk and how to import it."""

    path: Path
    display_name: str
    format: str
    source_name: str
    channel: SourceChannel | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    id_column: str | None = None


@dataclass(frozen=True)
class Column:
    name: str
    samples: list[str]


@dataclass(frozen=True)
class MappingForm:
    columns: list[Column]
    #: column -> field, pre-selected on the form (columns not named here start as "ignore")
    mapping: dict[str, str]
    id_column: str | None
    #: True when the pre-selection is the source's saved mapping, False when it is guessed
    from_saved: bool


@dataclass(frozen=True)
class SavedMapping:
    mapping: dict[str, str]
    id_column: str | None


@dataclass(frozen=True)
class QueuedImport:
    job_id: int
    filename: str
    #: queued, running, done or failed
    state: str
    import_id: int | None
    #: an attempt failed and the worker will try again later
    retrying: bool


def check_may_import(actor: Actor) -> None:
    """Recruiters import; referrers and agencies submit candidates through their own channel."""
    if not actor.can(Action.SUBMIT_CANDIDATE):
        require(actor, Action.IMPORT)


def resolve_format(path: Path, *, display_name: str, format: str | None) -> str:
    """The chosen format, or the one the file's name and first bytes show."""
    if format and format not in IMPORTERS:
        known = ", ".join(sorted(IMPORTERS))
        raise InvalidInput(f"{display_name}: unknown format {format!r}; known: {known}")
    if format:
        return format
    with path.open("rb") as fh:
        detected = detect_format(path, fh.read(64 * 1024))
    if detected is None:
        raise InvalidInput(f"{display_name}: cannot tell the format of this file; choose one explicitly")
    return detected


def default_source_name(format: str, display_name: str) -> str:
    """The source an upload goes to when the uploader names none."""
    return f"{format}: {display_name}"


def saved_mapping(db: Database, *, actor: Actor, source_name: str) -> SavedMapping | None:
    """The mapping and id column saved on the workspace's source ``source_name``; None if no such source."""
    check_may_import(actor)
    with db.read() as conn:
        row = conn.execute(
            select(sources.c.mapping, sources.c.id_column).where(
                sources.c.workspace_id == actor.workspace_id, sources.c.name == source_name
            )
        ).first()
    return None if row is None else SavedMapping(dict(row.mapping or {}), row.id_column)


def mapping_form(db: Database, *, actor: Actor, file: FileImport) -> MappingForm:
    """Each column with sample values, pre-filled from the source's saved mapping, else guessed."""
    columns = preview_columns(file.path, display_name=file.display_name)
    names = [c.name for c in columns]
    saved = saved_mapping(db, actor=actor, source_name=file.source_name) or SavedMapping({}, None)
    mapping = {c: f for c, f in saved.mapping.items() if c in names and f in MAPPABLE_FIELDS}
    id_column = saved.id_column if saved.id_column in names else guess_id_column(names)
    return MappingForm(columns, mapping or guess_mapping(names), id_column, from_saved=bool(mapping))


def preview_columns(path: Path, *, display_name: str) -> list[Column]:
    """A CSV or XLSX's columns, each with its first few non-empty values."""
    options = ImportOptions(display_name=display_name)
    try:
        table = XlsxTable(path, options=options) if is_xlsx(path) else CsvTable(path, options=options)
        try:
            rows = [r.payload for r in islice(table.rows(), SAMPLE_SCAN)]
        finally:
            table.close()
    except ImportFileError as exc:
        raise InvalidInput(str(exc)) from exc
    samples: dict[str, list[str]] = {h: [] for h in table.headers}
    for row in rows:
        for header, found in samples.items():
            value = str(row.get(header) or "").strip()
            if value and len(found) < SAMPLE_VALUES:
                found.append(value)
    return [Column(h, found) for h, found in samples.items()]


def chosen_mapping(file: FileImport, fields: list[str], id_column: str | None) -> FileImport:
    """``file`` with the mapping form's answer: one field (or "ignore") per column, in column order."""
    columns = _headers(file)
    if len(fields) != len(columns):
        raise InvalidInput("the form does not match the file's columns; upload the file again")
    mapping = {c: f for c, f in zip(columns, fields, strict=True) if f != IGNORE}
    if not mapping:
        raise InvalidInput("choose a field for at least one column")
    return with_mapping(file, mapping, id_column or None, columns=columns)


def parse_mapping(raw: str | None) -> dict[str, str]:
    """The API's ``mapping`` form field: a JSON object of column name to field name."""
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"mapping is not valid JSON ({exc.msg})") from exc
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise InvalidInput('mapping must be a JSON object of column to field, e.g. {"E-mail": "emails"}')
    return {str(c): f for c, f in value.items() if f != IGNORE}


def with_mapping(
    file: FileImport, mapping: dict[str, str], id_column: str | None, *, columns: list[str] | None = None
) -> FileImport:
    """``file`` with a checked mapping: the columns must exist in the file (a generic CSV/XLSX only)."""
    if file.format != "csv" and (mapping or id_column):
        raise InvalidInput(f"a mapping and id column apply to CSV/XLSX files only; this is {file.format}")
    unknown = sorted({f for f in mapping.values() if f not in MAPPABLE_FIELDS})
    if unknown:
        raise InvalidInput(f"unknown field(s) {', '.join(unknown)}; known: {', '.join(MAPPABLE_FIELDS)}")
    if file.format == "csv" and (mapping or id_column):
        names = columns if columns is not None else _headers(file)
        missing = [c for c in [*mapping, *([id_column] if id_column else [])] if c not in names]
        if missing:
            raise InvalidInput(f"{file.display_name}: no column named {', '.join(map(repr, missing))}")
    return replace(file, mapping=mapping, id_column=id_column)


def _headers(file: FileImport) -> list[str]:
    try:
        return read_headers(file.path, options=ImportOptions(display_name=file.display_name))
    except ImportFileError as exc:
        raise InvalidInput(str(exc)) from exc


def run_now(
    db: Database, *, actor: Actor, file: FileImport, batch_size: int, default_country: str
) -> ingest.ImportReport:
    """Import ``file`` in this process."""
    options = ImportOptions(
        display_name=file.display_name,
        mapping=dict(file.mapping),
        id_column=file.id_column,
        default_country=default_country,
    )
    return ingest.run_import(
        db,
        actor=actor,
        path=file.path,
        format=file.format,
        source_name=file.source_name,
        channel=file.channel,
        options=options,
        batch_size=batch_size,
    )


def queue(db: Database, *, actor: Actor, file: FileImport) -> int:
    """Hand ``file`` to the worker as an ``import`` job; the job id is returned."""
    check_may_import(actor)
    payload = {
        "path": str(file.path),
        "display_name": file.display_name,
        "format": file.format,
        "source_name": file.source_name,
        "channel": file.channel.value if file.channel else None,
        "mapping": file.mapping,
        "id_column": file.id_column,
        "workspace_id": actor.workspace_id,
        "user_id": actor.user_id,
        "role": actor.role.value,
    }
    with db.begin() as conn:
        now = db.clock.now()
        return job_queue.enqueue(
            conn, kind="import", payload=payload, now=now, workspace_id=actor.workspace_id
        )


def from_job(payload: dict[str, Any]) -> tuple[Actor, FileImport]:
    """Who queued an ``import`` job and what to import (the inverse of ``queue``)."""
    actor = Actor(payload.get("user_id"), int(payload["workspace_id"]), Role(payload["role"]))
    channel = SourceChannel(payload["channel"]) if payload.get("channel") else None
    file = FileImport(
        Path(payload["path"]),
        payload["display_name"],
        payload["format"],
        payload["source_name"],
        channel,
        dict(payload.get("mapping") or {}),
        payload.get("id_column"),
    )
    return actor, file


def record_import_id(db: Database, *, job_id: int, import_id: int) -> None:
    """Note on an ``import`` job which import it produced (no schema change: it goes in the payload)."""
    with db.begin() as conn:
        payload = conn.execute(select(jobs.c.payload).where(jobs.c.id == job_id)).scalar_one()
        new = {**payload, "import_id": import_id}
        conn.execute(update(jobs).where(jobs.c.id == job_id).values(payload=new))


def queued_import(db: Database, *, actor: Actor, job_id: int) -> QueuedImport:
    """How far a queued import got; NotFound for another workspace's job (or, for submitters, another
    user's)."""
    check_may_import(actor)
    with db.read() as conn:
        job = conn.execute(
            select(jobs.c.status, jobs.c.payload, jobs.c.attempts).where(
                jobs.c.id == job_id, jobs.c.kind == "import", jobs.c.workspace_id == actor.workspace_id
            )
        ).first()
        if job is None or not (actor.can(Action.IMPORT) or job.payload.get("user_id") == actor.user_id):
            raise NotFound("no such import")
        import_id = job.payload.get("import_id")
        status = conn.execute(select(imports.c.status).where(imports.c.id == import_id)).scalar()
    state = "failed" if "failed" in (job.status, status) else str(job.status)
    retrying = job.status == "queued" and job.attempts > 0
    return QueuedImport(job_id, str(job.payload.get("display_name", "")), state, import_id, retrying)
