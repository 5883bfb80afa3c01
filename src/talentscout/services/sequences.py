"""Sequences, their steps and senders: create, edit, read, preview."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select, update

from talentscout.db.tables import roles, users
from talentscout.db.tables_engage import enrollments, messages, outbox, senders, sequence_steps, sequences
from talentscout.domain.permissions import Action, Actor
from talentscout.domain.templating import Rendered, TemplateProblem, render_message
from talentscout.services import channels, people
from talentscout.services.access import require
from talentscout.services.errors import InvalidInput, NotFound
from talentscout.services.research import message_context
from talentscout.services.unit_of_work import Database


@dataclass(frozen=True)
class StepInput:
    channel: str
    delay_days: int
    subject_template: str
    body_template: str
    follow_preference: bool = True


def create_sender(
    db: Database,
    *,
    actor: Actor,
    name: str,
    email: str,
    phone: str | None = None,
    signature: str = "",
    daily_cap: int = 200,
    min_spacing_seconds: int = 0,
) -> int:
    require(actor, Action.MANAGE_SEQUENCES)
    if "@" not in email or not name.strip():
        raise InvalidInput("a sender needs a name and an email address")
    if daily_cap < 1 or min_spacing_seconds < 0:
        raise InvalidInput("the daily cap must be at least 1 and the spacing not negative")
    with db.begin() as conn:
        if conn.execute(
            select(senders.c.id).where(
                senders.c.workspace_id == actor.workspace_id, senders.c.email == email.strip().lower()
            )
        ).first():
            raise InvalidInput(f"a sender with the address {email} exists already")
        return int(
            conn.execute(
                senders.insert()
                .values(
                    workspace_id=actor.workspace_id,
                    user_id=actor.user_id,
                    name=name.strip(),
                    email=email.strip().lower(),
                    phone=(phone or "").strip() or None,
                    signature=signature,
                    daily_cap=daily_cap,
                    min_spacing_seconds=min_spacing_seconds,
                    created_at=db.clock.now(),
                )
                .returning(senders.c.id)
            ).scalar_one()
        )


def list_senders(db: Database, *, actor: Actor) -> list[dict[str, Any]]:
    with db.read() as conn:
        rows = conn.execute(
            select(senders).where(senders.c.workspace_id == actor.workspace_id).order_by(senders.c.name)
        ).all()
    return [dict(r._mapping) for r in rows]


def create_sequence(
    db: Database,
    *,
    actor: Actor,
    name: str,
    sender_id: int | None = None,
    role_id: int | None = None,
    on_behalf_of_id: int | None = None,
    on_behalf_signature: str | None = None,
    window_start_hour: int = 9,
    window_end_hour: int = 17,
) -> int:
    require(actor, Action.MANAGE_SEQUENCES)
    if not name.strip():
        raise InvalidInput("a sequence needs a name")
    if not 0 <= window_start_hour < window_end_hour <= 24:
        raise InvalidInput("the send window needs 0 <= start hour < end hour <= 24")
    now = db.clock.now()
    with db.begin() as conn:
        _check_refs(conn, actor, sender_id, role_id, on_behalf_of_id)
        return int(
            conn.execute(
                sequences.insert()
                .values(
                    workspace_id=actor.workspace_id,
                    name=name.strip()[:200],
                    sender_id=sender_id,
                    role_id=role_id,
                    on_behalf_of_id=on_behalf_of_id,
                    on_behalf_signature=on_behalf_signature or None,
                    window_start_hour=window_start_hour,
                    window_end_hour=window_end_hour,
                    status="active",
                    created_by=actor.user_id,
                    created_at=now,
                    updated_at=now,
                )
                .returning(sequences.c.id)
            ).scalar_one()
        )


def _check_refs(
    conn: Connection, actor: Actor, sender_id: int | None, role_id: int | None, manager_id: int | None
) -> None:
    ws = actor.workspace_id
    checks = ((sender_id, senders, "sender"), (role_id, roles, "role"), (manager_id, users, "hiring manager"))
    for ref, table, label in checks:
        if (
            ref is not None
            and conn.execute(select(table.c.id).where(table.c.id == ref, table.c.workspace_id == ws)).first()
            is None
        ):
            raise InvalidInput(f"no such {label}")


def add_step(db: Database, *, actor: Actor, sequence_id: int, step: StepInput) -> int:
    require(actor, Action.MANAGE_SEQUENCES)
    _validate(step)
    with db.begin() as conn:
        _require_sequence(conn, actor, sequence_id)
        last = conn.execute(
            select(func.max(sequence_steps.c.position)).where(sequence_steps.c.sequence_id == sequence_id)
        ).scalar()
        return int(
            conn.execute(
                sequence_steps.insert()
                .values(
                    workspace_id=actor.workspace_id,
                    sequence_id=sequence_id,
                    position=int(last or 0) + 1,
                    channel=step.channel,
                    delay_days=step.delay_days,
                    follow_preference=step.follow_preference,
                    subject_template=step.subject_template,
                    body_template=step.body_template,
                    created_at=db.clock.now(),
                )
                .returning(sequence_steps.c.id)
            ).scalar_one()
        )


def update_step(db: Database, *, actor: Actor, step_id: int, step: StepInput) -> None:
    require(actor, Action.MANAGE_SEQUENCES)
    _validate(step)
    with db.begin() as conn:
        _require_step(conn, actor, step_id)
        conn.execute(
            update(sequence_steps)
            .where(sequence_steps.c.id == step_id)
            .values(
                channel=step.channel,
                delay_days=step.delay_days,
                follow_preference=step.follow_preference,
                subject_template=step.subject_template,
                body_template=step.body_template,
            )
        )


def delete_step(db: Database, *, actor: Actor, step_id: int) -> None:
    """Remove a step; its unsent rows are cancelled with it, messages already sent stay on timelines."""
    require(actor, Action.MANAGE_SEQUENCES)
    with db.begin() as conn:
        _require_step(conn, actor, step_id)
        conn.execute(
            outbox.delete().where(outbox.c.step_id == step_id, outbox.c.status.in_(("pending", "task_open")))
        )
        if conn.execute(select(outbox.c.id).where(outbox.c.step_id == step_id).limit(1)).first():
            raise InvalidInput("this step is being sent right now or was sent; archive the sequence instead")
        conn.execute(sequence_steps.delete().where(sequence_steps.c.id == step_id))


def _validate(step: StepInput) -> None:
    if step.channel not in channels.STEP_CHANNELS:
        raise InvalidInput(f"channel must be one of {', '.join(channels.STEP_CHANNELS)}")
    if not 0 <= step.delay_days <= 90:
        raise InvalidInput("the delay is 0 to 90 business days")
    if not step.body_template.strip():
        raise InvalidInput("a step needs its message text")
    if len(step.body_template) > 20_000 or len(step.subject_template) > 500:
        raise InvalidInput("the template is too long")


def _require_sequence(conn: Connection, actor: Actor, sequence_id: int) -> Any:
    row = conn.execute(
        select(sequences).where(sequences.c.id == sequence_id, sequences.c.workspace_id == actor.workspace_id)
    ).first()
    if row is None:
        raise NotFound("no such sequence")
    return row


def _require_step(conn: Connection, actor: Actor, step_id: int) -> Any:
    row = conn.execute(
        select(sequence_steps).where(
            sequence_steps.c.id == step_id, sequence_steps.c.workspace_id == actor.workspace_id
        )
    ).first()
    if row is None:
        raise NotFound("no such step")
    return row


def list_sequences(db: Database, *, actor: Actor) -> list[dict[str, Any]]:
    require(actor, Action.SEND_OUTREACH)
    with db.read() as conn:
        steps = select(func.count()).where(sequence_steps.c.sequence_id == sequences.c.id).scalar_subquery()
        active = (
            select(func.count())
            .where(enrollments.c.sequence_id == sequences.c.id, enrollments.c.status == "active")
            .scalar_subquery()
        )
        rows = conn.execute(
            select(
                sequences.c.id,
                sequences.c.name,
                sequences.c.status,
                steps.label("steps"),
                active.label("active"),
            )
            .where(sequences.c.workspace_id == actor.workspace_id)
            .order_by(sequences.c.id.desc())
        ).all()
    return [dict(r._mapping) for r in rows]


def get_sequence(db: Database, *, actor: Actor, sequence_id: int) -> dict[str, Any]:
    require(actor, Action.SEND_OUTREACH)
    with db.read() as conn:
        seq = dict(_require_sequence(conn, actor, sequence_id)._mapping)
        seq["steps"] = [
            dict(r._mapping)
            for r in conn.execute(
                select(sequence_steps)
                .where(sequence_steps.c.sequence_id == sequence_id)
                .order_by(sequence_steps.c.position)
            ).all()
        ]
        seq["enrollments"] = enrollment_rows(conn, actor.workspace_id, sequence_id)
    return seq


def enrollment_rows(conn: Connection, workspace_id: int, sequence_id: int) -> list[dict[str, Any]]:
    from talentscout.db.tables import people as people_t

    sent = (
        select(func.count())
        .where(
            messages.c.enrollment_id == enrollments.c.id,
            messages.c.direction == "out",
            messages.c.status == "sent",
        )
        .scalar_subquery()
    )
    rows = conn.execute(
        select(
            enrollments.c.id,
            enrollments.c.person_id,
            enrollments.c.status,
            enrollments.c.stop_reason,
            people_t.c.display_name,
            sent.label("sent"),
        )
        .join(people_t, people_t.c.id == enrollments.c.person_id)
        .where(enrollments.c.workspace_id == workspace_id, enrollments.c.sequence_id == sequence_id)
        .order_by(enrollments.c.id)
    ).all()
    return [dict(r._mapping) for r in rows]


def preview(
    db: Database, *, actor: Actor, sequence_id: int, person_id: int, subject: str, body: str
) -> Rendered | str:
    """The step rendered for one person, or the reason it could not be sent."""
    require(actor, Action.SEND_OUTREACH)
    with db.read() as conn:
        seq = _require_sequence(conn, actor, sequence_id)
        people.require_person(conn, actor, person_id)
        sender = {"name": "", "email": "", "signature": ""}
        if seq.sender_id is not None:
            s = conn.execute(select(senders).where(senders.c.id == seq.sender_id)).one()
            sender = {"name": s.name, "email": s.email, "signature": s.signature}
        context = message_context(
            conn, workspace_id=actor.workspace_id, person_id=person_id, role_id=seq.role_id, sender=sender
        )
    try:
        return render_message(subject or None, body, context)
    except TemplateProblem as exc:
        return str(exc)
