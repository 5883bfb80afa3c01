"""Rediscovery: when a role is created, past applicants and silver medalists who fit come first."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import update

from talentscout.bootstrap import Container
from talentscout.db.tables import people
from talentscout.domain.roles import RoleSpec
from talentscout.services import pipeline, rediscovery, roles
from tests.conftest import Team
from tests.find_factory import import_pool

BACKEND = RoleSpec(
    title="Backend Engineer",
    must_skills=["python", "k8s"],
    locations=[{"place": "Berlin", "radius_km": 100}],
)


def test_past_applicants_who_fit_are_rediscovered_and_those_who_do_not_are_not(
    container: Container, team: Team, tmp_path: Path
) -> None:
    pool = import_pool(container, team.alice.actor, tmp_path)
    role_id = roles.create_role(container.db, actor=team.alice.actor, spec=BACKEND)
    found = rediscovery.shortlist(container.db, actor=team.alice.actor, role_id=role_id)
    assert [r.person.display_name for r in found.rediscovered] == ["Linus Berg"]
    assert "Mary Shaw" not in {r.person.display_name for r in found.rediscovered}, (
        "an office manager does not fit"
    )
    assert found.top[0].person.display_name == "Ada Lovelace"
    assert any(b.label.startswith("must-have: Kubernetes") for b in found.top[0].ranked.breakdown)
    assert all(r.stage is None for r in found.top)
    pipeline.add_people(
        container.db, actor=team.alice.actor, role_id=role_id, person_ids=[pool["Ada Lovelace"]]
    )
    again = rediscovery.shortlist(container.db, actor=team.alice.actor, role_id=role_id)
    assert again.top[0].stage == "sourced"


def test_a_silver_medalist_from_any_source_is_rediscovered(
    container: Container, team: Team, tmp_path: Path
) -> None:
    pool = import_pool(container, team.alice.actor, tmp_path)
    with container.db.begin() as conn:
        conn.execute(update(people).where(people.c.id == pool["Ada Lovelace"]).values(silver_medalist=True))
    role_id = roles.create_role(container.db, actor=team.alice.actor, spec=BACKEND)
    found = rediscovery.shortlist(container.db, actor=team.alice.actor, role_id=role_id)
    assert [r.person.display_name for r in found.rediscovered] == ["Ada Lovelace", "Linus Berg"]
