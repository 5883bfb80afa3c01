"""Reading what ranking needs from the database: the pre-filtered candidate set and their profiles.

Over a large pool only a candidate set is scored. On SQLite it comes from a few narrow FTS5 queries
(``ranking_prefilter``: all must-haves, then the title, then any of the role's words). Elsewhere it is
the people whose indexed text (titles, skills, employers) matches the role's title or skills, best
first by the full-text index, plus people who hold a must-have skill. A small pool (``FULL_SCAN_POOL``
people or fewer) is scored whole.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select

from talentscout.db.scoping import in_workspace
from talentscout.db.search_query import compile_search, prepare_connection
from talentscout.db.tables import experiences, people, person_skills, source_records, sources
from talentscout.domain.query import QueryError, parse
from talentscout.domain.query.words import words as fold_words
from talentscout.domain.ranking import Candidate, HeldSkill, Job, RoleSpec
from talentscout.domain.ranking.spec import occupation_code
from talentscout.domain.ranking.text import STOPWORDS, stem
from talentscout.services import ranking_prefilter

FULL_SCAN_POOL = 5_000
SQLITE_CANDIDATES = 400
CANDIDATES = 600
SKILL_CANDIDATES = 400
MAX_FTS_TERMS = 24
CHUNK = 500


def candidate_ids(
    conn: Connection,
    spec: RoleSpec,
    *,
    workspace_id: int,
    person_ids: Sequence[int] | None = None,
    channels: Sequence[str] | None = None,
    limit: int = CANDIDATES,
) -> list[int]:
    """The people to score for ``spec``; ``person_ids`` / ``channels`` narrow the pool."""
    if person_ids is not None:
        ids = _scoped(conn, workspace_id, list(person_ids))
    elif not _larger_than(conn, workspace_id, FULL_SCAN_POOL):
        ids = list(conn.execute(select(people.c.id).where(people.c.workspace_id == workspace_id)).scalars())
    elif conn.dialect.name == "sqlite":
        ids = ranking_prefilter.candidates(conn, spec, workspace_id=workspace_id, limit=SQLITE_CANDIDATES)
    else:
        ids = list(
            dict.fromkeys(
                [
                    *_by_text(conn, spec, workspace_id, limit),
                    *_by_skill(conn, spec, workspace_id, SKILL_CANDIDATES),
                ]
            )
        )
    if channels:
        ids = _on_channels(conn, workspace_id, ids, channels)
    return ids


def _larger_than(conn: Connection, workspace_id: int, size: int) -> bool:
    """Whether the workspace holds more than ``size`` people (an index probe, not a count of them all)."""
    query = select(people.c.id).where(people.c.workspace_id == workspace_id).limit(1).offset(size)
    return conn.execute(query).first() is not None


def _scoped(conn: Connection, workspace_id: int, ids: list[int]) -> list[int]:
    found: list[int] = []
    for chunk in _chunks(ids):
        query = select(people.c.id).where(in_workspace(people.c.id, chunk, workspace_id))
        found += conn.execute(query).scalars()
    return found


def fts_terms(spec: RoleSpec) -> list[str]:
    """The folded word stems the full-text pre-filter looks for: title, occupation, skills."""
    texts = [spec.title, *spec.occupation_titles, *(n.label for n in (*spec.must, *spec.nice))]
    found = [stem(w) for t in texts for w in fold_words(t) if w not in STOPWORDS and len(w) > 1]
    if not found:
        found = [stem(w) for w in fold_words(spec.description) if w not in STOPWORDS and len(w) > 3]
    return list(dict.fromkeys(found))[:MAX_FTS_TERMS]


def _by_text(conn: Connection, spec: RoleSpec, workspace_id: int, limit: int) -> list[int]:
    """The best ``limit`` full-text matches of any of the role's word stems (as a recruiter query
    ``manag* OR engineer* …``, compiled by the search module for the connection's database)."""
    terms = fts_terms(spec)
    if not terms:
        return []
    try:
        # the stems as words too: prefix words alone are constant-score (listed newest first), and the
        # pre-filter needs the best-ranked matches
        tree = parse(" OR ".join([*terms, *(f"{t}*" for t in terms)]), expand_synonyms=False)
    except QueryError:
        return []
    compiled = compile_search(tree, dialect=conn.dialect.name, workspace_id=workspace_id, today=date.today())
    prepare_connection(conn)
    query: Any = (
        select(people.c.id)
        .select_from(compiled.source)
        .where(compiled.where)
        .order_by(*compiled.order_by)
        .limit(limit)
    )
    return list(conn.execute(query).scalars())


def _by_skill(conn: Connection, spec: RoleSpec, workspace_id: int, limit: int) -> list[int]:
    ids = [n.skill_id for n in spec.must if n.skill_id]
    if not ids:
        return []
    query = (
        select(person_skills.c.person_id)
        .where(person_skills.c.workspace_id == workspace_id, person_skills.c.canonical_id.in_(ids))
        .group_by(person_skills.c.person_id)
        .order_by(func.count().desc(), person_skills.c.person_id)
        .limit(limit)
    )
    return list(conn.execute(query).scalars())


def _on_channels(conn: Connection, workspace_id: int, ids: list[int], channels: Sequence[str]) -> list[int]:
    keep: set[int] = set()
    for chunk in _chunks(ids):
        query = select(source_records.c.person_id).where(
            source_records.c.workspace_id == workspace_id,
            source_records.c.person_id.in_(chunk),
            source_records.c.channel.in_(list(channels)),
        )
        keep.update(conn.execute(query).scalars())
    return [i for i in ids if i in keep]


def load_candidates(conn: Connection, workspace_id: int, ids: Sequence[int]) -> list[Candidate]:
    """Profiles of ``ids`` (in that order) with their positions and skills (see ``with_details``)."""
    out: list[Candidate] = []
    for chunk in _chunks(list(ids)):
        out += _load_chunk(conn, workspace_id, chunk)
    return out


_PERSON_COLUMNS = (
    "id",
    "display_name",
    "headline",
    "current_title",
    "current_employer",
    "summary",
    "latitude",
    "longitude",
    "country",
    "timezone",
    "city",
)


def _load_chunk(conn: Connection, workspace_id: int, ids: list[int]) -> list[Candidate]:
    columns = [people.c[name] for name in _PERSON_COLUMNS]
    query = select(*columns).where(in_workspace(people.c.id, ids, workspace_id))
    rows = conn.execute(query).all()
    jobs, skills = _jobs(conn, ids), _skills(conn, ids)
    by_id = {row.id: row for row in rows}
    return [_candidate(by_id[i], jobs[i], skills[i]) for i in ids if i in by_id]


def _candidate(row: Any, jobs: list[Job], skills: list[HeldSkill]) -> Candidate:
    descriptions = "\n".join(j.description for j in jobs if j.description)
    return Candidate(
        person_id=row.id,
        display_name=row.display_name,
        headline=row.headline,
        current_title=row.current_title,
        current_employer=row.current_employer,
        jobs=jobs,
        skills=skills,
        text="\n".join(filter(None, [row.headline, row.summary, descriptions])),
        latitude=row.latitude,
        longitude=row.longitude,
        country=row.country,
        timezone=row.timezone,
        city=row.city,
    )


def _jobs(conn: Connection, ids: list[int]) -> dict[int, list[Job]]:
    out: dict[int, list[Job]] = defaultdict(list)
    query = select(experiences).where(experiences.c.person_id.in_(ids)).order_by(experiences.c.id)
    for r in conn.execute(query):
        code = occupation_code(r.title) if r.title else None
        out[r.person_id].append(
            Job(r.title, r.employer, r.start_date, r.end_date, r.is_current, code, r.description)
        )
    return out


def _skills(conn: Connection, ids: list[int], *, with_sources: bool = False) -> dict[int, list[HeldSkill]]:
    """Each person's distinct skills; ``with_sources`` also names the sources that listed them (for
    the breakdown of the people shown, not the whole candidate set)."""
    columns = [
        person_skills.c.person_id,
        person_skills.c.name,
        person_skills.c.canonical_id,
        person_skills.c.canonical_label,
    ]
    query: Any = select(*columns).where(person_skills.c.person_id.in_(ids))
    if with_sources:
        joined = person_skills.outerjoin(
            source_records, source_records.c.id == person_skills.c.source_record_id
        ).outerjoin(sources, sources.c.id == source_records.c.source_id)
        query = (
            select(*columns, sources.c.name.label("source"))
            .select_from(joined)
            .where(person_skills.c.person_id.in_(ids))
        )
    merged: dict[int, dict[str, HeldSkill]] = defaultdict(dict)
    for r in conn.execute(query):
        key = r.canonical_id or r.name.casefold()
        source = r.source if with_sources else None
        old = merged[r.person_id].get(key)
        if old is not None and (source is None or source in old.sources):
            continue
        origin = (*(old.sources if old else ()), source) if source else old.sources if old else ()
        merged[r.person_id][key] = HeldSkill(r.canonical_id, r.canonical_label or r.name, origin)
    out: dict[int, list[HeldSkill]] = defaultdict(list)
    out.update({pid: list(v.values()) for pid, v in merged.items()})
    return out


def with_details(conn: Connection, candidates: Sequence[Candidate]) -> list[Candidate]:
    """The same candidates with what only the people shown need: the sources that listed each skill
    and the source ids of their records."""
    if not candidates:
        return []
    ids = [c.person_id for c in candidates]
    found, refs = _skills(conn, ids, with_sources=True), _source_ids(conn, ids)
    return [
        replace(c, skills=found.get(c.person_id, c.skills), source_ids=tuple(refs[c.person_id]))
        for c in candidates
    ]


def _source_ids(conn: Connection, ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    query = select(source_records.c.person_id, source_records.c.external_id).where(
        source_records.c.person_id.in_(ids)
    )
    for r in conn.execute(query.order_by(source_records.c.id)):
        out[r.person_id].append(r.external_id)
    return out


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]
