"""The matcher's index in the database: one ``MatchRecord`` and its blocking keys per source record.

A repository (receives a connection, never commits). Plain driver SQL on the hot paths: an import
writes the keys of every record and looks up the candidates of every batch.
"""

from __future__ import annotations

import json
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from sqlalchemy import Connection, delete, select

from talentscout.db.bulk import chunks, insert_tuples
from talentscout.db.people_writer import DerivedRows
from talentscout.db.tables import contact_points, experiences, field_provenance, people, source_records
from talentscout.db.tables_identity import flagged_identifiers, match_keys, match_records
from talentscout.domain.identity import MatchRecord
from talentscout.domain.identity.storage import from_values, record_from_dict, record_to_dict, stored_keys
from talentscout.domain.profile import PERSON_FIELDS

#: ids per ``IN (…)`` query, well under SQLite's parameter limit
_IN_LIMIT = 5_000
_CONTACTS, _EXPERIENCES = 1, 2
_NAME_NORMALISED = len(PERSON_FIELDS)


class Stored(NamedTuple):
    """A record in the index, with the person it belongs to now."""

    record: MatchRecord
    person_id: int | None


def record_of_rows(sr_id: int, source_id: int, rows: DerivedRows) -> MatchRecord:
    """The matcher's view of a record being imported (``people_writer.derived_rows``)."""
    fields = dict(zip(PERSON_FIELDS, rows.person, strict=False))
    contacts = ((c[0], c[1], c[4]) for c in rows.children[_CONTACTS])
    employers = (e[0] for e in rows.children[_EXPERIENCES])
    return from_values(str(sr_id), str(source_id), fields, rows.person[_NAME_NORMALISED], contacts, employers)


def records_from_store(conn: Connection, sr_ids: Sequence[int]) -> list[MatchRecord]:
    """Matcher records re-built from what is stored for ``sr_ids`` (records imported before the
    index existed, or a rebuild)."""
    out = []
    for chunk in _chunks(sr_ids):
        base = {
            r.source_record_id: (r.fields, r.source_id, r.name_normalised)
            for r in conn.execute(
                select(
                    field_provenance.c.source_record_id,
                    field_provenance.c.fields,
                    source_records.c.source_id,
                    people.c.name_normalised,
                )
                .join(source_records, source_records.c.id == field_provenance.c.source_record_id)
                .outerjoin(people, people.c.id == source_records.c.person_id)
                .where(field_provenance.c.source_record_id.in_(chunk))
            )
        }
        contacts: dict[int, list[tuple[str, str, bool]]] = defaultdict(list)
        for r in conn.execute(
            select(
                contact_points.c.source_record_id,
                contact_points.c.kind,
                contact_points.c.value,
                contact_points.c.valid,
            ).where(contact_points.c.source_record_id.in_(chunk))
        ):
            contacts[r[0]].append((r[1], r[2], bool(r[3])))
        employers: dict[int, list[str]] = defaultdict(list)
        for e in conn.execute(
            select(experiences.c.source_record_id, experiences.c.employer).where(
                experiences.c.source_record_id.in_(chunk)
            )
        ):
            employers[e[0]].append(e[1])
        for sr_id, (fields, source_id, folded) in base.items():
            name = folded if not fields.get("given_name") and not fields.get("family_name") else ""
            out.append(
                from_values(str(sr_id), str(source_id), fields, name or "", contacts[sr_id], employers[sr_id])
            )
    return out


def save(
    conn: Connection, workspace_id: int, records: Sequence[MatchRecord], *, new: bool = False
) -> dict[int, list[str]]:
    """Store (or replace) ``records`` and their blocking keys; returns the keys by record id.
    ``new``: the records were just created (nothing to replace)."""
    if not records:
        return {}
    if not new:
        forget(conn, [int(r.record_id) for r in records])
    rows, key_rows, keys = index_rows(workspace_id, records)
    write_index(conn, rows, key_rows)
    return keys


#: (source record id, workspace id, JSON text) of ``match_records``
IndexRow = tuple[int, int, str]
#: (source record id, key, workspace id) of ``match_keys``
KeyRow = tuple[int, str, int]


def index_rows(
    workspace_id: int, records: Sequence[MatchRecord]
) -> tuple[list[IndexRow], list[KeyRow], dict[int, list[str]]]:
    """The ``match_records`` and ``match_keys`` rows of ``records`` (no database: a worker process
    can build them), and the keys by record id."""
    rows = [(int(r.record_id), workspace_id, json.dumps(record_to_dict(r))) for r in records]
    keys = {int(r.record_id): stored_keys(r) for r in records}
    key_rows = [(sr_id, k, workspace_id) for sr_id, own in keys.items() for k in own]
    return rows, key_rows, keys


def write_index(conn: Connection, rows: Sequence[IndexRow], key_rows: Sequence[KeyRow]) -> None:
    """Insert rows built by ``index_rows`` (the records must not be in the index)."""
    insert_tuples(conn, match_records, ("source_record_id", "workspace_id", "data"), rows)
    insert_tuples(conn, match_keys, ("source_record_id", "key", "workspace_id"), key_rows)


def forget(conn: Connection, record_ids: Sequence[int]) -> None:
    """Drop records and their blocking keys from the index (they count as missing until saved again)."""
    for chunk in _chunks(record_ids):
        conn.execute(delete(match_keys).where(match_keys.c.source_record_id.in_(chunk)))
        conn.execute(delete(match_records).where(match_records.c.source_record_id.in_(chunk)))


def key_members(
    conn: Connection, workspace_id: int, keys: Iterable[str], limit: Callable[[str], int]
) -> dict[str, list[int]]:
    """The source records holding each of ``keys``, the newest first: at most ``limit(key) + 1`` of
    them (more than ``limit`` means "too common to use"). A key found too common is remembered for
    the workspace and not looked up again (keys only grow; a very common name stays common)."""
    found: dict[str, list[int]] = defaultdict(list)
    hot = _HOT.setdefault((str(conn.engine.url), workspace_id), set())
    wanted = sorted(k for k in set(keys) if k not in hot)
    for cap in sorted({limit(k) for k in wanted}):
        group = [k for k in wanted if limit(k) == cap]
        newest = [k for k in group if k.startswith(_IDENTIFIER_PREFIXES)]
        for chunk in _chunks(newest):
            for key, sr_id in _fetch(conn, *_newest_holders(conn, workspace_id, chunk, cap + 1)):
                found[key].append(int(sr_id))
        for chunk in _chunks([k for k in group if not k.startswith(_IDENTIFIER_PREFIXES)]):
            for key, sr_id in _fetch(conn, *_some_holders(conn, workspace_id, chunk, cap + 1)):
                found[key].append(int(sr_id))
        hot.update(k for k in group if len(found.get(k, ())) > cap)
    if len(hot) > _HOT_LIMIT:
        hot.clear()
    for key in hot & set(keys):
        found[key] = []  # known to be too common: reported as skipped by its absence of candidates
    return found


#: identifier keys are read newest first (a crowded identifier is judged on its newest holders); for
#: the others any ``limit + 1`` holders tell the same (all of them, or "too common"), and reading
#: just those stops early instead of going through every holder of a common name
_IDENTIFIER_PREFIXES = ("email:", "phone:", "url:", "id:")

Query = tuple[str, tuple[Any, ...]]


def _newest_holders(conn: Connection, workspace_id: int, keys: Sequence[str], n: int) -> Query:
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (
        "SELECT key, source_record_id FROM (SELECT key, source_record_id, ROW_NUMBER() OVER "
        "(PARTITION BY key ORDER BY source_record_id DESC) AS n FROM match_keys "
        f"WHERE workspace_id = {marker} AND key IN ({', '.join([marker] * len(keys))})) AS held "
        f"WHERE n <= {marker}"
    )
    return sql, (workspace_id, *keys, n)


def _some_holders(conn: Connection, workspace_id: int, keys: Sequence[str], n: int) -> Query:
    if conn.dialect.name == "postgresql":
        sql = (
            "SELECT k.key, m.source_record_id FROM unnest(%s::text[]) AS k(key) CROSS JOIN LATERAL "
            "(SELECT source_record_id FROM match_keys WHERE workspace_id = %s AND key = k.key LIMIT %s) m"
        )
        return sql, (list(keys), workspace_id, n)
    if conn.dialect.name != "sqlite":
        return _newest_holders(conn, workspace_id, keys, n)
    # the primary key is (workspace, key, record): per key, one search finds its ``n``-th holder and
    # one range of the primary key reads the holders up to it (no table to visit). CROSS JOIN keeps
    # ``wanted`` outside: SQLite would otherwise scan the workspace's keys and probe ``wanted``
    sql = (
        f"WITH wanted(key) AS (VALUES {', '.join(['(?)'] * len(keys))}) "
        "SELECT wanted.key, m.source_record_id FROM wanted CROSS JOIN match_keys m "
        "ON m.workspace_id = ? AND m.key = wanted.key AND m.source_record_id <= coalesce("
        "(SELECT source_record_id FROM match_keys WHERE workspace_id = ? AND key = wanted.key "
        f"ORDER BY source_record_id LIMIT 1 OFFSET ?), {2**63 - 1})"
    )
    return sql, (*keys, workspace_id, workspace_id, n - 1)


def keys_of(conn: Connection, sr_ids: Sequence[int]) -> dict[int, list[str]]:
    """The stored blocking keys of indexed records."""
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    out: dict[int, list[str]] = defaultdict(list)
    for chunk in _chunks(sr_ids):
        sql = (
            "SELECT source_record_id, key FROM match_keys "
            f"WHERE source_record_id IN ({', '.join([marker] * len(chunk))})"
        )
        for sr_id, key in _fetch(conn, sql, tuple(chunk)):
            out[int(sr_id)].append(key)
    return out


def _fetch(conn: Connection, sql: str, params: tuple[Any, ...]) -> list[Any]:
    """The driver's plain rows (no ``Row`` objects: these queries return thousands of rows a batch)."""
    result = conn.exec_driver_sql(sql, params)
    try:
        return list(result.cursor.fetchall()) if result.cursor is not None else []
    finally:
        result.close()


#: keys found too common to look up, per database and workspace (see ``key_members``); bounded
_HOT: dict[tuple[str, int], set[str]] = {}
_HOT_LIMIT = 200_000


def load(conn: Connection, sr_ids: Iterable[int]) -> dict[int, Stored]:
    """Stored records by source record id, with their current person."""
    marker = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    out: dict[int, Stored] = {}
    for chunk in _chunks(sorted(set(sr_ids))):
        sql = (
            "SELECT m.source_record_id, m.data, s.source_id, s.person_id FROM match_records m "
            "JOIN source_records s ON s.id = m.source_record_id "
            f"WHERE m.source_record_id IN ({', '.join([marker] * len(chunk))})"
        )
        for sr_id, data, source_id, person_id in _fetch(conn, sql, tuple(chunk)):
            out[int(sr_id)] = Stored(_parsed(str(sr_id), str(source_id), data), person_id)
    return out


#: parsed records by (id, source, stored JSON text): candidates come up again and again in an import
#: (the same namesakes), and parsing builds name tokens; bounded, and keyed by the text so a changed
#: record is never served stale
_PARSED: dict[tuple[str, str, str], MatchRecord] = {}
_PARSED_LIMIT = 20_000


def _parsed(record_id: str, source: str, data: Any) -> MatchRecord:
    if not isinstance(data, str):
        return record_from_dict(record_id, source, data)
    key = (record_id, source, data)
    found = _PARSED.get(key)
    if found is None:
        if len(_PARSED) >= _PARSED_LIMIT:
            _PARSED.clear()
        found = _PARSED[key] = record_from_dict(record_id, source, json.loads(data))
    return found


def people_of(conn: Connection, sr_ids: Iterable[int]) -> dict[int, int | None]:
    """The person each source record belongs to now."""
    out: dict[int, int | None] = {}
    for chunk in _chunks(sorted(set(sr_ids))):
        for sr_id, person_id in conn.execute(
            select(source_records.c.id, source_records.c.person_id).where(source_records.c.id.in_(chunk))
        ):
            out[int(sr_id)] = int(person_id) if person_id is not None else None
    return out


def records_of_people(conn: Connection, person_ids: Iterable[int]) -> dict[int, list[int]]:
    """Source record ids per person."""
    out: dict[int, list[int]] = defaultdict(list)
    for chunk in _chunks(sorted(set(person_ids))):
        for sr_id, person_id in conn.execute(
            select(source_records.c.id, source_records.c.person_id).where(
                source_records.c.person_id.in_(chunk)
            )
        ):
            out[int(person_id)].append(int(sr_id))
    return out


def flagged(conn: Connection, workspace_id: int) -> frozenset[str]:
    """Identifiers flagged as shared (never evidence, never a blocking key)."""
    rows = conn.execute(
        select(flagged_identifiers.c.identifier).where(flagged_identifiers.c.workspace_id == workspace_id)
    )
    return frozenset(r[0] for r in rows)


def add_flags(
    conn: Connection, workspace_id: int, flags: Iterable[tuple[int, str, int]], now: Any
) -> list[str]:
    """Record (source id, identifier, records) flags that are new; returns the new identifiers."""
    have = {
        (r[0], r[1])
        for r in conn.execute(
            select(flagged_identifiers.c.source_id, flagged_identifiers.c.identifier).where(
                flagged_identifiers.c.workspace_id == workspace_id
            )
        )
    }
    new = [(s, i, n) for s, i, n in flags if (s, i) not in have and len(i) <= 1100]
    for source_id, identifier, count in new:
        conn.execute(
            flagged_identifiers.insert().values(
                workspace_id=workspace_id,
                source_id=source_id,
                identifier=identifier,
                records=count,
                created_at=now,
            )
        )
    return [i for _, i, _ in new]


def all_missing(conn: Connection, workspace_id: int) -> array[int]:
    """Ids of every record of the workspace without an index entry, ascending (8 bytes each)."""
    rows = conn.execute(
        select(source_records.c.id)
        .outerjoin(match_records, match_records.c.source_record_id == source_records.c.id)
        .where(source_records.c.workspace_id == workspace_id, match_records.c.source_record_id.is_(None))
        .order_by(source_records.c.id)
    )
    return array("q", (int(r[0]) for r in rows))


def indexed_after(conn: Connection, workspace_id: int, after_id: int, limit: int) -> list[int]:
    """Ids of indexed records of the workspace from ``after_id`` on, ascending."""
    rows = conn.execute(
        select(match_records.c.source_record_id)
        .where(match_records.c.workspace_id == workspace_id, match_records.c.source_record_id > after_id)
        .order_by(match_records.c.source_record_id)
        .limit(limit)
    )
    return [int(r[0]) for r in rows]


def missing(conn: Connection, workspace_id: int, after_id: int, limit: int) -> list[tuple[int, int]]:
    """(source record id, source id) of records without an index entry, from ``after_id`` on."""
    rows = conn.execute(
        select(source_records.c.id, source_records.c.source_id)
        .outerjoin(match_records, match_records.c.source_record_id == source_records.c.id)
        .where(
            source_records.c.workspace_id == workspace_id,
            source_records.c.id > after_id,
            match_records.c.source_record_id.is_(None),
        )
        .order_by(source_records.c.id)
        .limit(limit)
    )
    return [(int(r[0]), int(r[1])) for r in rows]


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    return chunks(values, _IN_LIMIT)
