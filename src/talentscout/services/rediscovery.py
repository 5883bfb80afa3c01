"""A role's ranked shortlist, and rediscovery: past applicants and silver medalists who fit, first.

The scores and their "why" come from the ranking service (``services.ranking.rank_role``); this module
puts names to them and picks out the people we already know from an earlier hiring process.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, or_, select

from talentscout.db.scoping import in_workspace
from talentscout.db.tables import people, source_records
from talentscout.db.tables_find import pipeline_entries
from talentscout.domain.permissions import Action, Actor
from talentscout.domain.records import SourceChannel
from talentscout.services.access import require
from talentscout.services.people import PersonSummary, summary_of
from talentscout.services.ranking import RankedPerson, rank_role
from talentscout.services.unit_of_work import Database

#: how many people from earlier hiring processes rediscovery ranks (the most recently updated)
MAX_KNOWN = 5000
#: a past applicant must score at least this (0–100) to be surfaced as a fit
REDISCOVERY_MIN_SCORE = 35.0


@dataclass(frozen=True)
class Ranked:
    """One person of a shortlist: who, the ranking's result (score, breakdown, signals), and where they
    are in this role's pipeline (None when not in it)."""

    person: PersonSummary
    ranked: RankedPerson
    stage: str | None

    @property
    def score(self) -> float:
        return float(self.ranked.score)


@dataclass(frozen=True)
class Shortlist:
    top: list[Ranked]
    rediscovered: list[Ranked]


def shortlist(
    db: Database, *, actor: Actor, role_id: int, limit: int = 25, rediscover: int = 10
) -> Shortlist:
    """The ``limit`` best-ranked people of the pool for the role, and up to ``rediscover`` past
    applicants / silver medalists who fit (scored at least ``REDISCOVERY_MIN_SCORE``), best first."""
    require(actor, Action.VIEW_ROLES)
    top = rank_role(db, actor=actor, role_id=role_id, limit=limit)
    with db.read() as conn:
        known = _past_applicants(conn, actor.workspace_id)
    again = rank_role(db, actor=actor, role_id=role_id, limit=rediscover, person_ids=known) if known else []
    again = [r for r in again if r.score >= REDISCOVERY_MIN_SCORE]
    return Shortlist(_named(db, actor, role_id, top), _named(db, actor, role_id, again))


def _named(db: Database, actor: Actor, role_id: int, ranked: list[RankedPerson]) -> list[Ranked]:
    ids = [r.person_id for r in ranked]
    if not ids:
        return []
    with db.read() as conn:
        rows = {
            r.id: r
            for r in conn.execute(select(people).where(in_workspace(people.c.id, ids, actor.workspace_id)))
        }
        stages = dict(
            conn.execute(
                select(pipeline_entries.c.person_id, pipeline_entries.c.stage).where(
                    pipeline_entries.c.role_id == role_id, pipeline_entries.c.person_id.in_(ids)
                )
            ).all()
        )
    return [
        Ranked(summary_of(rows[r.person_id]), r, stages.get(r.person_id))
        for r in ranked
        if r.person_id in rows
    ]


def _past_applicants(conn: Connection, workspace_id: int) -> list[int]:
    """People who applied before (a past-applicant source) or were silver medalists, newest first."""
    applied = (
        select(source_records.c.id)
        .where(
            source_records.c.person_id == people.c.id,
            source_records.c.channel == SourceChannel.PAST_APPLICANT.value,
        )
        .exists()
    )
    query = (
        select(people.c.id)
        .where(people.c.workspace_id == workspace_id, or_(people.c.silver_medalist.is_(True), applied))
        .order_by(people.c.updated_at.desc(), people.c.id.desc())
        .limit(MAX_KNOWN)
    )
    return [int(i) for i in conn.execute(query).scalars()]
