"""Recruiter feedback on a person for a role: good fit / not a fit, with a reason. Kept as history;
the latest verdict per person adjusts that role's ranking (and says so in the breakdown)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from talentscout.db.tables import activities, people, roles, users
from talentscout.db.tables_ranking import role_feedback
from talentscout.domain.permissions import Action, Actor
from talentscout.services import audit
from talentscout.services.access import require
from talentscout.services.errors import InvalidInput, NotFound
from talentscout.services.unit_of_work import Database

VERDICTS = {"good_fit": "good fit", "not_a_fit": "not a fit"}
MAX_REASON = 2_000


@dataclass(frozen=True)
class FeedbackEntry:
    id: int
    role_id: int
    person_id: int
    verdict: str
    reason: str
    author: str
    created_at: datetime


def give_feedback(
    db: Database, *, actor: Actor, role_id: int, person_id: int, verdict: str, reason: str = ""
) -> FeedbackEntry:
    """Record a verdict (``good_fit`` / ``not_a_fit``); it is noted on the person's timeline."""
    require(actor, Action.GIVE_FEEDBACK)
    verdict = verdict.strip().lower().replace(" ", "_").replace("-", "_")
    if verdict not in VERDICTS:
        raise InvalidInput(f"verdict must be one of: {', '.join(VERDICTS)}")
    reason = reason.strip()
    if len(reason) > MAX_REASON:
        raise InvalidInput(f"the reason is longer than {MAX_REASON} characters")
    now = db.clock.now()
    with db.begin() as conn:
        title = conn.execute(
            select(roles.c.title).where(roles.c.id == role_id, roles.c.workspace_id == actor.workspace_id)
        ).scalar()
        if title is None:
            raise NotFound(f"role {role_id} not found")
        if (
            conn.execute(
                select(people.c.id).where(
                    people.c.id == person_id, people.c.workspace_id == actor.workspace_id
                )
            ).first()
            is None
        ):
            raise NotFound(f"person {person_id} not found")
        new_id = conn.execute(
            role_feedback.insert()
            .values(
                workspace_id=actor.workspace_id,
                role_id=role_id,
                person_id=person_id,
                verdict=verdict,
                reason=reason,
                author_id=actor.user_id,
                created_at=now,
            )
            .returning(role_feedback.c.id)
        ).scalar_one()
        summary = f"Marked {VERDICTS[verdict]} for {title}" + (f": {reason}" if reason else "")
        conn.execute(
            activities.insert().values(
                workspace_id=actor.workspace_id,
                person_id=person_id,
                kind="role_feedback",
                summary=summary,
                actor_id=actor.user_id,
                data={"role_id": role_id, "verdict": verdict},
                created_at=now,
            )
        )
        audit.record(
            conn,
            actor=actor,
            action="change",
            subject_type="person",
            subject_id=person_id,
            now=now,
            detail={"role_feedback": verdict, "role_id": role_id},
        )
    return FeedbackEntry(int(new_id), role_id, person_id, verdict, reason, actor.name, now)


def feedback_history(
    db: Database, *, actor: Actor, role_id: int, person_id: int | None = None
) -> list[FeedbackEntry]:
    """Every verdict given for the role (or one person on it), newest first."""
    require(actor, Action.VIEW_ROLES)
    query = (
        select(role_feedback, users.c.name.label("author"))
        .select_from(role_feedback.outerjoin(users, users.c.id == role_feedback.c.author_id))
        .where(role_feedback.c.role_id == role_id, role_feedback.c.workspace_id == actor.workspace_id)
        .order_by(role_feedback.c.created_at.desc(), role_feedback.c.id.desc())
    )
    if person_id is not None:
        query = query.where(role_feedback.c.person_id == person_id)
    with db.read() as conn:
        return [
            FeedbackEntry(r.id, r.role_id, r.person_id, r.verdict, r.reason, r.author or "", r.created_at)
            for r in conn.execute(query)
        ]
