"""The search index stays consistent with the record store, and the largest allowed queries run.

Runs on both databases (``TALENTSCOUT_TEST_DB``): the index is rows and triggers (SQLite) or a stored
generated column (PostgreSQL) of ``people``, so an erased person is gone from search in the same
transaction, and a tag added by hand is searchable as ``tag:`` at once.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, update

from talentscout.bootstrap import Container
from talentscout.db.search_backfill import backfill_search_fields
from talentscout.db.tables import people
from talentscout.domain.query import MAX_DEPTH, MAX_TERMS
from talentscout.importers.base import ImportOptions
from talentscout.services import erasure, ingest
from talentscout.services import people as people_service
from talentscout.services.search import search_people
from tests.conftest import Team

CSV = Path(__file__).parents[1] / "fixtures" / "pool" / "candidates.csv"


@pytest.fixture
def pool(container: Container, team: Team) -> dict[str, int]:
    ingest.run_import(
        container.db,
        actor=team.alice.actor,
        path=CSV,
        source_name="Spreadsheet",
        options=ImportOptions(display_name=CSV.name, id_column="Candidate ID"),
    )
    with container.db.read() as conn:
        return {r.display_name: r.id for r in conn.execute(select(people.c.display_name, people.c.id))}


def names(container: Container, team: Team, query: str) -> set[str]:
    result = search_people(container.db, actor=team.alice.actor, query=query, limit=200)
    return {p.display_name for p in result.people}


def test_an_erased_person_is_never_found_again(
    container: Container, team: Team, pool: dict[str, int]
) -> None:
    queries = ["ada", "name:ada", "skill:python", "location:london", '"software engineer" london']
    for query in queries:
        assert "Ada Lovelace" in names(container, team, query)
    erasure.erase_person(container.db, actor=team.admin.actor, person_id=pool["Ada Lovelace"])
    for query in queries:
        assert "Ada Lovelace" not in names(container, team, query)


def test_a_tag_added_by_hand_is_found_by_the_tag_field_at_once(
    container: Container, team: Team, pool: dict[str, int]
) -> None:
    assert names(container, team, "tag:pycon-speaker") == set()
    people_service.add_tag(
        container.db, actor=team.alice.actor, person_id=pool["Grace Hopper"], tag="pycon-speaker"
    )
    assert names(container, team, "tag:pycon-speaker") == {"Grace Hopper"}
    assert names(container, team, 'tag:"pycon speaker" OR tag:pyc*') == {"Grace Hopper"}


def test_the_migration_backfill_writes_what_the_import_wrote(
    container: Container, pool: dict[str, int]
) -> None:
    with container.db.begin() as conn:
        before = dict(conn.execute(select(people.c.id, people.c.search_fields)).all())
        conn.execute(update(people).values(search_fields=""))
        assert backfill_search_fields(conn, batch=3) == len(before)
        after = dict(conn.execute(select(people.c.id, people.c.search_fields)).all())
    assert after == before
    assert all(before.values())


def test_the_largest_allowed_queries_run_on_the_database(
    container: Container, team: Team, pool: dict[str, int]
) -> None:
    wide = " OR ".join(f"w{i}" for i in range(MAX_TERMS - 1)) + " OR ada"
    assert names(container, team, wide) == {"Ada Lovelace"}
    deep = "(" * (MAX_DEPTH - 1) + "ada" + ")" * (MAX_DEPTH - 1)
    assert names(container, team, deep) == {"Ada Lovelace"}
    negations = "python " + " ".join(f"-skill:s{i}* -title:t{i}" for i in range((MAX_TERMS - 1) // 2))[:1900]
    assert "Ada Lovelace" in names(container, team, negations)
    ranges = " OR ".join(f"years:{i}..{i + 1} OR near:Berlin within:{i + 1}km" for i in range(40))
    search_people(container.db, actor=team.alice.actor, query=ranges)


def test_broad_queries_count_up_to_the_cap_and_rank_the_newest_window(
    container: Container, team: Team, pool: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from talentscout.db import search_query
    from talentscout.services import search

    everyone = search_people(container.db, actor=team.alice.actor, query="-zzzqqq", limit=200)
    assert everyone.total_is_exact
    monkeypatch.setattr(search, "TOTAL_CAP", 2)
    capped = search_people(container.db, actor=team.alice.actor, query="-zzzqqq", limit=1)
    assert (capped.total, capped.total_is_exact) == (2, False)
    monkeypatch.setattr(search_query, "RANK_WINDOW", 2)
    ranked = search_people(container.db, actor=team.alice.actor, query="engineer* OR python", limit=50)
    newest = search_people(container.db, actor=team.alice.actor, query="title:engineer* OR skill:python")
    assert ranked.ranked
    assert {p.id for p in ranked.people} == {p.id for p in newest.people[:2]}
    monkeypatch.setattr(search, "TOTAL_CAP", 1)
    one = search_people(container.db, actor=team.alice.actor, query="engineer* OR python", limit=1)
    assert (one.total, one.total_is_exact) == (1, False)  # a full window: more than the cap
    monkeypatch.setattr(search, "TOTAL_CAP", 1_000)
    window = search_people(container.db, actor=team.alice.actor, query="engineer* OR python", limit=1)
    assert window.total_is_exact  # counted past the window
    assert window.total >= len(ranked.people)
    first = search_people(container.db, actor=team.alice.actor, query="python", limit=1)
    second = search_people(container.db, actor=team.alice.actor, query="python", limit=1, offset=1)
    assert first.total == second.total >= 1  # past the last page: counted, not the window
