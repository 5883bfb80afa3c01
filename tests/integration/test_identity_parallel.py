"""Matching in worker processes decides exactly what matching in one process decides.

The same import goes into two workspaces; one is resolved with two scoring processes, the other
in-process, in small batches so that many batches are scored ahead of the writer (and a shared inbox
is flagged by one batch while later ones were already scored without knowing it)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from talentscout.bootstrap import Container
from talentscout.db.tables import source_records
from talentscout.db.tables_identity import flagged_identifiers, match_reviews
from talentscout.domain.permissions import Actor
from talentscout.domain.records import SourceChannel
from talentscout.importers.base import ImportOptions
from talentscout.services import identity, identity_pool, ingest
from talentscout.services import identity_store as store
from talentscout.services.identity_ingest import match_pending
from tests.conftest import Team

HEADER = "Candidate ID,Full Name,Email,Phone,Title,Company,City,Country\n"
GIVEN = ("Anna", "Jan", "Maria", "Mario", "Piotr", "Lena", "Jonas", "Sofia", "Lukas", "Eva")
FAMILY = ("Nowak", "Müller", "García", "Schmidt", "Kowalski", "Silva", "Fischer")
CITIES = ("Berlin", "Hamburg", "Warsaw", "Madrid")


def pool_csv(seed: int = 5) -> str:
    """About 300 records: people with 1–3 records each, many namesakes, and one inbox shared by
    eight different people of the same source (it must be flagged and stop being evidence)."""
    rng = random.Random(seed)
    rows = []
    for person in range(150):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        city, company = rng.choice(CITIES), f"Firm {rng.randrange(6)}"
        mailbox = f"{given.lower()}.{person}@example.org"
        for copy in range(rng.choice((1, 1, 2, 3))):
            email = mailbox if rng.random() < 0.7 else ""
            if person % 19 == 0:
                email = "talent.pool@agency-inbox.example"
            phone = f"+49151{person:07d}" if rng.random() < 0.4 else ""
            name = given if copy and rng.random() < 0.2 else f"{given} {family}"
            rows.append(f"p{person}-{copy},{name},{email},{phone},Engineer,{company},{city},Germany")
    return HEADER + "\n".join(rows) + "\n"


def import_into(container: Container, actor: Actor, path: Path) -> None:
    ingest.run_import(
        container.db,
        actor=actor,
        path=path,
        source_name="bulk",
        channel=SourceChannel.CV_DATABASE,
        options=ImportOptions(id_column="Candidate ID"),
        defer_matching=True,
    )


def by_external_id(container: Container, workspace_id: int) -> dict[int, str]:
    with container.db.read() as conn:
        rows = conn.execute(
            select(source_records.c.id, source_records.c.external_id).where(
                source_records.c.workspace_id == workspace_id
            )
        )
        return {r[0]: r[1] for r in rows}


def clusters(container: Container, workspace_id: int) -> set[frozenset[str]]:
    """The people of the workspace, each as the external ids of its records."""
    found: dict[int, set[str]] = {}
    with container.db.read() as conn:
        for external, person in conn.execute(
            select(source_records.c.external_id, source_records.c.person_id).where(
                source_records.c.workspace_id == workspace_id
            )
        ):
            found.setdefault(person, set()).add(external)
    return {frozenset(v) for v in found.values()}


def reviews(container: Container, workspace_id: int) -> set[tuple[str, str, float]]:
    names = by_external_id(container, workspace_id)
    c = match_reviews.c
    with container.db.read() as conn:
        rows = conn.execute(
            select(c.left_record_id, c.right_record_id, c.score).where(c.workspace_id == workspace_id)
        ).all()
    return {(names[r[0]], names[r[1]], round(r[2], 6)) for r in rows}


@pytest.fixture
def two_pools(container: Container, team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Team:
    """The same import in alice's and in charlie's workspace; worker processes used at any size."""
    monkeypatch.setattr(identity_pool, "MIN_PARALLEL", 0)
    path = tmp_path / "pool.csv"
    path.write_text(pool_csv(), encoding="utf-8")
    import_into(container, team.alice.actor, path)
    import_into(container, team.charlie.actor, path)
    return team


def test_parallel_and_in_process_matching_decide_the_same_pairs(
    container: Container, two_pools: Team
) -> None:
    ws = two_pools.alice.actor.workspace_id
    parallel = match_pending(container.db, workspace_id=ws, chunk=25, workers=2, apply=False)
    with container.db.begin() as conn:  # back to before: nothing indexed, nothing flagged
        store.forget(conn, list(by_external_id(container, ws)))
        conn.execute(delete(flagged_identifiers).where(flagged_identifiers.c.workspace_id == ws))
    alone = match_pending(container.db, workspace_id=ws, chunk=25, workers=1, apply=False)

    assert parallel.records == alone.records > 250
    assert parallel.decisions == alone.decisions
    assert sum(o.value == "merge" for _, _, o in alone.decisions) > 20
    assert parallel.flagged == alone.flagged == ["email:talent.pool@agency-inbox.example"]


def test_parallel_and_in_process_matching_merge_the_same_people(
    container: Container, two_pools: Team
) -> None:
    alice, charlie = two_pools.alice.actor.workspace_id, two_pools.charlie.actor.workspace_id
    parallel = match_pending(container.db, workspace_id=alice, chunk=25, workers=2)
    alone = match_pending(container.db, workspace_id=charlie, chunk=25, workers=1)

    assert (parallel.merged, parallel.reviews) == (alone.merged, alone.reviews)
    assert parallel.merged > 20
    assert clusters(container, alice) == clusters(container, charlie)
    assert reviews(container, alice) == reviews(container, charlie)

    # the batch command over the resolved pools: nothing new to merge, the same on both paths
    again = identity.dedupe(container.db, actor=two_pools.alice.actor, chunk=25, workers=2)
    again_alone = identity.dedupe(container.db, actor=two_pools.charlie.actor, chunk=25, workers=1)
    assert (again.merged, again.reviews) == (again_alone.merged, again_alone.reviews)
    assert clusters(container, alice) == clusters(container, charlie)


def test_a_small_run_or_an_in_memory_database_stays_in_process(container: Container) -> None:
    assert identity_pool.worker_count(container.db, None, 100) == 1
    assert identity_pool.worker_count(container.db, 1, 10**6) == 1


def test_common_keys_are_found_too_common_without_reading_every_holder(
    container: Container, two_pools: Team
) -> None:
    ws = two_pools.alice.actor.workspace_id
    match_pending(container.db, workspace_id=ws, workers=1, apply=False)
    with container.db.read() as conn:
        keys = sorted(
            {k for ks in store.keys_of(conn, list(by_external_id(container, ws))).values() for k in ks}
        )
        names = [k for k in keys if not k.startswith(("email:", "phone:", "url:", "id:"))]
        for cap in (1, 2, 3):
            some = store._fetch(conn, *store._some_holders(conn, ws, names, cap + 1))
            newest = store._fetch(conn, *store._newest_holders(conn, ws, names, cap + 1))
            held_some: dict[str, set[int]] = {}
            held_newest: dict[str, set[int]] = {}
            for key, sr in some:
                held_some.setdefault(key, set()).add(sr)
            for key, sr in newest:
                held_newest.setdefault(key, set()).add(sr)
            assert held_some.keys() == held_newest.keys()
            for key, held in held_newest.items():
                # the same holders when there are few enough to use; "too common" either way otherwise
                assert held_some[key] == held if len(held) <= cap else len(held_some[key]) == cap + 1
            assert any(len(h) > cap for h in held_newest.values())
