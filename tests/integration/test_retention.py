from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from talentscout.bootstrap import Container
from talentscout.db.tables import activities, people
from talentscout.domain.jurisdiction import Jurisdiction, effective, infer
from talentscout.services import retention, suppression
from talentscout.services.unit_of_work import Database
from tests.conftest import Team
from tests.property.support import ADA, import_csv, person_by_email, write_csv

TEXAN = ("c-3", "Tex Morrow", "tex.morrow@example.com", "", "Engineer", "Austin", "United States", "")


@dataclass
class Clock:
    at: datetime

    def now(self) -> datetime:
        return self.at


def test_jurisdiction_follows_the_location_unless_overridden() -> None:
    assert infer("DE") is Jurisdiction.GDPR
    assert infer("NO") is Jurisdiction.GDPR
    assert infer("GB") is Jurisdiction.UK_GDPR
    assert infer("US", "California") is Jurisdiction.CCPA
    assert infer("US", "Texas") is Jurisdiction.US
    assert infer(None) is Jurisdiction.OTHER
    assert effective("ccpa", "DE") is Jurisdiction.CCPA


def test_an_unengaged_eu_profile_is_warned_then_anonymised_and_a_us_one_kept_longer(
    container: Container, team: Team, tmp_path: Path
) -> None:
    start = datetime(2024, 1, 10, tzinfo=UTC)
    clock = Clock(start)
    db = Database(container.db.engine, clock)
    import_csv(
        Container(container.settings, db), team.alice.actor, write_csv(tmp_path / "p.csv", [ADA, TEXAN])
    )
    ws = team.alice.actor.workspace_id
    ada, tex = person_by_email(container, ws, ADA[2]), person_by_email(container, ws, TEXAN[2])
    assert ada
    assert tex

    clock.at = start + timedelta(days=365)
    assert retention.run(db, workspace_id=ws).warned == []
    clock.at = start + timedelta(
        days=24 * 30.44 - 20
    )  # inside the 30-day warning window (UK GDPR: 24 months)
    first = retention.run(db, workspace_id=ws)
    assert first.warned == [ada]
    assert first.anonymised == []
    with db.read() as conn:
        assert retention.renewal_candidates(conn, workspace_id=ws, now=clock.at) == [ada]
        kinds = conn.execute(select(activities.c.kind).where(activities.c.person_id == ada)).scalars().all()
    assert "retention_warning" in kinds
    clock.at = start + timedelta(days=24 * 30.44 + 1)
    second = retention.run(db, workspace_id=ws)
    assert second.anonymised == [ada]
    with db.read() as conn:
        assert conn.execute(select(people.c.id)).scalars().all() == [tex]
        # anonymised for retention, not erased on request: no tombstone, they may be collected again
        assert not suppression.is_suppressed(conn, workspace_id=ws, kind="email", value=ADA[2])


def test_a_renewal_keeps_the_profile_for_another_period(
    container: Container, team: Team, tmp_path: Path
) -> None:
    start = datetime(2024, 1, 10, tzinfo=UTC)
    clock = Clock(start)
    db = Database(container.db.engine, clock)
    import_csv(Container(container.settings, db), team.alice.actor, write_csv(tmp_path / "p.csv", [ADA]))
    ws = team.alice.actor.workspace_id
    ada = person_by_email(container, ws, ADA[2])
    assert ada
    clock.at = start + timedelta(days=24 * 30.44 - 20)
    assert retention.run(db, workspace_id=ws).warned == [ada]
    with db.begin() as conn:
        retention.renew(conn, workspace_id=ws, person_id=ada, now=clock.at, by_label="the person")
    clock.at = start + timedelta(days=24 * 30.44 + 30)
    assert retention.run(db, workspace_id=ws).anonymised == []


def test_the_worker_queues_the_daily_retention_run_once(container: Container) -> None:
    from talentscout.worker.privacy_jobs import schedule_daily

    assert schedule_daily(container.db)
    assert not schedule_daily(container.db)
