from __future__ import annotations

from talentscout.domain.permissions import Action, Actor, Role, allowed


def test_only_admins_manage_users() -> None:
    assert [r for r in Role if allowed(r, Action.MANAGE_USERS)] == [Role.ADMIN]


def test_referrers_and_agencies_may_submit_but_not_browse() -> None:
    for role in (Role.REFERRER, Role.AGENCY):
        assert allowed(role, Action.SUBMIT_CANDIDATE)
        assert not allowed(role, Action.VIEW_PEOPLE)


def test_a_hiring_manager_reads_but_does_not_import_or_export() -> None:
    hm = Actor(user_id=1, workspace_id=1, role=Role.HIRING_MANAGER)
    assert hm.can(Action.VIEW_PEOPLE)
    assert not hm.can(Action.IMPORT)
    assert not hm.can(Action.EXPORT)
