"""Merge fields for outreach on both databases: person facts, hooks with sources, the "why you / why
this role" block from the ranking's explanation, and a strict render over them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from talentscout.bootstrap import Container
from talentscout.db.tables import experiences, notes, person_skills, roles
from talentscout.domain.templating import TemplateProblem, lint_message, render_message
from talentscout.services import research
from tests.conftest import Team
from tests.engage_factory import MovableClock, make_person

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


@pytest.fixture
def ada_and_role(container: Container, team: Team) -> tuple[int, int, int]:
    container.db.clock = MovableClock(NOW)
    ws = team.alice.actor.workspace_id
    person = make_person(container, ws, "Ada Lovelace", contacts=[("email", "ada@gmail.com", "personal")])
    with container.db.begin() as conn:
        conn.execute(
            experiences.insert(),
            [
                {"workspace_id": ws, "person_id": person, "employer": "Initech", "title": "Staff Engineer",
                 "start_date": date(2026, 9, 1), "is_current": True},
                {"workspace_id": ws, "person_id": person, "employer": "Initech", "title": "Senior Engineer",
                 "start_date": date(2021, 3, 1), "end_date": date(2026, 8, 31), "is_current": False},
            ],
        )  # fmt: skip
        conn.execute(
            person_skills.insert(),
            [
                {"workspace_id": ws, "person_id": person, "name": n, "canonical_label": n}
                for n in ("Python", "Go")
            ],
        )
        conn.execute(
            notes.insert().values(
                workspace_id=ws,
                person_id=person,
                body="Maintainer of an open-source query planner.",
                created_at=NOW,
            )
        )
        role = conn.execute(
            roles.insert()
            .values(
                workspace_id=ws,
                title="Principal Engineer",
                description="Lead our storage engine team. Small, senior group.",
                location="Berlin",
                status="open",
                must_skills=["Python"],
                nice_skills=["Rust"],
                created_at=NOW,
            )
            .returning(roles.c.id)
        ).scalar_one()
    return ws, person, int(role)


def _context(c: Container, ws: int, person: int, role: int | None) -> dict[str, object]:
    with c.db.read() as conn:
        return research.message_context(
            conn,
            workspace_id=ws,
            person_id=person,
            role_id=role,
            sender={"name": "Alice", "signature": "Alice, Acme Talent"},
            today=NOW.date(),
        )


def test_the_context_holds_person_role_sender_hooks_and_why(
    container: Container, ada_and_role: tuple[int, int, int]
) -> None:
    ws, person, role = ada_and_role
    ctx = _context(container, ws, person, role)
    assert (ctx["first_name"], ctx["current_employer"], ctx["role_title"]) == (
        "Ada",
        "Initech",
        "Principal Engineer",
    )
    assert ctx["person"]["first_name"] == "Ada"  # type: ignore[index]
    kinds = [h["kind"] for h in ctx["hooks"]]  # type: ignore[attr-defined]
    assert kinds[0] == "promotion"
    assert "project_or_talk" in kinds
    assert "Python" in str(ctx["why_you"])
    assert "Lead our storage engine team" in str(ctx["why_role"])
    assert "Berlin" in str(ctx["why_role"])
    rendered = render_message(
        "{{ role.title }} at Acme",
        "Hi {{ first_name }},\n\n{{ hook }}!\n\n{{ why_block }}\n\n{{ signature }}",
        ctx,
    )
    assert "Congratulations on the move to Staff Engineer at Initech" in rendered.text
    assert "Why you: your experience with Python" in rendered.text
    assert rendered.hooks_used[0].startswith("promotion:experience:")
    assert f"ranking:role:{role}" in rendered.hooks_used


def test_without_a_role_the_why_fields_are_empty_and_block_sending(
    container: Container, ada_and_role: tuple[int, int, int]
) -> None:
    ws, person, _ = ada_and_role
    ctx = _context(container, ws, person, None)
    with pytest.raises(TemplateProblem, match="why_you"):
        render_message(None, "{{ why_you }}", ctx)
    issues = lint_message("Hi", "Hi {{ first_name }}, {{ city }}", "email", ctx)
    assert [(i.code, str(i.severity)) for i in issues] == [("empty_field", "block")]


def test_the_research_view_is_scoped_to_the_workspace_and_audited(
    container: Container, team: Team, ada_and_role: tuple[int, int, int]
) -> None:
    from sqlalchemy import select

    from talentscout.db.tables_respect import audit_log
    from talentscout.services.errors import NotFound

    _, person, role = ada_and_role
    view = research.research(container.db, actor=team.alice.actor, person_id=person, role_id=role)
    assert view.matching == ["Python"]
    assert view.missing == ["Rust"]
    assert [c["title"] for c in view.career] == ["Staff Engineer", "Senior Engineer"]
    with pytest.raises(NotFound):
        research.research(container.db, actor=team.charlie.actor, person_id=person)
    with container.db.read() as conn:
        kinds = (
            conn.execute(select(audit_log.c.subject_type).where(audit_log.c.subject_id == person))
            .scalars()
            .all()
        )
    assert "person_research" in kinds
