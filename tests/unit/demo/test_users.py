"""The demo team: who signs in, with which role, and the roles they are hiring for."""

from __future__ import annotations

from talentscout.demo.users import DEMO_PASSWORD, DEMO_ROLES, DEMO_WORKSPACES
from talentscout.domain.permissions import Role


def test_acme_has_a_user_for_every_role_and_globex_is_a_separate_team() -> None:
    acme, globex = DEMO_WORKSPACES
    by_email = {u.email: u for u in acme.users}

    assert acme.name == "Acme Talent"
    assert globex.name == "Globex Recruiting"
    assert {u.role for u in acme.users} == {r.value for r in Role}
    assert by_email["alice@acme.example"].name == "Alice Archer"
    assert by_email["agnes@talentbridge.example"].role == "agency"
    assert [(u.email, u.role) for u in globex.users] == [("charlie@globex.example", "recruiter")]
    assert globex.files_people >= 20


def test_every_demo_address_is_unique_and_on_a_reserved_example_domain() -> None:
    emails = [u.email for ws in DEMO_WORKSPACES for u in ws.users]

    assert len(emails) == len(set(emails))
    assert all(e.endswith(".example") for e in emails)


def test_demo_roles_are_described_in_80_to_150_words() -> None:
    assert 4 <= len(DEMO_ROLES) <= 6
    for role in DEMO_ROLES:
        assert 80 <= len(role.description.split()) <= 150, role.title
        assert role.location


def test_the_demo_password_is_the_published_one() -> None:
    assert DEMO_PASSWORD == "talentscout-demo"
