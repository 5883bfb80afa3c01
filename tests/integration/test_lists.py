"""Talent lists and saved searches: per workspace (lists) and per user (saved searches)."""

from __future__ import annotations

from pathlib import Path

import pytest

from talentscout.bootstrap import Container
from talentscout.services import lists, saved_searches
from talentscout.services.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from tests.conftest import Team
from tests.find_factory import import_pool


@pytest.fixture
def pool(container: Container, team: Team, tmp_path: Path) -> dict[str, int]:
    return import_pool(container, team.alice.actor, tmp_path)


def test_a_list_collects_people_once_and_lets_them_go(
    container: Container, team: Team, pool: dict[str, int]
) -> None:
    list_id = lists.create_list(container.db, actor=team.alice.actor, name="Backend Berlin 2027")
    ada, jose = pool["Ada Lovelace"], pool["José Müller"]
    assert (
        lists.add_people(container.db, actor=team.alice.actor, list_id=list_id, person_ids=[ada, jose, ada])
        == 2
    )
    assert lists.add_people(container.db, actor=team.bob.actor, list_id=list_id, person_ids=[ada]) == 0
    detail = lists.get_list(container.db, actor=team.hana.actor, list_id=list_id)
    assert detail.talent_list.size == 2
    assert {p.display_name for p in detail.people} == {"Ada Lovelace", "José Müller"}
    lists.remove_person(container.db, actor=team.alice.actor, list_id=list_id, person_id=ada)
    assert [t.size for t in lists.list_lists(container.db, actor=team.alice.actor)] == [1]
    with pytest.raises(Conflict):
        lists.create_list(container.db, actor=team.bob.actor, name="Backend  Berlin 2027")
    lists.delete_list(container.db, actor=team.alice.actor, list_id=list_id)
    assert lists.list_lists(container.db, actor=team.alice.actor) == []


def test_lists_belong_to_their_workspace(container: Container, team: Team, pool: dict[str, int]) -> None:
    list_id = lists.create_list(container.db, actor=team.alice.actor, name="Shortlist")
    assert lists.list_lists(container.db, actor=team.charlie.actor) == []
    with pytest.raises(NotFound):
        lists.get_list(container.db, actor=team.charlie.actor, list_id=list_id)
    with pytest.raises(NotFound):
        lists.add_people(
            container.db, actor=team.charlie.actor, list_id=list_id, person_ids=[pool["Ada Lovelace"]]
        )
    theirs = lists.create_list(container.db, actor=team.charlie.actor, name="Shortlist")
    with pytest.raises(NotFound, match="no such person"):
        lists.add_people(
            container.db, actor=team.charlie.actor, list_id=theirs, person_ids=[pool["Ada Lovelace"]]
        )
    with pytest.raises(PermissionDenied):
        lists.create_list(container.db, actor=team.hana.actor, name="Mine")


def test_saved_searches_are_per_user_and_rerun_against_todays_pool(
    container: Container, team: Team, pool: dict[str, int]
) -> None:
    saved = saved_searches.save_search(
        container.db, actor=team.alice.actor, name="Pythonistas", query="skill:python"
    )
    result = saved_searches.run_saved(container.db, actor=team.alice.actor, saved_id=saved)
    assert {p.display_name for p in result.people} == {"Ada Lovelace", "Grace Hopper", "Linus Berg"}
    assert (
        saved_searches.get_saved(container.db, actor=team.alice.actor, saved_id=saved).last_run_at is not None
    )
    assert saved_searches.list_saved(container.db, actor=team.bob.actor) == []
    with pytest.raises(NotFound):
        saved_searches.run_saved(container.db, actor=team.bob.actor, saved_id=saved)
    with pytest.raises(NotFound):
        saved_searches.delete_saved(container.db, actor=team.charlie.actor, saved_id=saved)
    with pytest.raises(InvalidInput, match="search"):
        saved_searches.save_search(
            container.db, actor=team.alice.actor, name="Broken", query='title:"unclosed'
        )
    with pytest.raises(Conflict):
        saved_searches.save_search(container.db, actor=team.alice.actor, name="Pythonistas", query="go")
    saved_searches.delete_saved(container.db, actor=team.alice.actor, saved_id=saved)
    assert saved_searches.list_saved(container.db, actor=team.alice.actor) == []
