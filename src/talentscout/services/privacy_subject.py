"""What a person can do on their own privacy page, reached by a signed link (no account).

Every call checks the link first; every action is audited with the person as the actor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, update

from talentscout.db.people_writer import person_search_values
from talentscout.db.tables import activities, field_provenance, people
from talentscout.domain.jurisdiction import ConsentScope
from talentscout.services import audit, consent, engage_events, erasure, jobs, suppression
from talentscout.services.errors import InvalidInput, NotFound
from talentscout.services.privacy_export import as_json, person_data
from talentscout.services.privacy_links import LinkTarget, make_token, read_token
from talentscout.services.unit_of_work import Database

BY_PERSON = "the person (privacy page)"
CORRECTABLE = ("display_name", "headline", "current_title", "current_employer", "location_text")
_LIMITS = {
    "display_name": 500,
    "headline": 2000,
    "current_title": 500,
    "current_employer": 500,
    "location_text": 500,
}


@dataclass(frozen=True)
class SubjectView:
    target: LinkTarget
    data: dict[str, Any]
    suppressed: bool


def view(db: Database, *, token: str) -> SubjectView:
    with db.begin() as conn:
        target = read_token(conn, token, now=db.clock.now())
        data = person_data(conn, workspace_id=target.workspace_id, person_id=target.person_id)
        if not data:
            raise NotFound("this privacy link is not valid or has expired; ask for a new one")
        _audit(conn, target, "view", db, {"via": "privacy page"})
        blocked = suppression.person_is_suppressed(
            conn, workspace_id=target.workspace_id, person_id=target.person_id
        )
    return SubjectView(target, data, blocked)


def download(db: Database, *, token: str) -> str:
    """The person's data as JSON; the export itself is audited."""
    with db.begin() as conn:
        target = read_token(conn, token, now=db.clock.now())
        data = person_data(conn, workspace_id=target.workspace_id, person_id=target.person_id)
        if not data:
            raise NotFound("this privacy link is not valid or has expired; ask for a new one")
        _audit(conn, target, "export", db, {"via": "privacy page", "format": "json"})
    return as_json(data)


def correct(db: Database, *, token: str, changes: dict[str, str]) -> list[str]:
    """Apply the person's own corrections to the fields they may correct; returns the fields changed."""
    values = {k: " ".join(v.split())[: _LIMITS[k]] for k, v in changes.items() if k in CORRECTABLE}
    values = {k: v for k, v in values.items() if v}
    if not values:
        raise InvalidInput("nothing to correct: fill in at least one field")
    with db.begin() as conn:
        now = db.clock.now()
        target = read_token(conn, token, now=now)
        row = conn.execute(select(people).where(people.c.id == target.person_id)).one()
        changed = [k for k, v in values.items() if getattr(row, k) != v]
        if not changed:
            return []
        conn.execute(
            field_provenance.insert().values(
                workspace_id=target.workspace_id,
                person_id=target.person_id,
                source_record_id=None,
                editor_id=None,
                fields={k: values[k] for k in changed},
                recorded_at=now,
            )
        )
        merged = {**dict(row._mapping), **{k: values[k] for k in changed}}
        search = person_search_values(conn, target.person_id, merged)
        conn.execute(
            update(people)
            .where(people.c.id == target.person_id)
            .values(**{k: values[k] for k in changed}, **search, updated_at=now)
        )
        _activity(conn, target, "privacy_correction", f"The person corrected {', '.join(changed)}", now)
        _audit(conn, target, "change", db, {"via": "privacy page", "fields": changed})
    return changed


def object_to_contact(db: Database, *, token: str) -> int:
    """Never contact again, on any channel: suppress every identifier, stop sequences, withdraw consents."""
    with db.begin() as conn:
        now = db.clock.now()
        target = read_token(conn, token, now=now)
        ws, pid = target.workspace_id, target.person_id
        added = suppression.suppress_person(conn, workspace_id=ws, person_id=pid, reason="objection", now=now)
        engage_events.stop_for_person(
            conn, workspace_id=ws, person_id=pid, reason="objection: privacy page", now=now
        )
        for scope in ConsentScope:
            consent.withdraw(conn, actor=None, workspace_id=ws, person_id=pid, scope=scope.value, now=now)
        _activity(conn, target, "privacy_objection", "The person objected to being contacted", now)
        _audit(conn, target, "object", db, {"via": "privacy page", "identifiers": added})
    return added


def request_erasure(db: Database, *, token: str) -> str:
    """Step one of two: a short-lived confirmation token (the page asks "are you sure?")."""
    with db.begin() as conn:
        now = db.clock.now()
        target = read_token(conn, token, now=now)
        return make_token(
            conn,
            workspace_id=target.workspace_id,
            person_id=target.person_id,
            now=now,
            days=1,
            purpose="erase",
        )


def confirm_erasure(db: Database, *, token: str, confirmation: str) -> erasure.ErasureReport:
    """Step two: erase now, and queue the compaction that makes it physical."""
    with db.begin() as conn:
        now = db.clock.now()
        target = read_token(conn, token, now=now)
        confirmed = read_token(conn, confirmation, now=now, purpose="erase")
        if confirmed.person_id != target.person_id or confirmed.workspace_id != target.workspace_id:
            raise InvalidInput("this confirmation is for someone else")
        report = erasure.erase_in(
            conn,
            actor=None,
            workspace_id=target.workspace_id,
            person_id=target.person_id,
            now=now,
            by_label=BY_PERSON,
        )
        jobs.enqueue(conn, kind=erasure.COMPACT_JOB, payload={}, workspace_id=target.workspace_id, now=now)
    return report


def _audit(conn: Connection, target: LinkTarget, action: str, db: Database, detail: dict[str, Any]) -> None:
    audit.record(
        conn,
        actor=None,
        workspace_id=target.workspace_id,
        action=action,
        subject_type="person",
        subject_id=target.person_id,
        now=db.clock.now(),
        detail=detail,
        label=BY_PERSON,
    )


def _activity(conn: Connection, target: LinkTarget, kind: str, summary: str, now: Any) -> None:
    conn.execute(
        activities.insert().values(
            workspace_id=target.workspace_id,
            person_id=target.person_id,
            kind=kind,
            summary=summary,
            created_at=now,
        )
    )


KEEP_TEXT = "Yes, keep my profile in your talent pool and contact me about relevant roles."


def keep_profile(db: Database, *, token: str) -> str:
    """The answer to "may we keep your profile?": consent to the talent pool and a renewed period."""
    from talentscout.services import retention

    with db.begin() as conn:
        now = db.clock.now()
        target = read_token(conn, token, now=now)
        consent.add_consent(
            conn,
            actor=None,
            workspace_id=target.workspace_id,
            person_id=target.person_id,
            scope=ConsentScope.TALENT_POOL.value,
            channel="privacy_page",
            text_shown=KEEP_TEXT,
            proof=f"privacy page, signed link, {now.isoformat()}",
            now=now,
        )
        until = retention.renew(
            conn, workspace_id=target.workspace_id, person_id=target.person_id, now=now, by_label=BY_PERSON
        )
    return until.date().isoformat()
