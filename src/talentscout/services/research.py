"""Research before outreach: what we know about a person that is worth mentioning, and the merge
fields a message template is rendered with.

``message_context`` is what the send path renders every template with; ``research`` is the research
page (career history, achievements, skills matching a role, online presence, hooks with their sources).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from talentscout.db.tables import (
    contact_points,
    experiences,
    notes,
    people,
    roles,
    source_records,
    sources,
)
from talentscout.domain.hooks import ExperienceFact, Hook, NoteFact, PersonFacts, SourceFact, derive_hooks
from talentscout.domain.permissions import Action, Actor
from talentscout.domain.templating.cited import CitedText
from talentscout.services import audit
from talentscout.services.access import require
from talentscout.services.errors import NotFound
from talentscout.services.research_why import matching_skills, why_role, why_you
from talentscout.services.unit_of_work import Database

PRESENCE_KINDS = ("linkedin", "github", "x", "website")
PRIVACY_LINK_PREVIEW = "https://…/privacy/p/(the person's own link)"


@dataclass
class Research:
    person: dict[str, Any]
    career: list[dict[str, Any]]
    achievements: list[Hook]
    hooks: list[Hook]
    presence: list[dict[str, Any]]
    role: dict[str, Any] | None = None
    matching: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    why_you: list[str] = field(default_factory=list)
    roles: list[dict[str, Any]] = field(default_factory=list)


def research(db: Database, *, actor: Actor, person_id: int, role_id: int | None = None) -> Research:
    require(actor, Action.VIEW_PEOPLE)
    now = db.clock.now()
    with db.begin() as conn:
        person = _person(conn, actor.workspace_id, person_id)
        facts = load_facts(conn, actor.workspace_id, person_id, now.date(), summary=person.get("summary"))
        hooks = derive_hooks(facts)
        role = _role(conn, actor.workspace_id, role_id) if role_id is not None else None
        found, missing = matching_skills(conn, actor.workspace_id, person_id, role) if role else ([], [])
        reasons = why_you(conn, actor.workspace_id, person_id, role, now.date()) if role else []
        view = Research(
            person=person,
            career=[_career(e) for e in facts.experiences],
            achievements=[h for h in hooks if h.kind == "project_or_talk"],
            hooks=hooks,
            presence=_presence(conn, person_id),
            role=role,
            matching=found,
            missing=missing,
            why_you=reasons,
            roles=_open_roles(conn, actor.workspace_id),
        )
        audit.record(
            conn,
            actor=actor,
            action="view",
            subject_type="person_research",
            subject_id=person_id,
            now=now,
            detail={"role_id": role_id},
        )
    return view


def message_context(
    conn: Connection,
    *,
    workspace_id: int,
    person_id: int,
    role_id: int | None,
    sender: Mapping[str, Any] | None,
    today: date | None = None,
) -> dict[str, Any]:
    """Merge fields for one recipient. Unknown values are present as None, so a template that uses
    them is refused as "empty" rather than sent with a gap."""
    person = _person(conn, workspace_id, person_id)
    when = today or date.today()
    facts = load_facts(conn, workspace_id, person_id, when, summary=person.get("summary"))
    return context_from(conn, workspace_id, person, facts, role_id=role_id, sender=sender, today=when)


def context_from(
    conn: Connection,
    workspace_id: int,
    person: Mapping[str, Any],
    facts: PersonFacts,
    *,
    role_id: int | None,
    sender: Mapping[str, Any] | None,
    today: date,
) -> dict[str, Any]:
    """``message_context`` from a person row and facts already loaded (the send path loads them for a
    whole batch of recipients at once)."""
    person_id = int(person["id"])
    when = today
    hooks = derive_hooks(facts)
    role = _role(conn, workspace_id, role_id) if role_id is not None else None
    reasons = why_you(conn, workspace_id, person_id, role, when) if role else []
    role_lines = why_role(role) if role else []
    cite = f"ranking:role:{role_id}"
    sender_info = dict(sender or {})
    return {
        "person": {
            "name": person.get("display_name"),
            "first_name": first_name(person),
            "last_name": person.get("family_name"),
            "title": person.get("current_title"),
            "employer": person.get("current_employer"),
            "city": person.get("city"),
            "country": person.get("country"),
            "headline": person.get("headline"),
        },
        "first_name": first_name(person),
        "last_name": person.get("family_name"),
        "full_name": person.get("display_name"),
        "current_title": person.get("current_title"),
        "current_employer": person.get("current_employer"),
        "city": person.get("city"),
        "country": person.get("country"),
        "headline": person.get("headline"),
        "role": _role_fields(role),
        "role_title": role.get("title") if role else None,
        "sender": {k: sender_info.get(k) for k in ("name", "email", "signature", "phone")},
        "sender_name": sender_info.get("name"),
        "signature": sender_info.get("signature"),
        "hooks": [h.as_context() for h in hooks],
        "hook": hooks[0].cited() if hooks else None,
        "why_you": CitedText("; ".join(reasons), cite) if reasons else None,
        "why_you_reasons": reasons,
        "why_role": "; ".join(role_lines) if role_lines else None,
        "why_block": _why_block(reasons, role_lines, cite),
        # The send path puts the person's own signed link here; previews show this stand-in.
        "privacy_link": PRIVACY_LINK_PREVIEW,
    }


def first_name(person: Mapping[str, Any]) -> str | None:
    given = (person.get("given_name") or "").strip()
    if given:
        return str(given.split()[0])
    display = (person.get("display_name") or "").strip()
    return str(display.split()[0]) if display else None


def load_facts(
    conn: Connection, workspace_id: int, person_id: int, today: date, *, summary: str | None = None
) -> PersonFacts:
    return load_facts_many(conn, workspace_id, [person_id], today, summaries={person_id: summary})[person_id]


def load_facts_many(
    conn: Connection,
    workspace_id: int,
    person_ids: Sequence[int],
    today: date,
    *,
    summaries: Mapping[int, str | None],
) -> dict[int, PersonFacts]:
    """The hook facts of several people in three queries (experiences, notes, source records)."""
    ids = list(person_ids)
    exps = conn.execute(
        select(experiences)
        .where(experiences.c.workspace_id == workspace_id, experiences.c.person_id.in_(ids))
        .order_by(experiences.c.is_current.desc(), experiences.c.start_date.desc())
    ).all()
    note_rows = conn.execute(
        select(notes.c.person_id, notes.c.id, notes.c.body, notes.c.source_record_id)
        .where(notes.c.workspace_id == workspace_id, notes.c.person_id.in_(ids))
        .order_by(notes.c.id.desc())
    ).all()
    src_rows = conn.execute(
        select(
            source_records.c.person_id,
            source_records.c.id,
            sources.c.name,
            sources.c.channel,
            source_records.c.payload,
        )
        .join(sources, sources.c.id == source_records.c.source_id)
        .where(source_records.c.workspace_id == workspace_id, source_records.c.person_id.in_(ids))
        .order_by(source_records.c.id)
    ).all()
    out: dict[int, PersonFacts] = {}
    for pid in ids:
        names: dict[int | None, str] = {s.id: s.name for s in src_rows if s.person_id == pid}
        out[pid] = PersonFacts(
            today=today,
            experiences=[
                ExperienceFact(
                    e.id,
                    e.employer,
                    e.title,
                    e.start_date,
                    e.end_date,
                    bool(e.is_current),
                    e.description,
                    names.get(e.source_record_id, "manual edit"),
                    e.source_record_id,
                )
                for e in exps
                if e.person_id == pid
            ],
            sources=[
                SourceFact(s.id, s.name, s.channel, s.payload or {}) for s in src_rows if s.person_id == pid
            ],
            notes=[
                NoteFact(n.id, n.body, names.get(n.source_record_id, "recruiter note"), n.source_record_id)
                for n in note_rows
                if n.person_id == pid
            ],
            summary=summaries.get(pid),
        )
    return out


def _person(conn: Connection, workspace_id: int, person_id: int) -> dict[str, Any]:
    row = conn.execute(
        select(people).where(people.c.workspace_id == workspace_id, people.c.id == person_id)
    ).first()
    if row is None:
        raise NotFound(f"person {person_id} not found")
    return dict(row._mapping)


def _role(conn: Connection, workspace_id: int, role_id: int) -> dict[str, Any]:
    row = conn.execute(
        select(roles).where(roles.c.workspace_id == workspace_id, roles.c.id == role_id)
    ).first()
    if row is None:
        raise NotFound(f"role {role_id} not found")
    return dict(row._mapping)


def _open_roles(conn: Connection, workspace_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(roles.c.id, roles.c.title)
        .where(roles.c.workspace_id == workspace_id, roles.c.status == "open")
        .order_by(roles.c.title)
    )
    return [dict(r._mapping) for r in rows]


def _role_fields(role: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if role is None:
        return None
    return {k: role.get(k) for k in ("id", "title", "description", "location", "remote_policy")}


def _why_block(reasons: list[str], role_lines: list[str], cite: str) -> CitedText | None:
    lines = []
    if reasons:
        lines.append("Why you: " + "; ".join(reasons) + ".")
    if role_lines:
        lines.append("Why this role: " + "; ".join(role_lines) + ".")
    return CitedText("\n".join(lines), cite) if lines else None


def _career(e: ExperienceFact) -> dict[str, Any]:
    return {
        "title": e.title,
        "employer": e.employer,
        "start": e.start,
        "end": e.end,
        "is_current": e.is_current,
        "description": e.description,
        "source": e.source_label,
    }


def _presence(conn: Connection, person_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(contact_points.c.kind, contact_points.c.value)
        .where(contact_points.c.person_id == person_id, contact_points.c.kind.in_(PRESENCE_KINDS))
        .order_by(contact_points.c.kind)
    )
    out: list[dict[str, Any]] = []
    for kind, value in rows:
        url = value if str(value).startswith(("http://", "https://")) else f"https://{value}"
        out.append({"kind": kind, "value": value, "url": url})
    return out
