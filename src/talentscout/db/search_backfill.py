"""Fill ``people.search_fields`` for people stored before it existed (migration ``0006``), in batches.

Reads each batch of people and their jobs, skills, schools and tags with one query per table and
writes the field documents back with one ``executemany``; a million people take a few minutes.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from talentscout.db.tables import educations, experiences, people, person_skills, tags
from talentscout.domain.profile import PERSON_FIELDS
from talentscout.domain.query.document import field_document

__all__ = ["backfill_search_fields"]

BATCH = 5_000


def backfill_search_fields(conn: Connection, *, batch: int = BATCH) -> int:
    """Rebuild ``search_fields`` of every person; returns how many were written."""
    done, after = 0, -1
    columns = [people.c.id, *(people.c[f] for f in PERSON_FIELDS)]
    while True:
        rows = conn.execute(
            select(*columns).where(people.c.id > after).order_by(people.c.id).limit(batch)
        ).all()
        if not rows:
            return done
        low, high = rows[0].id, rows[-1].id
        children = _children(conn, low, high)
        values = [
            {"pid": row.id, "doc": _document(dict(row._mapping), *(c[row.id] for c in children))}
            for row in rows
        ]
        statement = update(people).where(people.c.id == bindparam("pid"))
        conn.execute(statement.values(search_fields=bindparam("doc")), values)
        done, after = done + len(rows), high


def _children(conn: Connection, low: int, high: int) -> list[dict[int, list[Any]]]:
    queries = (
        (experiences, (experiences.c.employer, experiences.c.is_current, experiences.c.start_date)),
        (
            person_skills,
            (person_skills.c.name, person_skills.c.canonical_id, person_skills.c.canonical_label),
        ),
        (educations, (educations.c.school,)),
        (tags, (tags.c.tag,)),
    )
    found: list[dict[int, list[Any]]] = []
    for table, cols in queries:
        by_person: dict[int, list[Any]] = defaultdict(list)
        owner = table.c.person_id
        for row in conn.execute(select(owner, *cols).where(owner.between(low, high))):
            by_person[row[0]].append(tuple(row[1:]))
        found.append(by_person)
    return found


def _document(
    fields: dict[str, Any], jobs: list[Any], skills: list[Any], schools: list[Any], tags_: list[Any]
) -> str:
    return field_document(
        fields,
        jobs=[(e, bool(c), s if isinstance(s, date) or s is None else None) for e, c, s in jobs],
        skills=skills,
        schools=[s[0] for s in schools],
        tags=[t[0] for t in tags_],
    )
