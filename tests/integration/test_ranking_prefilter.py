"""The candidate pre-filter that ranking uses over a large pool, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from talentscout.bootstrap import Container
from talentscout.db.tables import people
from talentscout.domain.ranking import spec_from_role
from talentscout.importers.base import ImportOptions
from talentscout.services import ingest, ranking, ranking_data, ranking_prefilter
from talentscout.services.ranking_prefilter import tiers
from tests.conftest import Team

POOL = """Candidate ID,Full Name,Title,Company,City,Country,Skills
p-1,Ada Lovelace,Senior Software Engineer,Acme GmbH,Berlin,Germany,"Kubernetes, Python, Go"
p-2,Grace Hopper,Accountant,Ledger Ltd,Munich,Germany,"QuickBooks, Excel"
p-3,Linus T,Software Developer,Kernel Co,Helsinki,Finland,"Python"
p-4,Mary Seacole,Registered Nurse,St Thomas,London,United Kingdom,"Patient care"
"""


@pytest.fixture
def pool(container: Container, team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    path = tmp_path / "pool.csv"
    path.write_text(POOL, encoding="utf-8")
    ingest.run_import(
        container.db,
        actor=team.alice.actor,
        path=path,
        source_name="Sheet",
        options=ImportOptions(id_column="Candidate ID"),
    )
    monkeypatch.setattr(ranking_data, "FULL_SCAN_POOL", 1)  # take the large-pool path
    with container.db.read() as conn:
        return {
            r.display_name.split()[0]: r.id for r in conn.execute(select(people.c.display_name, people.c.id))
        }


def test_the_pre_filter_keeps_the_people_with_the_must_haves_and_drops_the_unrelated(
    container: Container, team: Team, pool: dict[str, int]
) -> None:
    spec = spec_from_role(title="Senior Software Engineer", must_skills=["Kubernetes", "Go"])
    with container.db.read() as conn:
        ids = ranking_data.candidate_ids(conn, spec, workspace_id=team.alice.actor.workspace_id)
    assert ids[0] == pool["Ada"]
    assert pool["Mary"] not in ids
    ranked = ranking.rank_spec(container.db, actor=team.alice.actor, spec=spec, limit=10)
    assert ranked[0].person_id == pool["Ada"]


def test_a_role_without_must_haves_is_found_by_its_title(
    container: Container, team: Team, pool: dict[str, int]
) -> None:
    spec = spec_from_role(title="Registered Nurse")
    with container.db.read() as conn:
        ids = ranking_data.candidate_ids(conn, spec, workspace_id=team.alice.actor.workspace_id)
    assert ids[0] == pool["Mary"]
    other = team.charlie.actor.workspace_id  # another workspace sees none of them
    with container.db.read() as conn:
        assert ranking_data.candidate_ids(conn, spec, workspace_id=other) == []
        if conn.dialect.name == "sqlite":
            assert ranking_prefilter.candidates(conn, spec, workspace_id=other, limit=10) == []
            mine = ranking_prefilter.candidates(
                conn, spec, workspace_id=team.alice.actor.workspace_id, limit=10
            )
            assert mine == [pool["Mary"]]


def test_the_full_text_tiers_go_from_precise_to_broad_and_quote_every_word() -> None:
    spec = spec_from_role(title='Nurse "ICU"', must_skills=["Python", "Kubernetes"], nice_skills=["Go"])
    found = tiers(spec)
    assert found[0] == 'search_text : (("python") AND ("kubernetes") AND ("nurse" AND "icu"))'
    assert found[1] == 'search_text : (("python") AND ("kubernetes"))'
    assert found[2] == 'search_text : (("nurse" AND "icu"))'
    assert found[-2].startswith('search_text : (("nurse" OR "icu"')
    assert found[-1].startswith('search_text : (("nurse"* OR "icu"*')
    assert '"go"*' in found[-1]
    assert all(m.count('"') % 2 == 0 for m in found)
