"""The "why you / why this role" lines of a message, from the ranking's explanation when the ranking
is installed, else from the skills the person and the role share."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from talentscout.db.tables import person_skills

_REASON_KINDS = ("occupation", "years", "location")


def matching_skills(
    conn: Connection, workspace_id: int, person_id: int, role: Mapping[str, Any]
) -> tuple[list[str], list[str]]:
    """(skills the person has that the role asks for, asked-for skills not on the profile)."""
    held = _held(conn, workspace_id, person_id)
    wanted = [str(s) for s in [*(role.get("must_skills") or []), *(role.get("nice_skills") or [])] if s]
    if not wanted:  # a role described only in prose: the person's skills it mentions
        text = f" {str(role.get('description') or '').casefold()} {str(role.get('title') or '').casefold()} "
        return sorted(label for key, label in held.items() if f" {key} " in text or f" {key}," in text), []
    found = [w for w in wanted if w.casefold() in held]
    missing = [w for w in wanted if w.casefold() not in held]
    return found, missing


def _held(conn: Connection, workspace_id: int, person_id: int) -> dict[str, str]:
    rows = conn.execute(
        select(person_skills.c.name, person_skills.c.canonical_label).where(
            person_skills.c.workspace_id == workspace_id, person_skills.c.person_id == person_id
        )
    )
    out: dict[str, str] = {}
    for name, label in rows:
        for value in (name, label):
            if value:
                out[str(value).casefold()] = str(label or name)
    return out


def why_you(
    conn: Connection, workspace_id: int, person_id: int, role: Mapping[str, Any], today: date
) -> list[str]:
    """Short reasons this person fits the role, strongest first."""
    items = _breakdown(conn, workspace_id, person_id, role, today)
    if items is None:
        found, _ = matching_skills(conn, workspace_id, person_id, role)
        return [f"your experience with {_join(found[:4])}"] if found else []
    skills = [str(i.label).split(":", 1)[1].replace("✓", "").strip() for i in items if "✓" in str(i.label)]
    reasons = [f"your experience with {_join(skills[:4])}"] if skills else []
    for item in items:
        if item.kind in _REASON_KINDS and item.points > 0 and item.detail:
            reasons.append(str(item.detail))
    return reasons[:4]


def _breakdown(
    conn: Connection, workspace_id: int, person_id: int, role: Mapping[str, Any], today: date
) -> list[Any] | None:
    """The ranking's breakdown for one person, or None when the ranking is not installed."""
    try:
        ranking = importlib.import_module("talentscout.services.ranking")
        data = importlib.import_module("talentscout.services.ranking_data")
        domain = importlib.import_module("talentscout.domain.ranking")
    except ImportError:
        return None
    role_spec, load, rank = (
        getattr(ranking, "role_spec", None),
        getattr(data, "load_candidates", None),
        getattr(domain, "rank", None),
    )
    if role_spec is None or load is None or rank is None:
        return None
    pool = load(conn, workspace_id, [person_id])
    if not pool:
        return []
    scored = rank(role_spec(role), pool, today=today)
    return list(scored[0].breakdown) if scored else []


def why_role(role: Mapping[str, Any]) -> list[str]:
    """What the role offers, from its own fields: the first sentence of the description, where, pay."""
    lines: list[str] = []
    description = " ".join(str(role.get("description") or "").split())
    if description:
        first = description.split(". ")[0].rstrip(".")
        lines.append(first[:200])
    remote = str(role.get("remote_policy") or "")
    place = role.get("location") or ", ".join(_places(role.get("locations")))
    if remote == "remote":
        lines.append("fully remote")
    elif place:
        lines.append(f"based in {place}" + (" (hybrid)" if remote == "hybrid" else ""))
    low, high, currency = role.get("comp_min"), role.get("comp_max"), role.get("comp_currency") or ""
    if low and high:
        lines.append(f"pay {low:,}–{high:,} {currency}".strip())
    return lines


def _places(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    out = []
    for item in value:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, Mapping) and item.get("name"):
            out.append(str(item["name"]))
    return out


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
