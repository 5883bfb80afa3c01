"""Merging a batch of people at once (``merge_many``) records and undoes exactly what merging them one
after another would; survivorship recomputed for many people at once equals one at a time."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from talentscout.bootstrap import Container
from talentscout.db.people_writer import person_search_values, recompute_people
from talentscout.db.tables import notes, people, source_records, tags
from talentscout.db.tables_identity import merges
from talentscout.db.tables_respect import person_privacy
from talentscout.services import identity_merge
from talentscout.services.identity_merge import PlannedMerge, merge_many, merge_people
from tests.conftest import Team
from tests.integration.test_identity_store import load, person_of, state

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)
THREE = (
    "t-1,Ana Lima,ana.lima@example.org,,Data Engineer,Acme,Lisbon,Portugal\n"
    "t-2,Bruno Costa,bruno.costa@example.org,,Designer,Globex,Porto,Portugal\n"
    "t-3,Carla Sousa,carla.sousa@example.org,,Recruiter,Initech,Braga,Portugal\n"
)


def _world(container: Container, ids: list[int]) -> dict[str, Any]:
    with container.db.read() as conn:
        privacy = conn.execute(select(person_privacy.c.person_id, person_privacy.c.jurisdiction)).all()
        written = conn.execute(select(notes.c.person_id, notes.c.body).order_by(notes.c.id)).all()
    return {
        "people": {i: state(container, i) for i in ids},
        "privacy": sorted(tuple(r) for r in privacy),
        "notes": [tuple(r) for r in written],
    }


def _snapshots(container: Container) -> list[dict[str, Any]]:
    with container.db.read() as conn:
        rows = conn.execute(
            select(merges.c.snapshot).where(merges.c.undone_at.is_(None)).order_by(merges.c.id)
        )
        return [r[0] for r in rows]


def _without_history(snapshot: dict[str, Any]) -> dict[str, Any]:
    rows = {t: v for t, v in snapshot["rows"].items() if t != "activities"}
    absorbed = {k: v for k, v in snapshot["absorbed"].items() if k != "updated_at"}
    return {**snapshot, "rows": rows, "absorbed": absorbed}


def test_a_group_merged_at_once_is_recorded_as_one_after_another_and_undone_exactly(
    container: Container, team: Team, tmp_path: Path
) -> None:
    load(container, team.alice.actor, tmp_path, "cvs", THREE)
    owner = person_of(container)
    a, b, c = owner["t-1"], owner["t-2"], owner["t-3"]
    ws = team.alice.actor.workspace_id
    with container.db.begin() as conn:
        for person, code in ((a, "PT"), (b, "ES"), (c, "FR")):  # one row per person: twins on merging
            conn.execute(person_privacy.insert().values(workspace_id=ws, person_id=person, jurisdiction=code))
            conn.execute(
                notes.insert().values(workspace_id=ws, person_id=person, body=f"met {person}", created_at=NOW)
            )
    before = _world(container, [a, b, c])
    evidence = {"score": 0.99, "evidence": []}
    with container.db.begin() as conn:
        made = merge_many(
            conn,
            workspace_id=ws,
            planned=[PlannedMerge(a, c, evidence, 0.99, None), PlannedMerge(a, b, evidence, 0.98, None)],
            kind="auto",
            actor=None,
            now=NOW,
        )
    assert all(made)
    at_once = _snapshots(container)
    # the second merge saw the survivor holding the first one's rows and records, as in sequence
    assert at_once[1]["survivor_records"] == sorted(
        at_once[0]["survivor_records"] + at_once[0]["absorbed_records"]
    )
    assert set(at_once[0]["dropped"]) == {"person_privacy"} == set(at_once[1]["dropped"])
    merged = _world(container, [a])
    assert merged["privacy"] == [(a, "PT")]
    assert sorted(p for p, _ in merged["notes"]) == [a, a, a]

    for merge_id in reversed([i for i in made if i is not None]):
        with container.db.begin() as conn:
            identity_merge.unmerge(conn, actor=team.alice.actor, merge_id=merge_id, now=NOW)
    assert _world(container, [a, b, c]) == before

    with container.db.begin() as conn:
        for absorbed, score in ((c, 0.99), (b, 0.98)):
            merge_people(
                conn, workspace_id=ws, survivor=a, absorbed=absorbed, evidence=evidence, score=score,
                kind="auto", actor=None, now=NOW,
            )  # fmt: skip
    # the same records but for what the unmerges themselves changed: the absorbed people's
    # ``updated_at`` and the timeline entries they wrote
    assert [_without_history(s) for s in _snapshots(container)] == [_without_history(s) for s in at_once]
    assert _world(container, [a]) == merged


def test_planned_merges_must_be_a_star(container: Container, team: Team, tmp_path: Path) -> None:
    load(container, team.alice.actor, tmp_path, "cvs", THREE)
    owner = person_of(container)
    a, b, c = owner["t-1"], owner["t-2"], owner["t-3"]
    chain = [PlannedMerge(a, b, {}, None), PlannedMerge(b, c, {}, None)]
    with container.db.begin() as conn, pytest.raises(ValueError, match="star form"):
        merge_many(
            conn, workspace_id=team.alice.actor.workspace_id, planned=chain, kind="auto", actor=None, now=NOW
        )


def test_recomputing_many_people_at_once_equals_one_at_a_time(
    container: Container, team: Team, tmp_path: Path
) -> None:
    load(container, team.alice.actor, tmp_path, "cvs", THREE)
    ids = sorted(person_of(container).values())
    with container.db.begin() as conn:  # one person's tag must land in that person's columns only
        ws = team.alice.actor.workspace_id
        conn.execute(tags.insert().values(workspace_id=ws, person_id=ids[1], tag="silver-medalist-2025"))
        recompute_people(conn, ids, NOW)
        tagged = [
            p
            for p in ids
            if "silver-medalist-2025"
            in conn.execute(select(people.c.search_text).where(people.c.id == p)).scalar_one()
        ]
        assert tagged == [ids[1]]
        for person_id in ids:
            row = conn.execute(select(people).where(people.c.id == person_id)).one()
            one = person_search_values(conn, person_id, dict(row._mapping))
            assert (row.search_text, row.search_fields) == (one["search_text"], one["search_fields"])
            assert row.search_text  # names, titles and employers are there to find


CHAIN = (
    "c-1,Marta Nowak,marta.nowak@gmail.com,,Data Engineer,Acme,Warsaw,Poland\n"
    "c-2,Marta Nowak,marta.nowak@gmail.com,+48 601 234 567,Data Engineer,Acme,Warsaw,Poland\n"
    "c-3,Marta Nowak,marta.nowak@gmail.com,+48 601 234 567,Data Engineer,Acme,Warsaw,Poland\n"
)


def test_a_chain_of_merges_in_one_batch_is_written_as_a_star_and_each_undoes_alone(
    container: Container, team: Team, tmp_path: Path
) -> None:
    # c-2 and c-3 share a phone too, so they merge first; then c-1 joins the two: the person that
    # survived the first merge is absorbed by the second, and both merges name the final survivor
    load(container, team.alice.actor, tmp_path, "cvs", CHAIN)
    owner = person_of(container)
    assert len(set(owner.values())) == 1
    with container.db.read() as conn:
        made = conn.execute(select(merges).order_by(merges.c.id)).all()
        record_of = dict(conn.execute(select(source_records.c.external_id, source_records.c.id)).all())
    survivor = owner["c-1"]
    # the first merge was c-2 with c-3: a pair without a record of the final survivor
    assert (made[0].left_record_id, made[0].right_record_id) == (record_of["c-2"], record_of["c-3"])
    assert [m.survivor_id for m in made] == [survivor, survivor]
    absorbed = {m.absorbed_id for m in made}
    assert len(absorbed) == 2
    assert survivor not in absorbed
    with container.db.begin() as conn:
        identity_merge.unmerge(conn, actor=team.alice.actor, merge_id=made[0].id, now=NOW)
    after = person_of(container)
    assert len(set(after.values())) == 2
    assert after["c-1"] == survivor
    with container.db.begin() as conn:
        identity_merge.unmerge(conn, actor=team.alice.actor, merge_id=made[1].id, now=NOW)
    assert len(set(person_of(container).values())) == 3
