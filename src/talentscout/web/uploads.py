"""Uploaded files: streamed to disk with a size cap, kept until they are imported, then removed.

Each upload gets a folder ``uploads_dir/<token>/`` with the file and a ticket: a small JSON file saying
who uploaded it, in which workspace, and what the upload form chose. The token is random (192 bits) and
only its uploader may use it (``load`` answers NotFound to anyone else). The ticket's name is its state:

- ``waiting@ticket.json``: saved; for a CSV/XLSX, waiting for the user to confirm the column mapping;
- ``running@ticket.json``: being imported in a request (renaming claims it: a second submit finds nothing);
- ``queued@ticket.json``: handed to the worker, which removes the folder when the job ends.

The ``@`` never survives the file-name sanitiser, so an uploaded file cannot overwrite its ticket.
``remove_abandoned`` runs at the start of every upload and deletes what nobody finished.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from fastapi import UploadFile

from talentscout.bootstrap import Container
from talentscout.domain.permissions import Actor
from talentscout.domain.records import SourceChannel
from talentscout.services import import_setup
from talentscout.services.errors import InvalidInput, NotFound
from talentscout.services.import_setup import FileImport
from talentscout.services.ingest import ImportReport

#: Files up to this size are imported inside the request that starts the import. Larger files are
#: queued as an ``import`` job for the worker (``talentscout worker``), and the page shows their
#: progress at ``/imports/queued/<job id>`` (the API answers 202 with the job id). 5 MB is roughly
#: 20,000 spreadsheet rows, a few seconds of work. The worker reads the file from ``uploads_dir``, so it
#: must share the web server's data folder. A constant, not a setting, for now; tests monkeypatch it.
INLINE_LIMIT_BYTES = 5 * 1024 * 1024
#: an upload whose mapping step was never finished is deleted after this long
ABANDONED_AFTER = timedelta(days=1)
#: a queued upload is deleted by the worker; this is the backstop when no worker ever runs the job
QUEUED_KEPT_FOR = timedelta(days=7)

_CHUNK = 1024 * 1024
_WAITING, _RUNNING, _QUEUED = "waiting@ticket.json", "running@ticket.json", "queued@ticket.json"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
_GONE = "no such upload: it was imported already, expired, or belongs to someone else"


@dataclass(frozen=True)
class Upload:
    token: str
    file: FileImport


@dataclass(frozen=True)
class Started:
    """An import that ran in the request (``report``) or was queued for the worker (``job_id``)."""

    report: ImportReport | None = None
    job_id: int | None = None


def parse_channel(value: str) -> SourceChannel | None:
    try:
        return SourceChannel(value) if value else None
    except ValueError:
        raise InvalidInput(f"unknown channel {value!r}") from None


def receive(
    c: Container,
    *,
    actor: Actor,
    upload: UploadFile,
    format: str | None,
    source: str | None,
    channel: SourceChannel | None,
) -> Upload:
    """Save an upload and its ticket, after removing abandoned uploads."""
    import_setup.check_may_import(actor)
    remove_abandoned(c.settings.uploads_dir)
    path, display = save_upload(c, upload)
    try:
        fmt = import_setup.resolve_format(path, display_name=display, format=format)
        name = source or import_setup.default_source_name(fmt, display)
        file = FileImport(path, display, fmt, name, channel)
        ticket = {"user_id": actor.user_id, "workspace_id": actor.workspace_id, "file": path.name}
        ticket |= {"display_name": display, "format": fmt, "source_name": name, "channel": channel}
        (path.parent / _WAITING).write_text(json.dumps(ticket), encoding="utf-8")
    except BaseException:
        shutil.rmtree(path.parent, ignore_errors=True)
        raise
    return Upload(path.parent.name, file)


def import_at_once(
    c: Container,
    *,
    actor: Actor,
    upload: UploadFile,
    format: str | None,
    source: str | None,
    channel: SourceChannel | None,
    mapping: dict[str, str],
    id_column: str | None,
) -> Started:
    """Save an upload and start its import with no mapping step (the API); a bad mapping removes it."""
    received = receive(c, actor=actor, upload=upload, format=format, source=source, channel=channel)
    try:
        file = import_setup.with_mapping(received.file, mapping, id_column)
    except BaseException:
        discard(received)
        raise
    return start(c, actor=actor, upload=received, file=file)


def load(c: Container, *, actor: Actor, token: str) -> Upload:
    """The waiting upload ``token``; NotFound unless this user uploaded it in this workspace."""
    if not _TOKEN.fullmatch(token):
        raise NotFound(_GONE)
    folder = c.settings.uploads_dir / token
    try:
        ticket = json.loads((folder / _WAITING).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise NotFound(_GONE) from None
    if (ticket["user_id"], ticket["workspace_id"]) != (actor.user_id, actor.workspace_id):
        raise NotFound(_GONE)
    channel = SourceChannel(ticket["channel"]) if ticket["channel"] else None
    file = FileImport(
        folder / ticket["file"], ticket["display_name"], ticket["format"], ticket["source_name"], channel
    )
    return Upload(token, file)


def start(c: Container, *, actor: Actor, upload: Upload, file: FileImport | None = None) -> Started:
    """Import ``file`` (default: the upload as saved) now, or queue it when it is over the inline limit.

    The upload is claimed first, so submitting twice imports once; its folder is removed when the
    import ends, whether it succeeded or failed (by the worker, for a queued one).
    """
    file = file or upload.file
    folder = upload.file.path.parent
    if file.path.stat().st_size > INLINE_LIMIT_BYTES:
        _claim(folder, _QUEUED)
        try:
            return Started(job_id=import_setup.queue(c.db, actor=actor, file=file))
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
    _claim(folder, _RUNNING)
    try:
        report = import_setup.run_now(
            c.db,
            actor=actor,
            file=file,
            batch_size=c.settings.import_batch_size,
            default_country=c.settings.default_country,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return Started(report=report)


def discard(upload: Upload) -> None:
    """Remove an upload that will not be imported."""
    shutil.rmtree(upload.file.path.parent, ignore_errors=True)


def _claim(folder: Path, state: str) -> None:
    try:
        (folder / _WAITING).rename(folder / state)
    except FileNotFoundError:
        raise NotFound(_GONE) from None


def remove_abandoned(uploads_dir: Path, *, now: float | None = None) -> list[str]:
    """Delete upload folders older than ``ABANDONED_AFTER`` (``QUEUED_KEPT_FOR`` once queued).

    A folder's age is its last change: saving the upload or claiming it. Returns the removed tokens.
    """
    now = time.time() if now is None else now
    removed = []
    for folder in uploads_dir.iterdir() if uploads_dir.is_dir() else []:
        keep = QUEUED_KEPT_FOR if (folder / _QUEUED).exists() else ABANDONED_AFTER
        try:
            old = folder.is_dir() and now - folder.stat().st_mtime > keep.total_seconds()
        except OSError:  # removed meanwhile by another process
            continue
        if old:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    return removed


def save_upload(c: Container, upload: UploadFile) -> tuple[Path, str]:
    """Write the upload in a new token folder; refuse it past ``max_upload_mb`` or when empty."""
    display = Path(upload.filename or "upload").name or "upload"
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", display)[-120:]
    safe = safe if safe.strip(".") else "upload"  # never "." or ".."
    folder = c.settings.uploads_dir / secrets.token_urlsafe(24)
    folder.mkdir(parents=True)
    target = folder / safe
    limit = c.settings.max_upload_mb * 1024 * 1024
    written = 0
    with target.open("wb") as out:
        while chunk := upload.file.read(_CHUNK):
            written += len(chunk)
            if written > limit:
                out.close()
                shutil.rmtree(folder, ignore_errors=True)
                raise InvalidInput(f"{display}: larger than the {c.settings.max_upload_mb} MB upload limit")
            out.write(chunk)
    if written == 0:
        shutil.rmtree(folder, ignore_errors=True)
        raise InvalidInput(f"{display}: the file is empty")
    return target, display
