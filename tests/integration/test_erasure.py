from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from talentscout.bootstrap import Container
from talentscout.db.tables import people, source_records
from talentscout.services import consent, erasure, privacy_stats
from talentscout.services import people as people_service
from talentscout.services.erasure_scope import owned_tables
from tests.conftest import Team
from tests.property.scan import hits, needles
from tests.property.support import ADA, import_csv, person_by_email, write_csv

GRACE = (
    "c-2",
    "Grace Oyelaran",
    "grace.oyelaran@example.net",
    "+1 415 555 0199",
    "Manager",
    "San Francisco",
    "United States",
    "",
)
ADA_IDENTIFIERS = needles(
    "Ada Quillfeather",
    "Quillfeather",
    "ada.quillfeather@example.org",
    "+44 20 7946 0123",
    "linkedin.com/in/ada-quillfeather",
)


def _pool(container: Container, team: Team, tmp_path: Path) -> tuple[int, int, Path]:
    csv = write_csv(tmp_path / "pool.csv", [ADA, GRACE])
    import_csv(container, team.alice.actor, csv)
    ws = team.alice.actor.workspace_id
    ada, grace = person_by_email(container, ws, ADA[2]), person_by_email(container, ws, GRACE[2])
    assert ada
    assert grace
    people_service.add_note(
        container.db, actor=team.alice.actor, person_id=ada, body="Ada Quillfeather called back"
    )
    people_service.add_tag(container.db, actor=team.alice.actor, person_id=ada, tag="quillfeather-fans")
    consent.record_consent(
        container.db,
        actor=team.alice.actor,
        person_id=ada,
        scope="sms_marketing",
        channel="web",
        text_shown="Text me",
        proof="form 1 from ada.quillfeather@example.org",
    )
    return ada, grace, csv


def test_every_table_that_points_at_a_person_is_in_the_erasure_scope() -> None:
    names = {o.table.name for o in owned_tables()}
    assert {"contact_points", "notes", "activities", "consents", "lawful_bases", "person_privacy"} <= names
    assert "audit_log" not in names
    assert "suppressions" not in names


def test_after_erasure_a_raw_scan_of_the_database_finds_none_of_the_identifiers(
    container: Container, team: Team, tmp_path: Path
) -> None:
    ada, grace, _ = _pool(container, team, tmp_path)
    assert hits(container.db.engine, ADA_IDENTIFIERS), "the scan must see the person before erasure"
    report = erasure.erase_person(container.db, actor=team.admin.actor, person_id=ada, compact_now=True)
    assert report.tombstones >= 3
    assert report.rows["people"] == 1
    assert hits(container.db.engine, ADA_IDENTIFIERS) == []
    with container.db.read() as conn:
        assert conn.execute(select(people.c.id)).scalars().all() == [grace]
        assert conn.execute(select(func.count()).select_from(source_records)).scalar() == 1
        stats = privacy_stats.totals(conn, workspace_id=team.admin.actor.workspace_id)
    assert {(s["table_name"], s["rows"]) for s in stats} >= {("people", 1), ("notes", 1)}


def test_a_reimport_of_an_erased_person_is_blocked_and_reported(
    container: Container, team: Team, tmp_path: Path
) -> None:
    ada, _, csv = _pool(container, team, tmp_path)
    erasure.erase_person(container.db, actor=team.admin.actor, person_id=ada)
    again = import_csv(container, team.alice.actor, csv)
    assert again.suppressed == 1
    assert any(i.field == "suppressed" for i in again.issues)
    assert person_by_email(container, team.alice.actor.workspace_id, ADA[2]) is None
    renamed = write_csv(
        tmp_path / "other.csv", [("x-9", "A. Q.", "ADA.Quillfeather@Example.org", "", "", "", "", "")]
    )
    assert import_csv(container, team.alice.actor, renamed, source="Other").suppressed == 1


def test_erasing_a_merged_person_also_removes_the_merge_snapshots(
    container: Container, team: Team, tmp_path: Path
) -> None:
    from talentscout.db.tables_identity import merges

    import_csv(container, team.alice.actor, write_csv(tmp_path / "a.csv", [ADA]))
    second = ("L-77", "Ada Q. Quillfeather", ADA[2], "", "Principal Engineer", "London", "United Kingdom", "")
    import_csv(container, team.alice.actor, write_csv(tmp_path / "b.csv", [second]), source="LinkedIn sheet")
    with container.db.read() as conn:
        assert conn.execute(select(func.count()).select_from(merges)).scalar() == 1
        assert conn.execute(select(func.count()).select_from(people)).scalar() == 1
    ada = person_by_email(container, team.alice.actor.workspace_id, ADA[2])
    assert ada
    erasure.erase_person(container.db, actor=team.admin.actor, person_id=ada, compact_now=True)
    assert hits(container.db.engine, [*ADA_IDENTIFIERS, "Ada Q. Quillfeather"]) == []
