"""Test data for engage tests: people with contact points, senders and sequences, written directly."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from talentscout.bootstrap import Container
from talentscout.db.tables import contact_points, people
from talentscout.db.tables_engage import senders


def make_person(
    c: Container,
    workspace_id: int,
    name: str,
    *,
    contacts: list[tuple[str, str, str]] = (),  # type: ignore[assignment]
    timezone: str | None = "UTC",
) -> int:
    """A person with (kind, value, label) contact points."""
    now = c.db.clock.now()
    with c.db.begin() as conn:
        pid = conn.execute(
            people.insert()
            .values(
                workspace_id=workspace_id,
                display_name=name,
                given_name=name.split()[0],
                family_name=name.split()[-1],
                name_normalised=name.lower(),
                current_title="Engineer",
                current_employer="Initech",
                timezone=timezone,
                search_text=name.lower(),
                created_at=now,
                updated_at=now,
            )
            .returning(people.c.id)
        ).scalar_one()
        for kind, value, label in contacts:
            conn.execute(
                contact_points.insert().values(
                    workspace_id=workspace_id,
                    person_id=pid,
                    kind=kind,
                    value=value,
                    raw=value,
                    label=label,
                    valid=True,
                    created_at=now,
                )
            )
    return int(pid)


def make_sender(c: Container, workspace_id: int, user_id: int | None, **values: Any) -> int:
    now: datetime = c.db.clock.now()
    row = {
        "name": "Alice Recruiter",
        "email": "alice@acme.example",
        "phone": "+15005550006",
        "signature": "Alice, Acme Talent",
        "daily_cap": 1000,
        "min_spacing_seconds": 0,
    } | values
    with c.db.begin() as conn:
        return int(
            conn.execute(
                senders.insert()
                .values(workspace_id=workspace_id, user_id=user_id, created_at=now, **row)
                .returning(senders.c.id)
            ).scalar_one()
        )


class MovableClock:
    """A clock the test moves by hand (a Wednesday at 10:00 UTC to start with)."""

    def __init__(self, start: datetime | None = None) -> None:
        from datetime import UTC

        self.at = start or datetime(2026, 11, 25, 10, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        from datetime import timedelta

        self.at = self.at + timedelta(**delta)


def three_step_sequence(
    c: Container, actor: Any, sender_id: int, *, window: tuple[int, int] = (0, 24)
) -> int:
    """Email now, SMS two business days later, a last email three business days after that."""
    from talentscout.services import sequences as seqs

    sid = seqs.create_sequence(
        c.db,
        actor=actor,
        name="Backend outreach",
        sender_id=sender_id,
        window_start_hour=window[0],
        window_end_hour=window[1],
    )
    seqs.add_step(
        c.db,
        actor=actor,
        sequence_id=sid,
        step=seqs.StepInput(
            "email",
            0,
            "A role for you, {{ person.first_name }}",
            "Hi {{ person.first_name }},\n\nA quick hello.",
        ),
    )
    seqs.add_step(
        c.db,
        actor=actor,
        sequence_id=sid,
        step=seqs.StepInput("sms", 2, "", "Hi {{ person.first_name }}, did you see my email?"),
    )
    seqs.add_step(
        c.db,
        actor=actor,
        sequence_id=sid,
        step=seqs.StepInput("email", 3, "", "Last note from me, {{ person.first_name }}."),
    )
    return sid
