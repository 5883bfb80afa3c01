"""Roles: created with canonical skills and resolved places, scoped to the workspace, audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from talentscout.bootstrap import Container
from talentscout.db.tables_respect import audit_log
from talentscout.domain.roles import RoleSpec
from talentscout.services import roles
from talentscout.services.errors import InvalidInput, NotFound, PermissionDenied
from tests.conftest import Team


def _spec(**overrides: object) -> RoleSpec:
    values: dict[str, object] = {
        "title": "Backend Engineer",
        "must_skills": ["python", "k8s"],
        "nice_skills": ["golang", "Python"],
        "seniority": "Senior",
        "min_years": 3,
        "max_years": 8,
        "locations": [{"place": "Berlin", "radius_km": 50}],
        "remote_policy": "hybrid",
        "comp_min": 70000,
        "comp_max": 90000,
        "comp_currency": "eur",
    }
    values.update(overrides)
    return RoleSpec(**values)  # type: ignore[arg-type]


def test_a_role_keeps_canonical_skills_and_resolved_places(container: Container, team: Team) -> None:
    role_id = roles.create_role(
        container.db, actor=team.alice.actor, spec=_spec(hiring_manager_id=team.hana.user.id)
    )
    view = roles.get_role(container.db, actor=team.alice.actor, role_id=role_id)
    assert view.role["must_skills"] == ["Python", "Kubernetes"]
    assert view.role["nice_skills"] == ["Go"], "a must-have is not repeated as a nice-to-have"
    assert view.role["locations"][0]["place"] == "Berlin, DE"
    assert view.role["locations"][0]["radius_km"] == 50
    assert view.role["locations"][0]["latitude"] == pytest.approx(52.52, abs=0.01)
    assert (view.role["seniority"], view.role["remote_policy"], view.role["comp_currency"]) == (
        "senior",
        "hybrid",
        "EUR",
    )
    assert view.hiring_manager == "Hana"
    assert [s.key for s in view.stages][:3] == ["sourced", "contacted", "replied"]
    assert {s.key for s in view.stages if s.closed} == {
        "not_interested",
        "not_a_fit",
        "withdrew",
        "hired_elsewhere",
    }
    with container.db.read() as conn:
        actions = (
            conn.execute(select(audit_log.c.action).where(audit_log.c.subject_id == role_id)).scalars().all()
        )
    assert "role.create" in actions


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": "  "}, "title"),
        ({"locations": [{"place": "Atlantis Prime", "radius_km": 10}]}, "unknown place"),
        ({"locations": [{"place": "Berlin", "radius_km": 99999}]}, "radius"),
        ({"min_years": 9, "max_years": 2}, "years"),
        ({"remote_policy": "moon"}, "remote policy"),
        ({"comp_currency": "euro"}, "currency"),
        ({"seniority": "wizard"}, "seniority"),
    ],
)
def test_bad_role_fields_are_refused_with_the_field_named(
    container: Container, team: Team, overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        roles.create_role(container.db, actor=team.alice.actor, spec=_spec(**overrides))


def test_a_hiring_manager_from_another_workspace_is_refused(container: Container, team: Team) -> None:
    with pytest.raises(InvalidInput, match="hiring manager"):
        roles.create_role(
            container.db, actor=team.alice.actor, spec=_spec(hiring_manager_id=team.charlie.user.id)
        )


def test_only_role_managers_change_roles_and_hiring_managers_see_only_theirs(
    container: Container, team: Team
) -> None:
    mine = roles.create_role(
        container.db, actor=team.alice.actor, spec=_spec(hiring_manager_id=team.hana.user.id)
    )
    other = roles.create_role(container.db, actor=team.alice.actor, spec=_spec(title="Designer"))
    with pytest.raises(PermissionDenied):
        roles.create_role(container.db, actor=team.hana.actor, spec=_spec())
    with pytest.raises(PermissionDenied):
        roles.list_roles(container.db, actor=team.eve.actor)
    assert [v.id for v in roles.list_roles(container.db, actor=team.hana.actor)] == [mine]
    with pytest.raises(NotFound):
        roles.get_role(container.db, actor=team.hana.actor, role_id=other)
    assert {v.id for v in roles.list_roles(container.db, actor=team.bob.actor)} == {mine, other}


def test_another_workspace_cannot_see_change_or_delete_a_role(container: Container, team: Team) -> None:
    role_id = roles.create_role(container.db, actor=team.alice.actor, spec=_spec())
    assert roles.list_roles(container.db, actor=team.charlie.actor) == []
    for call in (
        lambda: roles.get_role(container.db, actor=team.charlie.actor, role_id=role_id),
        lambda: roles.update_role(container.db, actor=team.charlie.actor, role_id=role_id, spec=_spec()),
        lambda: roles.delete_role(container.db, actor=team.charlie.actor, role_id=role_id),
    ):
        with pytest.raises(NotFound):
            call()


def test_updating_and_deleting_a_role(container: Container, team: Team) -> None:
    role_id = roles.create_role(container.db, actor=team.alice.actor, spec=_spec())
    roles.update_role(
        container.db,
        actor=team.bob.actor,
        role_id=role_id,
        spec=_spec(title="Staff Engineer", must_skills=["JS"]),
    )
    view = roles.get_role(container.db, actor=team.alice.actor, role_id=role_id)
    assert (view.role["title"], view.role["must_skills"]) == ("Staff Engineer", ["JavaScript"])
    roles.delete_role(container.db, actor=team.alice.actor, role_id=role_id)
    with pytest.raises(NotFound):
        roles.get_role(container.db, actor=team.alice.actor, role_id=role_id)
