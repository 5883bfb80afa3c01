"""Ranking a role over a real pool on SQLite and PostgreSQL: the why, feedback, signals, isolation."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from talentscout.bootstrap import Container
from talentscout.db.tables import activities, educations, people, roles, source_records
from talentscout.db.tables_ranking import person_vectors
from talentscout.importers.base import ImportOptions
from talentscout.services import embeddings, ingest, ranking, ranking_feedback, signals
from talentscout.services.errors import InvalidInput, NotFound, PermissionDenied
from tests.conftest import Team

POOL = """Candidate ID,Full Name,Gender,Birth Date,Title,Company,City,Country,Skills,Tags
r-1,Ada Lovelace,female,1985-02-01,Senior Software Engineer,Acme GmbH,Berlin,Germany,"Kubernetes, Python, Go",
r-2,Alan Turing,male,1990-06-23,Senior Software Engineer,Acme GmbH,Berlin,Germany,"Kubernetes, Python, Go",
r-3,Grace Hopper,female,1970-12-09,Accountant,Ledger Ltd,Munich,Germany,"QuickBooks, Excel",open to work
r-4,Linus T,male,1969-12-28,Software Developer,Kernel Co,Helsinki,Finland,"Python",
"""


@pytest.fixture
def pool(container: Container, team: Team, tmp_path: Path) -> dict[str, int]:
    path = tmp_path / "pool.csv"
    path.write_text(POOL, encoding="utf-8")
    ingest.run_import(
        container.db,
        actor=team.alice.actor,
        path=path,
        source_name="Sheet",
        options=ImportOptions(id_column="Candidate ID"),
    )
    with container.db.read() as conn:
        return {
            r.display_name.split()[0]: r.id for r in conn.execute(select(people.c.display_name, people.c.id))
        }


def _role(container: Container, team: Team, **values: object) -> int:
    row = {
        "workspace_id": team.alice.actor.workspace_id,
        "title": "Senior Software Engineer",
        "description": "Backend services in Python on Kubernetes",
        "must_skills": ["Kubernetes", "Go"],
        "nice_skills": ["Python"],
        "locations": [{"place": "Berlin", "radius_km": 50}],
        "remote_policy": "hybrid",
        "status": "open",
        "created_at": datetime.now(UTC),
    } | values
    with container.db.begin() as conn:
        return int(conn.execute(insert(roles).values(**row).returning(roles.c.id)).scalar_one())


def test_the_ranking_puts_the_fitting_engineers_first_and_explains_it(
    container: Container, team: Team, pool: dict[str, int]
) -> None:
    role = _role(container, team)
    ranked = ranking.rank_role(container.db, actor=team.alice.actor, role_id=role, limit=10)
    assert {ranked[0].person_id, ranked[1].person_id} == {pool["Ada"], pool["Alan"]}
    labels = [b.label for b in ranked[0].breakdown]
    assert "must-have: Kubernetes ✓" in labels
    assert "must-have: Go ✓" in labels
    assert "missing: Kubernetes" in [b.label for b in ranked[-1].breakdown]
    assert ranked[0].source_ids
    assert ranked[0].score > ranked[-1].score


def test_name_gender_birth_date_and_graduation_year_do_not_change_the_score(
    container: Container, team: Team, pool: dict[str, int]
) -> None:
    """Ada and Alan differ only in name, gender, birth date (kept in the raw payload) and graduation year."""
    with container.db.begin() as conn:
        for name, year in (("Ada", 2007), ("Alan", 2013)):
            conn.execute(
                insert(educations).values(
                    workspace_id=team.alice.actor.workspace_id,
                    person_id=pool[name],
                    school="TU Berlin",
                    degree="MSc",
                    start_date=date(year - 2, 10, 1),
                    end_date=date(year, 7, 1),
                )
            )
    role = _role(container, team)
    by_id = {p.person_id: p for p in ranking.rank_role(container.db, actor=team.alice.actor, role_id=role)}
    ada, alan = by_id[pool["Ada"]], by_id[pool["Alan"]]
    assert ada.score == alan.score
    assert [(b.label, b.points, b.detail) for b in ada.breakdown] == [
        (b.label, b.points, b.detail) for b in alan.breakdown
    ]


def test_feedback_is_kept_and_adjusts_only_that_roles_ranking(
    container: Container, team: Team, pool: dict[str, int]
) -> None:
    role, other = _role(container, team), _role(container, team, title="Platform Engineer")
    ranking_feedback.give_feedback(
        container.db,
        actor=team.hana.actor,
        role_id=role,
        person_id=pool["Ada"],
        verdict="good_fit",
        reason="strong Go",
    )
    ranking_feedback.give_feedback(
        container.db,
        actor=team.alice.actor,
        role_id=role,
        person_id=pool["Alan"],
        verdict="not_a_fit",
        reason="wants remote",
    )
    first = ranking.rank_role(container.db, actor=team.alice.actor, role_id=role)[0]
    assert first.person_id == pool["Ada"]
    assert first.feedback == "good_fit"
    assert any(b.kind == "feedback" and "strong Go" in b.detail for b in first.breakdown)
    untouched = ranking.rank_role(container.db, actor=team.alice.actor, role_id=other)
    assert all(p.feedback is None for p in untouched)
    history = ranking_feedback.feedback_history(container.db, actor=team.alice.actor, role_id=role)
    assert [h.verdict for h in history] == ["not_a_fit", "good_fit"]
    with container.db.read() as conn:
        kinds = (
            conn.execute(
                select(activities.c.summary).where(
                    activities.c.person_id == pool["Ada"], activities.c.kind == "role_feedback"
                )
            )
            .scalars()
            .all()
        )
    assert kinds == ["Marked good fit for Senior Software Engineer: strong Go"]


def test_feedback_needs_the_permission_a_valid_verdict_and_a_role_of_ones_own(
    container: Container, team: Team, pool: dict[str, int]
) -> None:
    role = _role(container, team)
    with pytest.raises(PermissionDenied):
        ranking_feedback.give_feedback(
            container.db, actor=team.eve.actor, role_id=role, person_id=pool["Ada"], verdict="good_fit"
        )
    with pytest.raises(InvalidInput, match="verdict"):
        ranking_feedback.give_feedback(
            container.db, actor=team.alice.actor, role_id=role, person_id=pool["Ada"], verdict="maybe"
        )
    with pytest.raises(NotFound):
        ranking_feedback.give_feedback(
            container.db, actor=team.charlie.actor, role_id=role, person_id=pool["Ada"], verdict="good_fit"
        )
    with pytest.raises(NotFound):
        ranking.rank_role(container.db, actor=team.charlie.actor, role_id=role)


def test_signals_come_from_the_feed_the_timeline_and_the_flags(
    container: Container, team: Team, pool: dict[str, int], tmp_path: Path
) -> None:
    feed = tmp_path / "events.csv"
    feed.write_text(
        "company,event,date,detail\nAcme,layoff,2026-09-01,200 roles cut\n"
        "Ledger,bankrupt,2026-01-01,\nKernel Co,acquisition,not a date,\n",
        encoding="utf-8",
    )
    report = signals.import_company_signals(container.db, actor=team.alice.actor, path=feed)
    assert report.imported == 1
    assert [row for row, _ in report.errors] == [3, 4]
    assert "unknown event" in report.errors[0][1]
    again = signals.import_company_signals(container.db, actor=team.alice.actor, path=feed)
    assert again.imported == 0
    assert again.unchanged == 1
    now = datetime(2026, 10, 1, tzinfo=UTC)
    with container.db.begin() as conn:
        conn.execute(
            insert(activities).values(
                workspace_id=team.alice.actor.workspace_id,
                person_id=pool["Ada"],
                kind="reply",
                summary="Not now, try me in spring",
                created_at=now,
            )
        )
    role = _role(container, team)
    by_id = {p.person_id: p for p in ranking.rank_role(container.db, actor=team.alice.actor, role_id=role)}
    ada = {s.key for s in by_id[pool["Ada"]].signals}
    assert {"employer_layoff", "replied_before", "not_now"} <= ada
    assert by_id[pool["Grace"]].activity == "active"
    assert by_id[pool["Ada"]].activity == "passive"


def test_a_feed_without_the_needed_columns_is_refused_with_a_clear_message(
    container: Container, team: Team, tmp_path: Path
) -> None:
    feed = tmp_path / "bad.csv"
    feed.write_text("name,when\nAcme,2026-01-01\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="needs the columns company"):
        signals.import_company_signals(container.db, actor=team.alice.actor, path=feed)


class _LetterEmbedder:
    """A stand-in model for the cache: a vector of letter counts (deterministic, no download)."""

    name = "letters-test"

    def __init__(self) -> None:
        self.calls = 0

    def embed(self, texts: list[str]) -> list[list[float]]:  # type: ignore[override]
        self.calls += len(texts)
        return [[float(t.lower().count(ch)) + 0.01 for ch in "aeiounrstl"] for t in texts]


def test_vectors_are_cached_and_recomputed_only_for_changed_profiles(
    container: Container, team: Team, pool: dict[str, int]
) -> None:
    model = _LetterEmbedder()
    ws = team.alice.actor.workspace_id
    assert embeddings.compute_vectors(container.db, workspace_id=ws, embedder=model) == 4
    assert embeddings.compute_vectors(container.db, workspace_id=ws, embedder=model) == 0
    with container.db.begin() as conn:
        conn.execute(people.update().where(people.c.id == pool["Ada"]).values(headline="Go and Kubernetes"))
    assert embeddings.compute_vectors(container.db, workspace_id=ws, embedder=model) == 1
    role = ranking.role_spec({"title": "Engineer", "description": "Go"})
    with container.db.read() as conn:
        assert conn.execute(select(person_vectors.c.id)).all()
        found = embeddings.similarities(conn, container.db, ws, role, list(pool.values()), embedder=model)
    assert set(found) == set(pool.values())
    assert all(0 <= v <= 1 for v in found.values())


def test_channels_narrow_the_pool_to_people_from_those_sources(
    container: Container, team: Team, pool: dict[str, int]
) -> None:
    role = _role(container, team)
    with container.db.read() as conn:
        channel = conn.execute(select(source_records.c.channel)).scalars().first()
    everyone = ranking.rank_role(container.db, actor=team.alice.actor, role_id=role, channels=[channel])
    assert len(everyone) == len(pool)
    assert ranking.rank_role(container.db, actor=team.alice.actor, role_id=role, channels=["agency"]) == []


def test_the_worker_embeds_the_pool_when_the_model_is_installed(
    container: Container, team: Team, pool: dict[str, int]
) -> None:
    from talentscout.worker.handlers import REGISTRY
    from talentscout.worker.runner import Worker

    with container.db.begin() as conn:
        embeddings.enqueue_embedding(
            conn, workspace_id=team.alice.actor.workspace_id, now=container.db.clock.now()
        )
    assert Worker(container, REGISTRY).run_once() >= 1
    with container.db.read() as conn:
        stored = conn.execute(select(person_vectors.c.person_id)).scalars().all()
    expected = set(pool.values()) if embeddings.default_embedder() is not None else set()
    assert set(stored) == expected
