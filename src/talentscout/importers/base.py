"""The importer port: a file in, a stream of ``ParsedRow`` out.

Importers are pure readers: they never touch the database. The ingest service
(``talentscout.services.ingest``) stores what they yield, so every format gets the same
idempotency, provenance and reject report for free.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Protocol

from talentscout.domain.records import ParsedRow, SourceChannel


@dataclass
class ImportOptions:
    """Knobs an import can take; every importer ignores what it does not use."""

    #: the name shown in reports (the uploaded file's name, not a temporary path)
    display_name: str | None = None
    #: generic CSV/XLSX: source column -> CandidateData field (see ``importers.mapping``)
    mapping: dict[str, str] = field(default_factory=dict)
    #: column holding the source's own id (generic CSV/XLSX); otherwise a content hash is used
    id_column: str | None = None
    #: force an encoding instead of detecting it
    encoding: str | None = None
    #: ISO country used to read phone numbers written without a +country prefix
    default_country: str | None = None
    #: called with the fraction (0..1) of the input consumed so far
    on_progress: Callable[[float], None] | None = None


class Importer(Protocol):
    """One input format."""

    format: ClassVar[str]
    default_channel: ClassVar[SourceChannel]

    def parse(self, path: Path, *, options: ImportOptions) -> Iterator[ParsedRow]:
        """Yield one ``ParsedRow`` per record; raise ``ImportFileError`` when the file is unreadable."""
        ...
