"""Importing files into the pool: valid rows kept, bad rows reported, re-imports idempotent, provenance."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import func, select

from talentscout.bootstrap import Container
from talentscout.db.tables import contact_points, field_provenance, people, source_records
from talentscout.importers.base import ImportOptions
from talentscout.services import ingest, person_detail
from tests.conftest import Team

CSV = Path(__file__).parents[1] / "fixtures" / "pool" / "candidates.csv"


def _import(c: Container, team: Team, path: Path = CSV, **kw: object) -> ingest.ImportReport:
    return ingest.run_import(
        c.db,
        actor=team.alice.actor,
        path=path,
        source_name="Spreadsheet",
        options=ImportOptions(display_name=path.name, id_column="Candidate ID"),
        **kw,
    )  # type: ignore[arg-type]


def _count(c: Container, table: object) -> int:
    with c.db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def test_valid_rows_are_imported_and_the_empty_row_is_rejected_with_its_row_number(
    container: Container, team: Team
) -> None:
    report = _import(container, team)
    assert report.status == "done"
    assert report.rows_read == 6
    assert report.created == 5
    assert report.rejected == 1
    rejected = [i for i in report.issues if i.fatal]
    assert len(rejected) == 1
    assert rejected[0].row == 3
    assert "candidates.csv, row 3" in str(rejected[0])


def test_invalid_email_and_phone_are_kept_as_raw_text_and_flagged(container: Container, team: Team) -> None:
    report = _import(container, team)
    flagged = {(i.row, i.field, i.value) for i in report.issues if not i.fatal}
    assert (4, "email", "grace@") in flagged
    assert (4, "phone", "12") in flagged
    with container.db.read() as conn:
        kept = conn.execute(
            select(contact_points.c.raw, contact_points.c.valid).where(
                contact_points.c.raw.in_(["grace@", "12"])
            )
        ).all()
    assert sorted(kept) == [("12", False), ("grace@", False)]


def test_reimporting_the_same_file_changes_nothing(container: Container, team: Team) -> None:
    _import(container, team)
    before = (_count(container, people), _count(container, source_records), _count(container, contact_points))
    again = _import(container, team)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert (
        _count(container, people),
        _count(container, source_records),
        _count(container, contact_points),
    ) == before


def test_a_changed_row_updates_its_person_and_keeps_one_provenance_row_per_source(
    container: Container, team: Team, tmp_path: Path
) -> None:
    _import(container, team)
    changed = tmp_path / "candidates.csv"
    shutil.copyfile(CSV, changed)
    changed.write_text(changed.read_text().replace("Senior Software Engineer", "Principal Engineer"))
    report = _import(container, team, changed)
    assert (report.updated, report.unchanged) == (1, 4)
    with container.db.read() as conn:
        title = conn.execute(
            select(people.c.current_title).where(people.c.display_name == "Ada Lovelace")
        ).scalar()
        person_id = conn.execute(
            select(people.c.id).where(people.c.display_name == "Ada Lovelace")
        ).scalar_one()
        provenance = conn.execute(
            select(func.count())
            .select_from(field_provenance)
            .where(field_provenance.c.person_id == person_id)
        ).scalar_one()
    assert title == "Principal Engineer"
    assert provenance == 1


def test_each_field_on_the_person_page_names_the_source_that_supplied_it(
    container: Container, team: Team
) -> None:
    _import(container, team)
    with container.db.read() as conn:
        person_id = conn.execute(
            select(people.c.id).where(people.c.display_name == "Ada Lovelace")
        ).scalar_one()
    detail = person_detail.get_person(container.db, actor=team.alice.actor, person_id=person_id)
    fields = {f.field: f for f in detail.fields}
    assert fields["current_title"].value == "Senior Software Engineer"
    assert fields["current_title"].source == "Spreadsheet"
    assert fields["country"].value == "GB"
    assert detail.sources[0].payload["Full Name"] == "Ada Lovelace"
    linkedin = [c for c in detail.contacts if c["kind"] == "linkedin"]
    assert linkedin[0]["value"] == "https://www.linkedin.com/in/ada-lovelace"


def test_free_mail_is_personal_and_the_employers_domain_is_work(container: Container, team: Team) -> None:
    _import(container, team)
    with container.db.read() as conn:
        labels = dict(
            conn.execute(
                select(contact_points.c.value, contact_points.c.label).where(contact_points.c.kind == "email")
            ).all()
        )
    assert labels["ada.lovelace@gmail.com"] == "personal"
    assert labels["jose.mueller@analyticalengines.com"] == "work"


def test_a_file_that_cannot_be_read_fails_the_import_with_a_message_naming_the_file(
    container: Container, team: Team, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json")
    report = ingest.run_import(
        container.db,
        actor=team.alice.actor,
        path=broken,
        format="jsonresume",
        options=ImportOptions(display_name="broken.json"),
    )
    assert report.status == "failed"
    assert report.error is not None
    assert "broken.json" in report.error


def test_reimporting_with_a_new_column_mapping_re_derives_the_rows(container: Container, team: Team) -> None:
    def run(mapping: dict[str, str]) -> ingest.ImportReport:
        options = ImportOptions(display_name=CSV.name, id_column="Candidate ID", mapping=mapping)
        return ingest.run_import(
            container.db, actor=team.alice.actor, path=CSV, source_name="Mapped", options=options
        )

    base = {
        "Full Name": "full_name",
        "Email": "emails",
        "Title": "current_title",
        "Company": "current_employer",
    }
    run(base)
    swapped = run({**base, "Title": "headline", "Company": "current_title"})
    assert swapped.updated == 5
    assert swapped.unchanged == 0
    with container.db.read() as conn:
        ada = conn.execute(
            select(people.c.current_title, people.c.headline).where(people.c.display_name == "Ada Lovelace")
        ).one()
    assert ada.headline == "Senior Software Engineer"
    assert ada.current_title == "Analytical Engines Ltd"
    again = run({**base, "Title": "headline", "Company": "current_title"})
    assert (again.updated, again.unchanged) == (0, 5)


def test_a_first_explicit_mapping_after_a_guessed_import_re_derives_the_rows(
    container: Container, team: Team
) -> None:
    def run(mapping: dict[str, str]) -> ingest.ImportReport:
        options = ImportOptions(display_name=CSV.name, id_column="Candidate ID", mapping=mapping)
        return ingest.run_import(
            container.db, actor=team.alice.actor, path=CSV, source_name="Guessed", options=options
        )

    guessed = run({})
    assert guessed.created == 5
    explicit = run({"Full Name": "full_name", "Email": "emails", "Title": "headline"})
    assert explicit.updated == 5
    with container.db.read() as conn:
        ada = conn.execute(
            select(people.c.current_title, people.c.headline).where(people.c.display_name == "Ada Lovelace")
        ).one()
    assert ada.headline == "Senior Software Engineer"
    assert ada.current_title is None


def test_reindexing_a_person_from_the_database_gives_the_text_the_import_stored(
    container: Container, team: Team
) -> None:
    from talentscout.db.people_writer import person_search_values

    _import(container, team)
    with container.db.read() as conn:
        row = conn.execute(select(people).where(people.c.display_name == "Ada Lovelace")).one()
        rebuilt = person_search_values(conn, row.id, dict(row._mapping))
    assert "Kubernetes" in row.search_text
    assert sorted(rebuilt["search_text"].split()) == sorted(row.search_text.split())
    assert sorted(rebuilt["search_fields"].split()) == sorted(row.search_fields.split())
