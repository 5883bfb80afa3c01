"""Everything held about one person, as machine-readable JSON (GDPR Art. 15 access, Art. 20 portability).

The tables are discovered from the schema (``erasure_scope``), so what erasure would remove is exactly
what the export shows. Internal ids and keys are left out; the raw source payloads are included, since
they are the data as we received it.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, or_, select

from talentscout.db.tables import people, source_records, sources
from talentscout.services.erasure_scope import owned_tables

_HIDDEN = frozenset({"workspace_id", "person_id", "source_record_id", "search_text", "search_fields"})


def person_data(conn: Connection, *, workspace_id: int, person_id: int) -> dict[str, Any]:
    """The person, where each piece came from, and every row tied to them, keyed by table."""
    person = conn.execute(
        select(people).where(people.c.id == person_id, people.c.workspace_id == workspace_id)
    ).first()
    if person is None:
        return {}
    records = conn.execute(
        select(
            source_records.c.id,
            sources.c.name.label("source"),
            source_records.c.channel,
            source_records.c.external_id,
            source_records.c.created_at,
            source_records.c.payload,
        )
        .join(sources, sources.c.id == source_records.c.source_id)
        .where(source_records.c.person_id == person_id)
        .order_by(source_records.c.id)
    ).all()
    record_ids = [r.id for r in records]
    data: dict[str, Any] = {
        "person": _clean(dict(person._mapping)),
        "sources": [
            {
                "source": r.source,
                "channel": r.channel,
                "source_id": r.external_id,
                "collected_at": _plain(r.created_at),
                "data_as_received": r.payload,
            }
            for r in records
        ],
    }
    for owned in owned_tables():
        conditions = [c == person_id for c in owned.person_columns]
        conditions += [c.in_(record_ids) for c in owned.record_columns] if record_ids else []
        rows = conn.execute(select(owned.table).where(or_(*conditions))).all()
        if rows:
            data[owned.table.name] = [_clean(dict(r._mapping)) for r in rows]
    return data


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=_plain)


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    return {k: _plain(v) for k, v in row.items() if k not in _HIDDEN and not k.endswith("_hash")}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return None  # vectors and other binary caches are not personal data in a readable form
    return value
