"""Lawful basis per person and purpose, and the jurisdiction that decides what we owe them.

Legitimate interest needs a balancing note; consent needs a recorded consent (``services.consent``);
contract needs a note naming it. The newest row for a (person, purpose) is the one in force, so the
history of bases stays visible.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select, update

from talentscout.db.tables import people
from talentscout.db.tables_respect import consents, lawful_bases, person_privacy
from talentscout.domain.jurisdiction import Basis, Jurisdiction, Purpose, effective, policy
from talentscout.domain.permissions import Action, Actor
from talentscout.services import audit
from talentscout.services.access import require
from talentscout.services.errors import InvalidInput, NotFound
from talentscout.services.privacy_notice import ensure_privacy_row
from talentscout.services.unit_of_work import Database

_NOTE_NEEDED = {
    Basis.LEGITIMATE_INTEREST: "legitimate interest needs a balancing note (why our interest is not "
    "overridden by the person's)",
    Basis.CONTRACT: "contract needs a note naming the contract",
}


def record_basis(
    db: Database,
    *,
    actor: Actor,
    person_id: int,
    purpose: str,
    basis: str,
    note: str = "",
    consent_id: int | None = None,
) -> int:
    require(actor, Action.MANAGE_PRIVACY)
    purpose_, basis_ = _parse(purpose, basis)
    note = note.strip()
    if basis_ is not Basis.CONSENT and len(note) < 10:
        raise InvalidInput(_NOTE_NEEDED[basis_])
    with db.begin() as conn:
        _person(conn, actor.workspace_id, person_id)
        if basis_ is Basis.CONSENT:
            _check_consent(conn, actor.workspace_id, person_id, consent_id)
        now = db.clock.now()
        new_id = conn.execute(
            lawful_bases.insert()
            .values(
                workspace_id=actor.workspace_id,
                person_id=person_id,
                purpose=purpose_.value,
                basis=basis_.value,
                note=note[:5000],
                consent_id=consent_id,
                recorded_by=actor.user_id,
                created_at=now,
            )
            .returning(lawful_bases.c.id)
        ).scalar_one()
        audit.record(
            conn,
            actor=actor,
            action="lawful_basis",
            subject_type="person",
            subject_id=person_id,
            now=now,
            detail={"purpose": purpose_.value, "basis": basis_.value},
        )
    return int(new_id)


def set_jurisdiction(db: Database, *, actor: Actor, person_id: int, jurisdiction: str | None) -> str:
    """Override the inferred jurisdiction (None or "" clears the override); returns the one in force."""
    require(actor, Action.MANAGE_PRIVACY)
    value = (jurisdiction or "").strip() or None
    if value is not None and value not in {j.value for j in Jurisdiction}:
        raise InvalidInput(
            f"unknown jurisdiction {value!r}; one of {', '.join(j.value for j in Jurisdiction)}"
        )
    with db.begin() as conn:
        row = _person(conn, actor.workspace_id, person_id)
        ensure_privacy_row(conn, actor.workspace_id, person_id)
        conn.execute(
            update(person_privacy).where(person_privacy.c.person_id == person_id).values(jurisdiction=value)
        )
        audit.record(
            conn,
            actor=actor,
            action="jurisdiction",
            subject_type="person",
            subject_id=person_id,
            now=db.clock.now(),
            detail={"override": value},
        )
        return effective(value, row.country, row.region).value


def privacy_status(db: Database, *, actor: Actor, person_id: int) -> dict[str, Any]:
    """Jurisdiction (inferred or overridden), its policy, bases in force per purpose, consents, notice."""
    require(actor, Action.VIEW_PEOPLE)
    from talentscout.services.consent import consents_of

    with db.read() as conn:
        row = _person(conn, actor.workspace_id, person_id)
        state = conn.execute(select(person_privacy).where(person_privacy.c.person_id == person_id)).first()
        override = state.jurisdiction if state else None
        jurisdiction = effective(override, row.country, row.region)
        rule = policy(jurisdiction)
        bases = conn.execute(
            select(lawful_bases)
            .where(lawful_bases.c.person_id == person_id)
            .order_by(lawful_bases.c.created_at, lawful_bases.c.id)
        ).all()
        current = {
            b.purpose: {"basis": b.basis, "note": b.note, "since": b.created_at.isoformat()} for b in bases
        }
        return {
            "person_id": person_id,
            "jurisdiction": jurisdiction.value,
            "jurisdiction_overridden": override is not None,
            "retention_months": rule.retention_months,
            "notice_deadline_days": rule.notice_deadline_days,
            "notice_given_at": state.notice_given_at.isoformat() if state and state.notice_given_at else None,
            "bases": {p.value: current.get(p.value) for p in Purpose},
            "consents": consents_of(conn, workspace_id=actor.workspace_id, person_id=person_id),
        }


def _parse(purpose: str, basis: str) -> tuple[Purpose, Basis]:
    try:
        return Purpose(purpose), Basis(basis)
    except ValueError:
        raise InvalidInput(
            f"purpose must be one of {', '.join(p.value for p in Purpose)}; "
            f"basis one of {', '.join(b.value for b in Basis)}"
        ) from None


def _check_consent(conn: Connection, workspace_id: int, person_id: int, consent_id: int | None) -> None:
    found = conn.execute(
        select(consents.c.id).where(
            consents.c.id == consent_id,
            consents.c.workspace_id == workspace_id,
            consents.c.person_id == person_id,
            consents.c.withdrawn_at.is_(None),
        )
    ).first()
    if consent_id is None or found is None:
        raise InvalidInput(
            "consent as a basis needs a recorded, not withdrawn consent of this person (consent_id)"
        )


def _person(conn: Connection, workspace_id: int, person_id: int) -> Any:
    row = conn.execute(
        select(people.c.id, people.c.country, people.c.region).where(
            people.c.id == person_id, people.c.workspace_id == workspace_id
        )
    ).first()
    if row is None:
        raise NotFound("no such person")
    return row
