"""Drafting a message for one person: gather the facts (hooks, "why you", the role), ask the drafter,
record that a draft was made and which facts went into it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from talentscout.db.tables import users
from talentscout.domain.permissions import Action, Actor
from talentscout.services import audit
from talentscout.services.access import require
from talentscout.services.drafter import Draft, DraftBrief, Drafter, Fact
from talentscout.services.errors import InvalidInput
from talentscout.services.research import message_context
from talentscout.services.unit_of_work import Database

CHANNELS = ("email", "sms", "linkedin_message", "linkedin_connect", "call")


def brief_for(
    db: Database, *, actor: Actor, person_id: int, role_id: int | None, channel: str
) -> tuple[DraftBrief, dict[str, Any]]:
    require(actor, Action.SEND_OUTREACH)
    if channel not in CHANNELS:
        raise InvalidInput(f"channel must be one of {', '.join(CHANNELS)}")
    with db.read() as conn:
        me = conn.execute(select(users.c.name, users.c.email).where(users.c.id == actor.user_id)).first()
        sender = {"name": me.name, "email": me.email, "signature": me.name} if me else {}
        ctx = message_context(
            conn,
            workspace_id=actor.workspace_id,
            person_id=person_id,
            role_id=role_id,
            sender=sender,
            today=db.clock.now().date(),
        )
    facts = [
        Fact(f"hook:{h['kind']}", str(h["text"]), f"{h['source']} ({h['source_field']})")
        for h in ctx["hooks"]
    ]
    if ctx.get("why_you"):
        facts.append(Fact("why_you", str(ctx["why_you"]), "role ranking explanation"))
    if ctx.get("why_role"):
        facts.append(Fact("role", str(ctx["why_role"]), "role description"))
    brief = DraftBrief(
        channel=channel,
        first_name=str(ctx.get("first_name") or "there"),
        facts=facts,
        role_title=ctx.get("role_title"),
        sender_name=sender.get("name"),
        signature=sender.get("signature"),
    )
    return brief, ctx


def draft_for(
    db: Database, *, actor: Actor, drafter: Drafter, person_id: int, role_id: int | None, channel: str
) -> Draft:
    brief, _ = brief_for(db, actor=actor, person_id=person_id, role_id=role_id, channel=channel)
    draft = drafter.draft(brief)
    with db.begin() as conn:
        audit.record(
            conn,
            actor=actor,
            action="draft",
            subject_type="person",
            subject_id=person_id,
            now=db.clock.now(),
            detail={"drafter": draft.drafter, "facts": [f.key for f in draft.facts_used], "channel": channel},
        )
    return draft
