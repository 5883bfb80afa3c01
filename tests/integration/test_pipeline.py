"""A role's pipeline: adding people, moving them (on their timeline, audited), the board, outreach stops."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from talentscout.bootstrap import Container
from talentscout.db.tables import activities
from talentscout.db.tables import roles as roles_table
from talentscout.db.tables_engage import outbox
from talentscout.db.tables_respect import audit_log
from talentscout.domain.roles import RoleSpec
from talentscout.services import pipeline, roles
from talentscout.services import sequences_enrol as enrol
from talentscout.services.errors import InvalidInput, NotFound, PermissionDenied
from tests.conftest import Team
from tests.engage_factory import make_person, make_sender, three_step_sequence
from tests.find_factory import import_pool


@pytest.fixture
def pool(container: Container, team: Team, tmp_path: Path) -> dict[str, int]:
    return import_pool(container, team.alice.actor, tmp_path)


@pytest.fixture
def role_id(container: Container, team: Team) -> int:
    return roles.create_role(container.db, actor=team.alice.actor, spec=RoleSpec(title="Backend Engineer"))


def test_people_added_to_a_role_start_as_sourced_once(
    container: Container, team: Team, pool: dict[str, int], role_id: int
) -> None:
    ada, jose = pool["Ada Lovelace"], pool["José Müller"]
    assert (
        pipeline.add_people(container.db, actor=team.alice.actor, role_id=role_id, person_ids=[ada, jose])
        == 2
    )
    assert pipeline.add_people(container.db, actor=team.bob.actor, role_id=role_id, person_ids=[ada]) == 0
    board = pipeline.board(container.db, actor=team.bob.actor, role_id=role_id)
    assert board.stage_of() == {ada: "sourced", jose: "sourced"}
    assert [c.stage.key for c in board.columns][-4:] == [
        "not_interested",
        "not_a_fit",
        "withdrew",
        "hired_elsewhere",
    ]


def test_a_move_is_on_the_persons_timeline_and_in_the_audit_log(
    container: Container, team: Team, pool: dict[str, int], role_id: int
) -> None:
    ada = pool["Ada Lovelace"]
    pipeline.add_people(container.db, actor=team.alice.actor, role_id=role_id, person_ids=[ada])
    pipeline.move(container.db, actor=team.alice.actor, role_id=role_id, person_id=ada, stage="contacted")
    with container.db.read() as conn:
        timeline = conn.execute(
            select(activities.c.kind, activities.c.summary, activities.c.data)
            .where(activities.c.person_id == ada, activities.c.kind == "pipeline")
            .order_by(activities.c.id)
        ).all()
        audited = (
            conn.execute(
                select(audit_log.c.action).where(
                    audit_log.c.subject_type == "person", audit_log.c.subject_id == ada
                )
            )
            .scalars()
            .all()
        )
    assert [t.summary for t in timeline] == [
        "added to role 'Backend Engineer' at Sourced",
        "moved from Sourced to Contacted for role 'Backend Engineer'",
    ]
    assert timeline[-1].data == {"role_id": role_id, "from": "sourced", "to": "contacted"}
    assert {"pipeline.add", "pipeline.move"} <= set(audited)
    assert pipeline.board(container.db, actor=team.alice.actor, role_id=role_id).stage_of() == {
        ada: "contacted"
    }


def test_moving_past_contacted_stops_pending_outreach_in_the_same_transaction(
    container: Container, team: Team, pool: dict[str, int], role_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    stopped: list[dict[str, Any]] = []
    monkeypatch.setattr(pipeline, "stop_for_person", lambda conn, **kw: stopped.append(kw))
    ada = pool["Ada Lovelace"]
    pipeline.add_people(container.db, actor=team.alice.actor, role_id=role_id, person_ids=[ada])
    pipeline.move(container.db, actor=team.alice.actor, role_id=role_id, person_id=ada, stage="contacted")
    assert stopped == [], "reaching 'contacted' is when outreach happens, not when it stops"
    pipeline.move(container.db, actor=team.alice.actor, role_id=role_id, person_id=ada, stage="replied")
    pipeline.move(
        container.db, actor=team.alice.actor, role_id=role_id, person_id=ada, stage="not_interested"
    )
    assert [s["reason"] for s in stopped] == ["stage:replied", "stage:not_interested"]
    assert {s["person_id"] for s in stopped} == {ada}
    assert {s["workspace_id"] for s in stopped} == {team.alice.actor.workspace_id}


def test_unknown_stages_and_people_outside_the_pipeline_are_refused(
    container: Container, team: Team, pool: dict[str, int], role_id: int
) -> None:
    ada, jose = pool["Ada Lovelace"], pool["José Müller"]
    pipeline.add_people(container.db, actor=team.alice.actor, role_id=role_id, person_ids=[ada])
    with pytest.raises(InvalidInput, match="unknown stage"):
        pipeline.move(container.db, actor=team.alice.actor, role_id=role_id, person_id=ada, stage="limbo")
    with pytest.raises(NotFound):
        pipeline.move(container.db, actor=team.alice.actor, role_id=role_id, person_id=jose, stage="offer")
    with pytest.raises(InvalidInput, match="at least one"):
        pipeline.add_people(container.db, actor=team.alice.actor, role_id=role_id, person_ids=[])
    pipeline.remove(container.db, actor=team.alice.actor, role_id=role_id, person_id=ada)
    assert pipeline.board(container.db, actor=team.alice.actor, role_id=role_id).stage_of() == {}


def test_hiring_managers_cannot_move_and_outsiders_cannot_touch_the_pipeline(
    container: Container, team: Team, pool: dict[str, int], role_id: int
) -> None:
    ada = pool["Ada Lovelace"]
    with pytest.raises(PermissionDenied):
        pipeline.add_people(container.db, actor=team.hana.actor, role_id=role_id, person_ids=[ada])
    with pytest.raises(NotFound):
        pipeline.add_people(container.db, actor=team.charlie.actor, role_id=role_id, person_ids=[ada])
    with pytest.raises(NotFound):
        pipeline.board(container.db, actor=team.charlie.actor, role_id=role_id)
    charlies = roles.create_role(container.db, actor=team.charlie.actor, spec=RoleSpec(title="Spy"))
    with pytest.raises(NotFound, match="no such person"):
        pipeline.add_people(container.db, actor=team.charlie.actor, role_id=charlies, person_ids=[ada])


def test_a_role_written_without_stages_gets_the_default_board(
    container: Container, team: Team, pool: dict[str, int]
) -> None:
    now = container.db.clock.now()
    with container.db.begin() as conn:
        bare = conn.execute(
            roles_table.insert()
            .values(workspace_id=team.alice.actor.workspace_id, title="Loaded", created_at=now)
            .returning(roles_table.c.id)
        ).scalar_one()
    ada = pool["Ada Lovelace"]
    pipeline.add_people(container.db, actor=team.alice.actor, role_id=bare, person_ids=[ada])
    pipeline.move(container.db, actor=team.alice.actor, role_id=bare, person_id=ada, stage="interested")
    board = pipeline.board(container.db, actor=team.alice.actor, role_id=bare)
    assert len(board.columns) == 12
    assert board.stage_of() == {ada: "interested"}


def test_a_move_to_interested_cancels_the_persons_pending_sequence_step(
    container: Container, team: Team, role_id: int
) -> None:
    ws = team.alice.actor.workspace_id
    person = make_person(container, ws, "Ada Lovelace", contacts=[("email", "ada@gmail.com", "personal")])
    sequence = three_step_sequence(
        container, team.alice.actor, make_sender(container, ws, team.alice.user.id)
    )
    assert enrol.enrol(
        container.db, actor=team.alice.actor, sequence_id=sequence, person_ids=[person]
    ).enrolled
    pipeline.add_people(container.db, actor=team.alice.actor, role_id=role_id, person_ids=[person])
    pipeline.move(container.db, actor=team.alice.actor, role_id=role_id, person_id=person, stage="contacted")
    assert _outbox(container, person) == [("pending", None)]
    pipeline.move(container.db, actor=team.alice.actor, role_id=role_id, person_id=person, stage="interested")
    assert _outbox(container, person) == [("cancelled", "stage:interested")]


def _outbox(c: Container, person: int) -> list[tuple[str, str | None]]:
    with c.db.read() as conn:
        rows = conn.execute(select(outbox.c.status, outbox.c.reason).where(outbox.c.person_id == person))
        return [(r.status, r.reason) for r in rows]
