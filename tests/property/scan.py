"""Raw scans of both databases for a person's identifiers, after erasure.

SQLite: the bytes of the database file, its WAL and shared-memory files (free pages included).
PostgreSQL: every column of every table in the schema, as text (what a dump would contain).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url


def needles(*identifiers: str) -> list[str]:
    """Each identifier in the forms it could be stored in: as given, lower case, digits of a phone."""
    out: set[str] = set()
    for value in identifiers:
        out.update({value, value.lower()})
        digits = "".join(ch for ch in value if ch.isdigit())
        if value.startswith("+") and len(digits) >= 8:
            out.add("+" + digits)
    return sorted(out)


def sqlite_hits(engine: Engine, identifiers: list[str]) -> list[str]:
    database = make_url(str(engine.url)).database
    assert database
    hits = []
    for suffix in ("", "-wal", "-shm", "-journal"):
        path = Path(database + suffix)
        if not path.exists():
            continue
        blob = path.read_bytes()
        lowered = blob.lower()
        for needle in identifiers:
            if needle.encode() in blob or needle.lower().encode() in lowered:
                hits.append(f"{path.name}: {needle}")
    return hits


def postgres_hits(engine: Engine, identifiers: list[str]) -> list[str]:
    hits = []
    with engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            for (row,) in conn.execute(text(f'SELECT t::text FROM "{table}" AS t')):
                lowered = str(row).lower()
                hits += [f"{table}: {n}" for n in identifiers if n.lower() in lowered]
    return hits


def hits(engine: Engine, identifiers: list[str]) -> list[str]:
    if engine.dialect.name == "sqlite":
        return sqlite_hits(engine, identifiers)
    return postgres_hits(engine, identifiers)
