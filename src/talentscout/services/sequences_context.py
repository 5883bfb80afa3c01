"""The merge fields a step template sees: the research context when available, else the basics.

``talentscout.services.research.message_context`` (hooks, "why you" block, career facts) is used when
present; the fallback offers the person's name, title, employer and city, the role and the sender.
"""

from __future__ import annotations

import importlib
from typing import Any

from sqlalchemy import Connection, select

from talentscout.db.tables import people, roles


def message_context(
    conn: Connection, *, workspace_id: int, person_id: int, role_id: int | None, sender: dict[str, Any]
) -> dict[str, Any]:
    try:
        research = importlib.import_module("talentscout.services.research")
    except ModuleNotFoundError:
        research = None
    if research is not None and hasattr(research, "message_context"):
        context: dict[str, Any] = research.message_context(
            conn, workspace_id=workspace_id, person_id=person_id, role_id=role_id, sender=sender
        )
        return context
    return basic_context(conn, workspace_id=workspace_id, person_id=person_id, role_id=role_id, sender=sender)


def basic_context(
    conn: Connection, *, workspace_id: int, person_id: int, role_id: int | None, sender: dict[str, Any]
) -> dict[str, Any]:
    p = conn.execute(
        select(
            people.c.display_name,
            people.c.given_name,
            people.c.family_name,
            people.c.current_title,
            people.c.current_employer,
            people.c.city,
        ).where(people.c.id == person_id, people.c.workspace_id == workspace_id)
    ).one()
    person = {
        "name": p.display_name,
        "first_name": p.given_name or p.display_name.split()[0],
        "last_name": p.family_name,
        "title": p.current_title,
        "employer": p.current_employer,
        "city": p.city,
    }
    role: dict[str, Any] = {}
    if role_id is not None:
        r = conn.execute(
            select(roles.c.title, roles.c.location).where(
                roles.c.id == role_id, roles.c.workspace_id == workspace_id
            )
        ).first()
        if r is not None:
            role = {"title": r.title, "location": r.location}
    return {"person": person, "first_name": person["first_name"], "role": role, "sender": sender}
