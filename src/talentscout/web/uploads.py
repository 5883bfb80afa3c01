"""Receiving an uploaded file: streamed to disk with a size cap, imported, then removed."""

from __future__ import annotations

import re
import secrets
import shutil
from pathlib import Path

from fastapi import UploadFile

from talentscout.bootstrap import Container
from talentscout.domain.permissions import Actor
from talentscout.domain.records import SourceChannel
from talentscout.importers.base import ImportOptions
from talentscout.services import ingest
from talentscout.services.errors import InvalidInput

_CHUNK = 1024 * 1024


def save_upload(c: Container, upload: UploadFile) -> tuple[Path, str]:
    """Write the upload under the uploads folder; refuse it past ``max_upload_mb``."""
    display = Path(upload.filename or "upload").name or "upload"
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", display)[-120:]
    folder = c.settings.uploads_dir / secrets.token_hex(8)
    folder.mkdir(parents=True, exist_ok=True)
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


def run_uploaded_import(
    c: Container,
    *,
    actor: Actor,
    upload: UploadFile,
    format: str | None,
    source: str | None,
    channel: SourceChannel | None,
    mapping: dict[str, str] | None = None,
) -> ingest.ImportReport:
    path, display = save_upload(c, upload)
    try:
        options = ImportOptions(
            display_name=display, mapping=mapping or {}, default_country=c.settings.default_country
        )
        return ingest.run_import(
            c.db,
            actor=actor,
            path=path,
            format=format,
            source_name=source,
            channel=channel,
            options=options,
            batch_size=c.settings.import_batch_size,
        )
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)
