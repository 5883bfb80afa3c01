"""The demo loads through the services: roles with skills and stages, a ready sequence, idempotent."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from talentscout.bootstrap import Container
from talentscout.db.tables import people, roles
from talentscout.db.tables_engage import sequence_steps
from talentscout.db.tables_find import pipeline_stages
from talentscout.services.demo import load_demo


def _counts(container: Container) -> tuple[int, int, int, int]:
    with container.db.read() as conn:
        return tuple(  # type: ignore[return-value]
            int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in (people, roles, pipeline_stages, sequence_steps)
        )


def test_the_demo_loads_roles_with_skills_and_stages_and_a_sequence_and_loading_twice_adds_nothing(
    container: Container, tmp_path: Path
) -> None:
    lines = list(load_demo(container, folder=tmp_path / "demo", people=60))
    assert lines[-1].startswith("demo ready")
    with container.db.read() as conn:
        backend = conn.execute(
            select(roles.c.must_skills, roles.c.locations).where(roles.c.title.like("Senior Backend%"))
        ).one()
    assert "Kubernetes" in backend.must_skills
    assert backend.locations[0]["place"] == "Berlin, DE"
    first = _counts(container)
    assert first[0] > 0
    assert first[2] >= 8 * first[1]
    assert first[3] == 3
    list(load_demo(container, folder=tmp_path / "demo", people=60))
    assert _counts(container) == first
