from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import DBAPIError

from talentscout.bootstrap import Container
from talentscout.db.tables_respect import audit_log
from talentscout.services import export, person_detail, privacy_admin
from talentscout.services.errors import PermissionDenied
from tests.conftest import Team
from tests.property.support import ADA, import_csv, person_by_email, write_csv


@pytest.fixture
def ada(container: Container, team: Team, tmp_path: Path) -> int:
    import_csv(container, team.alice.actor, write_csv(tmp_path / "pool.csv", [ADA]))
    found = person_by_email(container, team.alice.actor.workspace_id, ADA[2])
    assert found
    return found


def test_views_and_exports_are_audited_and_admins_can_filter_them(
    container: Container, team: Team, ada: int
) -> None:
    person_detail.get_person(container.db, actor=team.alice.actor, person_id=ada)
    export.write_people_csv(container.db, actor=team.bob.actor, out=io.StringIO())
    privacy_admin.export_person(container.db, actor=team.alice.actor, person_id=ada)
    views = privacy_admin.audit_entries(container.db, actor=team.admin.actor, action="view", subject_id=ada)
    assert [(e["actor"], e["action"]) for e in views] == [("Alice", "view")]
    exports = privacy_admin.audit_entries(container.db, actor=team.admin.actor, action="export")
    assert {e["actor"] for e in exports} == {"Alice", "Bob"}
    assert (
        privacy_admin.audit_entries(container.db, actor=team.admin.actor, actor_id=team.bob.user.id)[0][
            "action"
        ]
        == "export"
    )


def test_only_admins_read_the_audit_log(container: Container, team: Team) -> None:
    with pytest.raises(PermissionDenied):
        privacy_admin.audit_entries(container.db, actor=team.alice.actor)


def test_the_audit_log_refuses_updates_and_deletes_at_the_database(
    container: Container, team: Team, ada: int
) -> None:
    person_detail.get_person(container.db, actor=team.alice.actor, person_id=ada)
    for statement in (
        update(audit_log).values(action="nothing"),
        update(audit_log).values(detail={"forged": True}),
        delete(audit_log),
    ):
        with pytest.raises(DBAPIError, match="append-only"), container.db.begin() as conn:
            conn.execute(statement)
    with container.db.read() as conn:
        assert conn.execute(select(func.count()).select_from(audit_log)).scalar() >= 1
