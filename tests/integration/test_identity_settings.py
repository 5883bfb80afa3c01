"""Trained matcher weights in the product: train, measure, store, match with them, reset; CLI; bad input.

The labelled set: 15 family names, two people per family name who share a given initial (Anna and
Adam Novak), each person with two records that have the same name, city and title but different
mailboxes. Under the default weights two records of one person are a review case (4 bits: no
address in common costs 1, no shared identifier); labels showing that, in this workspace, the same
full name is the same person teach a higher weight for an exact given name, and those pairs merge.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from talentscout.bootstrap import Container
from talentscout.cli import app
from talentscout.db.tables import source_records, sources
from talentscout.db.tables_identity import match_reviews, match_settings
from talentscout.db.tables_respect import audit_log
from talentscout.domain.identity import DEFAULT_SETTINGS
from talentscout.domain.permissions import Actor
from talentscout.domain.records import SourceChannel
from talentscout.importers.base import ImportOptions
from talentscout.services import identity, identity_settings, ingest
from talentscout.services.errors import InvalidInput, PermissionDenied
from tests.conftest import Team

HEADER = "Candidate ID,Full Name,Email,Phone,Title,Company,City,Country\n"
GIVEN = ["Anna", "Adam", "Boris", "Berta", "Carla", "Cyril", "Dora", "David", "Emil", "Eva"]
FAMILY = [
    "Novak", "Horvat", "Kovac", "Zupan", "Vidmar", "Kralj", "Turk", "Golob",
    "Bizjak", "Hribar", "Kos", "Vrhovec", "Mlakar", "Rozman", "Petek",
]  # fmt: skip
#: the pull towards the defaults in these tests: 60 pairs of one person are little data
STRENGTH = 0.1


def labelled_set(tmp_path: Path) -> tuple[Path, Path]:
    """(records CSV, truth CSV): 30 people, two records each."""
    rows, truth = [], [("source", "source_id", "person_id")]
    n = 0
    for f, family in enumerate(FAMILY):
        for given in GIVEN[(f % 5) * 2 : (f % 5) * 2 + 2]:
            for k in range(2):
                n += 1
                email = f"{given.lower()}.{family.lower()}{k}@mail{k}.example"
                rows.append(f"r{n},{given} {family},{email},,Engineer,,Ljubljana,Slovenia\n")
                truth.append(("crm", f"r{n}", f"{given}-{family}"))
    records = tmp_path / "crm.csv"
    records.write_text(HEADER + "".join(rows), encoding="utf-8")
    labels = tmp_path / "truth.csv"
    with labels.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(truth)
    return records, labels


def load(container: Container, actor: Actor, path: Path, source: str) -> None:
    ingest.run_import(
        container.db,
        actor=actor,
        path=path,
        source_name=source,
        channel=SourceChannel.CV_DATABASE,
        options=ImportOptions(id_column="Candidate ID"),
    )


def person_of(container: Container, workspace_id: int) -> dict[str, int]:
    with container.db.read() as conn:
        rows = conn.execute(
            select(sources.c.name, source_records.c.external_id, source_records.c.person_id)
            .join(sources, sources.c.id == source_records.c.source_id)
            .where(source_records.c.workspace_id == workspace_id)
        )
        return {f"{r[0]}|{r[1]}": r[2] for r in rows}


def test_trained_weights_are_measured_stored_and_used_by_the_next_import(
    container: Container, team: Team, tmp_path: Path
) -> None:
    alice, charlie = team.alice.actor, team.charlie.actor  # Acme trains; Globex keeps the defaults
    records, truth = labelled_set(tmp_path)
    for actor in (alice, charlie):
        load(container, actor, records, "crm")
    assert len(set(person_of(container, alice.workspace_id).values())) == 60  # all review cases

    dry = identity_settings.train(container.db, actor=alice, truth_path=truth, apply=False, strength=STRENGTH)
    with container.db.read() as conn:
        assert identity_settings.current(conn, alice.workspace_id) is DEFAULT_SETTINGS
    assert (dry.records, dry.only_in_truth, dry.positives) == (60, 0, 30)
    assert dry.examples > dry.positives  # namesakes sharing a family name and initial
    # cross-validated: the defaults merge none of the 30 true pairs, the trained weights all of them
    assert (dry.current.true_positives, dry.current.actual) == (0, 30)
    assert dry.trained.recall == 1.0
    assert dry.trained.precision == 1.0
    assert dry.trained.f1 > dry.current.f1
    moved = {c.level: c for c in dry.changes}
    assert moved["given_exact"].learned > DEFAULT_SETTINGS.given_exact
    assert moved["given_exact"].pairs >= 30  # and namesakes in one city (Anna Novak, Anna Kralj)
    assert moved["given_differ"].learned < DEFAULT_SETTINGS.given_differ

    saved = identity_settings.train(
        container.db, actor=alice, truth_path=truth, apply=True, strength=STRENGTH
    )
    assert saved.applied
    with container.db.read() as conn:
        acme = identity_settings.current(conn, alice.workspace_id)
        globex = identity_settings.current(conn, charlie.workspace_id)
        row = conn.execute(
            select(match_settings).where(match_settings.c.workspace_id == alice.workspace_id)
        ).one()
        audited = conn.execute(
            select(audit_log.c.action, audit_log.c.detail).where(
                audit_log.c.workspace_id == alice.workspace_id, audit_log.c.action == "train_match_weights"
            )
        ).all()
    assert acme == saved.settings
    assert acme.given_exact == moved["given_exact"].learned
    assert globex is DEFAULT_SETTINGS
    assert row.trained_by == alice.user_id
    assert row.report["examples"] == saved.examples
    assert row.report["merge_at"]["trained"] == acme.merge_at
    assert row.report["levels"]["given_exact"]["learned"] == acme.given_exact
    assert row.report["cross_validation"]["trained"]["f1"] == round(saved.trained.f1, 4)
    assert len(audited) == 1
    assert audited[0].detail["truth_file"] == "truth.csv"

    # the same newcomer: merged where the weights were trained, a review pair where they were not
    late = tmp_path / "late.csv"
    late.write_text(
        HEADER + "n1,Anna Novak,anna.n@post.example,,Engineer,,Ljubljana,Slovenia\n", encoding="utf-8"
    )
    for actor in (alice, charlie):
        load(container, actor, late, "late")
    acme_people, globex_people = (
        person_of(container, alice.workspace_id),
        person_of(container, charlie.workspace_id),
    )
    assert acme_people["late|n1"] == acme_people["crm|r1"]
    assert globex_people["late|n1"] not in {globex_people["crm|r1"], globex_people["crm|r2"]}
    with container.db.read() as conn:
        open_pairs = conn.execute(
            select(match_reviews.c.id).where(
                match_reviews.c.workspace_id == charlie.workspace_id, match_reviews.c.status == "open"
            )
        ).all()
    assert len(open_pairs) == 30 + 2  # the newcomer with each of Anna Novak's records

    # dedupe uses them too: the review cases of the labelled pool merge; namesakes stay apart
    summary = identity.dedupe(container.db, actor=alice, workers=1)
    assert summary.merged >= 29
    acme_people = person_of(container, alice.workspace_id)
    assert acme_people["crm|r3"] == acme_people["crm|r4"]  # Adam Novak
    assert acme_people["crm|r1"] != acme_people["crm|r3"]  # Anna and Adam Novak
    assert len(set(acme_people.values())) == 30

    assert identity_settings.reset(container.db, actor=alice) is True
    assert identity_settings.reset(container.db, actor=alice) is False
    with container.db.read() as conn:
        assert identity_settings.current(conn, alice.workspace_id) is DEFAULT_SETTINGS
    assert identity_settings.stored_report(container.db, actor=alice) is None


def test_the_worker_matches_a_large_import_with_the_trained_weights(
    container: Container, team: Team, tmp_path: Path
) -> None:
    from talentscout.services.identity_ingest import MATCH_JOB
    from talentscout.worker import handlers
    from talentscout.worker.runner import Worker

    alice = team.alice.actor
    records, truth = labelled_set(tmp_path)
    load(container, alice, records, "crm")
    identity_settings.train(container.db, actor=alice, truth_path=truth, apply=True, strength=STRENGTH)
    late = tmp_path / "late.csv"
    late.write_text(
        HEADER + "n1,Adam Novak,adam.n@post.example,,Engineer,,Ljubljana,Slovenia\n", encoding="utf-8"
    )
    report = ingest.run_import(
        container.db,
        actor=alice,
        path=late,
        source_name="late",
        channel=SourceChannel.CV_DATABASE,
        options=ImportOptions(id_column="Candidate ID"),
        defer_matching=True,
    )
    assert report.matching == "queued"
    Worker(container, registry={MATCH_JOB: handlers.REGISTRY[MATCH_JOB]})._run_jobs()
    people = person_of(container, alice.workspace_id)
    assert people["late|n1"] == people["crm|r3"]  # Adam Novak, merged by the trained weights
    assert people["late|n1"] != people["crm|r1"]  # not with his namesake Anna


def test_a_weak_pull_stays_close_to_the_defaults(container: Container, team: Team, tmp_path: Path) -> None:
    records, truth = labelled_set(tmp_path)
    load(container, team.alice.actor, records, "crm")
    strong = identity_settings.train(
        container.db, actor=team.alice.actor, truth_path=truth, apply=False, strength=1e6
    )
    assert strong.changes
    assert all(abs(c.learned - c.default) < 0.01 for c in strong.changes)
    assert strong.settings.review_at == DEFAULT_SETTINGS.review_at


def test_reviewers_decisions_are_labels_too(container: Container, team: Team, tmp_path: Path) -> None:
    alice = team.alice.actor
    records, truth = labelled_set(tmp_path)
    load(container, alice, records, "crm")
    with truth.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    partial = tmp_path / "partial.csv"
    with partial.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows[:41])  # the first 40 records (20 people)
    pairs, _ = identity.list_reviews(container.db, actor=alice, limit=200)
    labelled = {f"crm|r{n}" for n in range(1, 41)}
    outside = [p for p in pairs if f"crm|{p.left.external_id}" not in labelled]
    assert len(outside) == 10
    for p in outside[:6]:
        identity.accept_review(container.db, actor=alice, review_id=p.id)
    for p in outside[6:]:
        identity.reject_review(container.db, actor=alice, review_id=p.id)
    without = identity_settings.train(
        container.db, actor=alice, truth_path=partial, apply=False, strength=STRENGTH
    )
    with_reviews = identity_settings.train(
        container.db, actor=alice, truth_path=partial, apply=False, strength=STRENGTH, from_reviews=True
    )
    assert without.from_reviews == 0
    assert with_reviews.from_reviews == 10
    assert with_reviews.examples == without.examples + 10
    assert with_reviews.positives == without.positives + 6


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("source,person_id\ncrm,a\n", "truth.csv: needs the columns source, source_id, person_id"),
        ("source,source_id,person_id\ncrm,r1,a\ncrm,r2,a\n", "truth.csv: 1 labelled candidate pair"),
        ("source,source_id,person_id\nother,r1,a\n", "0 of the file's 1 records are in this workspace"),
    ],
)
def test_a_bad_truth_file_is_named_in_a_clear_error(
    container: Container, team: Team, tmp_path: Path, content: str, message: str
) -> None:
    records, _ = labelled_set(tmp_path)
    load(container, team.alice.actor, records, "crm")
    bad = tmp_path / "truth.csv"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInput, match=message):
        identity_settings.train(container.db, actor=team.alice.actor, truth_path=bad, apply=True)
    with container.db.read() as conn:
        assert conn.execute(select(match_settings)).first() is None


def test_labels_without_pairs_of_one_person_are_refused(
    container: Container, team: Team, tmp_path: Path
) -> None:
    records, truth = labelled_set(tmp_path)
    load(container, team.alice.actor, records, "crm")
    with truth.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    distinct = tmp_path / "everyone.csv"
    with distinct.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([rows[0]] + [[s, i, f"p{n}"] for n, (s, i, _) in enumerate(rows[1:])])
    with pytest.raises(InvalidInput, match=r"everyone\.csv: no labelled candidate pairs of one person"):
        identity_settings.train(container.db, actor=team.alice.actor, truth_path=distinct, apply=True)


def test_only_people_who_may_merge_can_train_or_reset(
    container: Container, team: Team, tmp_path: Path
) -> None:
    _, truth = labelled_set(tmp_path)
    with pytest.raises(PermissionDenied):
        identity_settings.train(container.db, actor=team.hana.actor, truth_path=truth, apply=True)
    with pytest.raises(PermissionDenied):
        identity_settings.reset(container.db, actor=team.hana.actor)


def test_train_from_the_command_line_prints_the_cross_validation(cli: CliRunner, tmp_path: Path) -> None:
    records, truth = labelled_set(tmp_path)
    imported = cli.invoke(app, ["import", str(records), "--source", "crm", "--id-column", "Candidate ID"])
    assert imported.exit_code == 0, imported.output
    args = ["train", "dedupe", "--truth", str(truth), "--strength", str(STRENGTH)]

    dry = cli.invoke(app, args)
    assert dry.exit_code == 0, dry.output
    lines = dry.output.splitlines()
    current = next(line for line in lines if line.strip().startswith("current"))
    trained = next(line for line in lines if line.strip().startswith("trained"))
    assert "recall 0.0000" in current
    assert "(0 right of 0 predicted, 30 true)" in current
    assert "precision 1.0000 recall 1.0000 F1 1.0000" in trained
    assert "records: 60 labelled" in dry.output
    given = next(line for line in lines if line.strip().startswith("given_exact"))
    assert "+4.00 ->" in given
    assert given.endswith("pairs)")
    assert "not saved" in dry.output

    applied = cli.invoke(app, [*args, "--apply"])
    assert applied.exit_code == 0, applied.output
    assert "saved: imports and `talentscout dedupe` now use the trained weights" in applied.output

    reset = cli.invoke(app, ["train", "dedupe-reset"])
    assert reset.exit_code == 0, reset.output
    assert "default weights restored" in reset.output
    again = cli.invoke(app, ["train", "dedupe-reset"])
    assert "already in use" in again.output

    bad = tmp_path / "labels.csv"
    bad.write_text("id,label\n1,a\n", encoding="utf-8")
    failed = cli.invoke(app, ["train", "dedupe", "--truth", str(bad)])
    assert failed.exit_code != 0
    assert "labels.csv: needs the columns" in failed.output
