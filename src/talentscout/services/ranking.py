"""Ranking people against a role, with the "why", recruiter feedback and likely-to-move signals.

``rank_role`` is the use case the role page, the API and ``talentscout rank`` share; ``rank_text``
ranks the pool for a free-text role description (``talentscout eval ranking``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from talentscout.db.tables import roles, users
from talentscout.db.tables_ranking import role_feedback
from talentscout.domain.permissions import Action, Actor
from talentscout.domain.ranking import (
    BreakdownItem,
    Candidate,
    Feedback,
    RoleSpec,
    Scored,
    Signal,
    rank,
    relevance,
    spec_from_role,
    spec_from_text,
)
from talentscout.services import audit, embeddings, signals
from talentscout.services.access import require
from talentscout.services.errors import InvalidInput, NotFound
from talentscout.services.ranking_data import candidate_ids, load_candidates, with_details
from talentscout.services.unit_of_work import Database

__all__ = ["RankedPerson", "RoleRanking", "rank_role", "rank_spec", "rank_text", "role_spec"]
MAX_LIMIT = 500


@dataclass(frozen=True)
class RankedPerson:
    """One person's place in a role's ranking: ``score`` 0–100, the ``breakdown`` lines that add up
    to it, and the likely-to-move / likely-to-respond ``signals`` (with ``activity``: active/passive)."""

    person_id: int
    display_name: str
    score: float
    breakdown: list[BreakdownItem]
    signals: list[Signal] = field(default_factory=list)
    activity: str = "passive"
    headline: str | None = None
    current_title: str | None = None
    current_employer: str | None = None
    city: str | None = None
    source_ids: tuple[str, ...] = ()
    feedback: str | None = None

    @property
    def reasons(self) -> list[BreakdownItem]:
        """The lines that added most, best first (the CLI's "top reasons")."""
        return sorted((b for b in self.breakdown if b.points > 0), key=lambda b: -b.points)


@dataclass(frozen=True)
class RoleRanking:
    role_id: int
    title: str
    spec: RoleSpec
    people: list[RankedPerson]
    pool: int


def role_spec(row: Mapping[str, Any]) -> RoleSpec:
    """A ``roles`` row as a spec; columns a deployment lacks are read as empty."""
    locations = row.get("locations") or ([row["location"]] if row.get("location") else [])
    return spec_from_role(
        title=str(row.get("title") or ""),
        description=str(row.get("description") or ""),
        must_skills=list(row.get("must_skills") or []),
        nice_skills=list(row.get("nice_skills") or []),
        seniority=row.get("seniority"),
        min_years=_number(row.get("min_years")),
        max_years=_number(row.get("max_years")),
        locations=locations,
        remote_policy=row.get("remote_policy"),
    )


def _number(value: Any) -> float | None:
    return float(value) if value is not None and value != "" else None


def rank_role(
    db: Database,
    *,
    actor: Actor,
    role_id: int,
    limit: int = 100,
    person_ids: Sequence[int] | None = None,
    channels: Sequence[str] | None = None,
) -> list[RankedPerson]:
    """The best ``limit`` people of the pool (or of ``person_ids``) for the role, best first."""
    return rank_role_full(
        db, actor=actor, role_id=role_id, limit=limit, person_ids=person_ids, channels=channels
    ).people


def rank_role_full(
    db: Database,
    *,
    actor: Actor,
    role_id: int,
    limit: int = 100,
    person_ids: Sequence[int] | None = None,
    channels: Sequence[str] | None = None,
) -> RoleRanking:
    require(actor, Action.VIEW_ROLES)
    require(actor, Action.VIEW_PEOPLE)
    limit = _limit(limit)
    with db.read() as conn:
        row = _role_row(conn, actor, role_id)
        spec = role_spec(row)
        ids = candidate_ids(
            conn, spec, workspace_id=actor.workspace_id, person_ids=person_ids, channels=channels
        )
        pool = load_candidates(conn, actor.workspace_id, ids)
        verdicts = latest_feedback(conn, role_id=role_id, workspace_id=actor.workspace_id)
        liked, disliked = _judged(conn, actor.workspace_id, verdicts, pool)
        semantic = embeddings.similarities(conn, db, actor.workspace_id, spec, [c.person_id for c in pool])
        options: dict[str, Any] = {"feedback": verdicts, "liked": liked, "disliked": disliked}
        scored, by_id = _score(conn, db, spec, pool, semantic, limit, **options)
        found = signals.signals_for(
            conn, actor.workspace_id, [by_id[s.person_id] for s in scored], today=db.clock.now().date()
        )
    people = [
        _ranked(by_id[s.person_id], s.score, s.breakdown, found.get(s.person_id), verdicts.get(s.person_id))
        for s in scored
    ]
    with db.begin() as conn:
        audit.record(
            conn,
            actor=actor,
            action="view",
            subject_type="role_ranking",
            subject_id=role_id,
            now=db.clock.now(),
            detail={"people": len(people)},
        )
    return RoleRanking(role_id, str(row.get("title") or ""), spec, people, len(pool))


def rank_text(db: Database, *, actor: Actor, text: str, limit: int = 100) -> list[RankedPerson]:
    """The pool ranked for a free-text role description (skills, titles, years and places read from it)."""
    require(actor, Action.VIEW_PEOPLE)
    if not text.strip():
        raise InvalidInput("the role description is empty")
    return rank_spec(db, actor=actor, spec=spec_from_text(text), limit=limit)


def rank_spec(db: Database, *, actor: Actor, spec: RoleSpec, limit: int = 100) -> list[RankedPerson]:
    """The pool ranked for a spec (no role row, no signals, nothing written)."""
    require(actor, Action.VIEW_PEOPLE)
    with db.read() as conn:
        ids = candidate_ids(conn, spec, workspace_id=actor.workspace_id)
        pool = load_candidates(conn, actor.workspace_id, ids)
        semantic = embeddings.similarities(conn, db, actor.workspace_id, spec, ids)
        scored, by_id = _score(conn, db, spec, pool, semantic, _limit(limit))
    return [_ranked(by_id[s.person_id], s.score, s.breakdown, None, None) for s in scored]


def _score(
    conn: Connection,
    db: Database,
    spec: RoleSpec,
    pool: list[Candidate],
    semantic: dict[int, float],
    limit: int,
    **options: Any,
) -> tuple[list[Scored], dict[int, Candidate]]:
    """Score the whole set, then re-score the top ``limit`` with their skills' sources (for the
    breakdown's wording; values and order are unchanged) — the set is scored on lighter data."""
    today = db.clock.now().date()
    text = relevance(spec, pool)
    first = rank(spec, pool, today=today, semantic=semantic, limit=limit, text_relevance=text, **options)
    by_id = {c.person_id: c for c in pool}
    top = with_details(conn, [by_id[s.person_id] for s in first])
    scored = rank(spec, top, today=today, semantic=semantic, text_relevance=text, **options)
    return scored, {c.person_id: c for c in top}


def _limit(limit: int) -> int:
    if limit < 1:
        raise InvalidInput("limit must be at least 1")
    return min(limit, MAX_LIMIT)


def _ranked(
    c: Candidate,
    score: float,
    breakdown: list[BreakdownItem],
    found: signals.PersonSignals | None,
    verdict: Feedback | None,
) -> RankedPerson:
    return RankedPerson(
        person_id=c.person_id,
        display_name=c.display_name,
        score=score,
        breakdown=breakdown,
        signals=found.signals if found else [],
        activity=found.activity if found else "passive",
        headline=c.headline,
        current_title=c.current_title,
        current_employer=c.current_employer,
        city=c.city,
        source_ids=c.source_ids,
        feedback=verdict.verdict if verdict else None,
    )


def _role_row(conn: Connection, actor: Actor, role_id: int) -> Mapping[str, Any]:
    row = conn.execute(
        select(roles).where(roles.c.id == role_id, roles.c.workspace_id == actor.workspace_id)
    ).first()
    if row is None:
        raise NotFound(f"role {role_id} not found")
    return dict(row._mapping)


def latest_feedback(conn: Connection, *, role_id: int, workspace_id: int) -> dict[int, Feedback]:
    """The latest verdict per person for the role (older rows are kept as history)."""
    query = (
        select(role_feedback, users.c.name.label("author"))
        .select_from(role_feedback.outerjoin(users, users.c.id == role_feedback.c.author_id))
        .where(role_feedback.c.role_id == role_id, role_feedback.c.workspace_id == workspace_id)
        .order_by(role_feedback.c.created_at, role_feedback.c.id)
    )
    return {r.person_id: Feedback(r.verdict, r.reason or "", r.author or "") for r in conn.execute(query)}


def _judged(
    conn: Connection, workspace_id: int, verdicts: dict[int, Feedback], pool: list[Candidate]
) -> tuple[list[Candidate], list[Candidate]]:
    if not verdicts:
        return [], []
    known = {c.person_id: c for c in pool}
    missing = [pid for pid in verdicts if pid not in known]
    known.update({c.person_id: c for c in load_candidates(conn, workspace_id, missing)})
    liked = [known[p] for p, f in verdicts.items() if f.verdict == "good_fit" and p in known]
    disliked = [known[p] for p, f in verdicts.items() if f.verdict == "not_a_fit" and p in known]
    return liked, disliked
