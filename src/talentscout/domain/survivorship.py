"""Which value wins when sources disagree about a field.

Rules, in order: a manual edit always wins (the latest one); otherwise the most recently recorded
source value wins; ties go to the later row. Issue-level trust per source can be added as a rank
before recency without changing callers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class FieldClaim:
    """What one source record (or one manual edit) says about a person's fields."""

    fields: dict[str, Any]
    recorded_at: datetime
    manual: bool
    row_id: int


@dataclass(frozen=True, slots=True)
class Chosen:
    value: Any
    row_id: int
    manual: bool


def choose_survivors(claims: Iterable[FieldClaim]) -> dict[str, Chosen]:
    """The winning value per field, with the claim (provenance row) it came from."""
    ranked = sorted(claims, key=lambda c: (c.manual, utc_timestamp(c.recorded_at), c.row_id))
    chosen: dict[str, Chosen] = {}
    for claim in ranked:  # later (stronger) claims overwrite earlier ones
        for name, value in claim.fields.items():
            if value is None or value == "":
                continue
            chosen[name] = Chosen(value=value, row_id=claim.row_id, manual=claim.manual)
    return chosen


def utc_timestamp(moment: datetime) -> float:
    """Comparable timestamps whether the driver returned naive (SQLite) or aware (PostgreSQL) values."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
