"""Likely-to-move / likely-to-respond signals for ranked people, and the company-signals feed import.

The rules are pure (``domain.ranking.signals``); this module reads what they need: positions (already
on the candidate), employer events, past engagement (the person's timeline), flags and applications.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Connection, func, or_, select

from talentscout.db.tables import activities, applications, tags
from talentscout.db.tables_ranking import company_signals
from talentscout.domain.permissions import Action, Actor
from talentscout.domain.ranking import Candidate
from talentscout.domain.ranking.signals import (
    EmployerEvent,
    Engagement,
    PersonSignals,
    classify,
    company_key,
    employer_signals,
    engagement_signals,
    open_to_work,
    tenure_signals,
)
from talentscout.services import audit
from talentscout.services.access import require
from talentscout.services.errors import InvalidInput
from talentscout.services.unit_of_work import Database

__all__ = ["PersonSignals", "SignalsImport", "import_company_signals", "signals_for"]
EVENT_KINDS = frozenset(
    {"layoff", "acquisition", "merger", "reorg", "hiring_freeze", "funding", "office_closure"}
)
MAX_FEED_BYTES = 20 * 1024 * 1024


def signals_for(
    conn: Connection, workspace_id: int, people: Sequence[Candidate], *, today: date
) -> dict[int, PersonSignals]:
    """Signals for each of ``people`` (a ranking's top, not the whole pool)."""
    ids = [c.person_id for c in people]
    if not ids:
        return {}
    events = _events(conn, workspace_id, [c.current_employer for c in people if c.current_employer])
    history, flags, applied = _history(conn, ids), _flags(conn, ids), _applied(conn, ids)
    out: dict[int, PersonSignals] = {}
    for c in people:
        found = [
            *open_to_work([*flags[c.person_id], c.headline or ""]),
            *employer_signals(c.current_employer, events, today),
            *engagement_signals(history[c.person_id], today),
            *tenure_signals(c.jobs, today),
        ]
        out[c.person_id] = PersonSignals(found, classify(found, applied.get(c.person_id), today))
    return out


def _events(conn: Connection, workspace_id: int, employers: list[str]) -> list[EmployerEvent]:
    keys = list({company_key(e) for e in employers} - {""})
    if not keys:
        return []
    query = select(company_signals).where(
        company_signals.c.workspace_id == workspace_id, company_signals.c.company_key.in_(keys)
    )
    return [EmployerEvent(r.company, r.kind, r.occurred_on, r.detail) for r in conn.execute(query)]


_REPLY_KINDS = ("reply", "replied", "message_received", "inbound_message", "email_reply", "sms_reply")
_SENT_KINDS = ("message_sent", "outreach_sent", "email_sent", "sms_sent", "contacted")


def _history(conn: Connection, ids: list[int]) -> dict[int, list[Engagement]]:
    out: dict[int, list[Engagement]] = defaultdict(list)
    query = select(
        activities.c.person_id, activities.c.kind, activities.c.summary, activities.c.created_at
    ).where(
        activities.c.person_id.in_(ids),
        or_(activities.c.kind.in_(_REPLY_KINDS + _SENT_KINDS), activities.c.kind.like("%repl%")),
    )
    for r in conn.execute(query):
        replied = r.kind not in _SENT_KINDS
        out[r.person_id].append(Engagement(_day(r.created_at), replied, r.summary or ""))
    return out


def _flags(conn: Connection, ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for r in conn.execute(select(tags.c.person_id, tags.c.tag).where(tags.c.person_id.in_(ids))):
        out[r.person_id].append(r.tag)
    return out


def _applied(conn: Connection, ids: list[int]) -> dict[int, date]:
    query = (
        select(applications.c.person_id, func.max(applications.c.applied_at))
        .where(applications.c.person_id.in_(ids), applications.c.applied_at.is_not(None))
        .group_by(applications.c.person_id)
    )
    return {row[0]: row[1] for row in conn.execute(query)}


def _day(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value


@dataclass
class SignalsImport:
    """What an import of the company-signals feed did; ``errors``: (row number, message)."""

    imported: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def import_company_signals(db: Database, *, actor: Actor, path: Path, source: str = "") -> SignalsImport:
    """Read a CSV of employer events (``company, event, date[, detail]``); bad rows are reported and
    skipped, the rest stored (a row already stored is left as it is)."""
    require(actor, Action.IMPORT)
    if not path.is_file():
        raise InvalidInput(f"{path.name}: no such file")
    if path.stat().st_size > MAX_FEED_BYTES:
        raise InvalidInput(f"{path.name}: larger than {MAX_FEED_BYTES // 1024 // 1024} MB")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"{path.name}: not UTF-8 text") from None
    reader = csv.DictReader(io.StringIO(text))
    header = {(h or "").strip().lower() for h in reader.fieldnames or []}
    if not {"company", "date"} <= header or not header & {"event", "kind"}:
        raise InvalidInput(
            f"{path.name}: needs the columns company, event (or kind) and date;"
            f" found {', '.join(sorted(header)) or 'none'}"
        )
    report = SignalsImport()
    now = db.clock.now()
    with db.begin() as conn:
        for number, raw in enumerate(reader, start=2):
            row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if isinstance(v, str)}
            problem = _store(conn, actor, row, source or path.name, now)
            if problem is None:
                report.imported += 1
            elif problem == "":
                report.unchanged += 1
            else:
                report.errors.append((number, problem))
        audit.record(
            conn,
            actor=actor,
            action="import",
            subject_type="company_signals",
            subject_id=None,
            now=now,
            detail={"file": path.name, "imported": report.imported, "errors": len(report.errors)},
        )
    return report


def _store(conn: Connection, actor: Actor, row: dict[str, str], source: str, now: datetime) -> str | None:
    """None when stored, "" when already there, else the row's problem."""
    company, kind = (
        row.get("company", ""),
        (row.get("event") or row.get("kind") or "").lower().replace(" ", "_"),
    )
    if not company:
        return "company is empty"
    kind = {"layoffs": "layoff", "acquired": "acquisition"}.get(kind, kind)
    if kind not in EVENT_KINDS:
        return f"unknown event {kind!r}; known: {', '.join(sorted(EVENT_KINDS))}"
    try:
        when = date.fromisoformat(row.get("date", ""))
    except ValueError:
        return f"date {row.get('date', '')!r} is not YYYY-MM-DD"
    key = company_key(company)[:500]
    exists = conn.execute(
        select(company_signals.c.id).where(
            company_signals.c.workspace_id == actor.workspace_id,
            company_signals.c.company_key == key,
            company_signals.c.kind == kind,
            company_signals.c.occurred_on == when,
        )
    ).first()
    if exists:
        return ""
    conn.execute(
        company_signals.insert().values(
            workspace_id=actor.workspace_id,
            company=company[:500],
            company_key=key,
            kind=kind,
            occurred_on=when,
            detail=row.get("detail", "")[:2000],
            source=source[:300],
            created_at=now,
        )
    )
    return None
