"""Identity resolution in the store: matching on import, review, merge/unmerge, agency flags, bad input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from talentscout.bootstrap import Container
from talentscout.db.tables import contact_points, field_provenance, people, source_records
from talentscout.db.tables_identity import flagged_identifiers, match_reviews
from talentscout.db.tables_respect import audit_log, person_privacy
from talentscout.domain.permissions import Actor
from talentscout.domain.records import SourceChannel
from talentscout.importers.base import ImportOptions
from talentscout.services import identity, identity_match, ingest, person_detail
from talentscout.services import people as people_service
from talentscout.services.errors import InvalidInput, PermissionDenied
from tests.conftest import Team

HEADER = "Candidate ID,Full Name,Email,Phone,Title,Company,City,Country\n"


def load(
    container: Container,
    actor: Actor,
    tmp_path: Path,
    name: str,
    rows: str,
    channel: SourceChannel = SourceChannel.CV_DATABASE,
) -> ingest.ImportReport:
    path = tmp_path / f"{name}.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return ingest.run_import(
        container.db,
        actor=actor,
        path=path,
        source_name=name,
        channel=channel,
        options=ImportOptions(id_column="Candidate ID"),
    )


def person_of(container: Container) -> dict[str, int]:
    with container.db.read() as conn:
        rows = conn.execute(select(source_records.c.external_id, source_records.c.person_id))
        return {r[0]: r[1] for r in rows}


def state(container: Container, person_id: int) -> dict[str, Any]:
    """What unmerge must restore exactly: the person's values and every row's provenance."""
    with container.db.read() as conn:
        row = conn.execute(select(people).where(people.c.id == person_id)).one()._mapping
        provenance = conn.execute(
            select(field_provenance.c.id, field_provenance.c.source_record_id, field_provenance.c.fields)
            .where(field_provenance.c.person_id == person_id)
            .order_by(field_provenance.c.id)
        ).all()
        contacts = conn.execute(
            select(contact_points.c.id, contact_points.c.value, contact_points.c.source_record_id)
            .where(contact_points.c.person_id == person_id)
            .order_by(contact_points.c.id)
        ).all()
    person = {k: v for k, v in row.items() if k != "updated_at"}
    return {
        "person": person,
        "provenance": [tuple(r) for r in provenance],
        "contacts": [tuple(r) for r in contacts],
    }


HOUSEHOLD = (
    "h-1,Anna Kowalski,kowalski.family@gmail.com,+48 22 123 45 67,Accountant,PKO,Warsaw,Poland\n"
    "h-2,Piotr Kowalski,kowalski.family@gmail.com,+48 22 123 45 67,Welder,Orlen,Warsaw,Poland\n"
)


def test_a_household_is_a_review_case_and_accept_then_unmerge_restores_both_exactly(
    container: Container, team: Team, tmp_path: Path
) -> None:
    report = load(container, team.alice.actor, tmp_path, "cvs", HOUSEHOLD)
    assert report.merged == 0
    assert report.to_review == 1
    ids = person_of(container)
    anna, piotr = ids["h-1"], ids["h-2"]
    assert anna != piotr
    before = {anna: state(container, anna), piotr: state(container, piotr)}

    pairs, total = identity.list_reviews(container.db, actor=team.alice.actor)
    assert total == 1
    pair = pairs[0]
    assert {pair.left.person_name, pair.right.person_name} == {"Anna Kowalski", "Piotr Kowalski"}
    findings = {(e["field"], e["kind"]) for e in pair.evidence}
    assert ("given name", "differs") in findings
    assert ("phone", "same") in findings
    assert any(e["kind"] == "rule" for e in pair.evidence)

    merge_id = identity.accept_review(container.db, actor=team.alice.actor, review_id=pair.id)
    merged = person_detail.get_person(container.db, actor=team.alice.actor, person_id=anna)
    assert {s.source_name for s in merged.sources} == {"cvs"}
    assert len(merged.sources) == 2
    assert merged.merges[0]["id"] == merge_id
    assert {c["source_record_id"] for c in merged.contacts} == {s.source_record_id for s in merged.sources}
    # a change made while merged: it cannot be attributed and is flagged
    people_service.add_note(container.db, actor=team.alice.actor, person_id=anna, body="met at the fair")

    report_back = identity.unmerge_person(container.db, actor=team.alice.actor, person_id=anna)
    assert report_back["restored"] == piotr
    assert [f["table"] for f in report_back["flagged"]] == ["notes"]
    after = {anna: state(container, anna), piotr: state(container, piotr)}
    assert after == before
    timeline = person_detail.get_person(container.db, actor=team.alice.actor, person_id=piotr).timeline
    assert any("unmerged" in t.summary for t in timeline)
    with pytest.raises(InvalidInput):
        identity.undo_merge(container.db, actor=team.alice.actor, merge_id=merge_id)
    # remembered: a batch run does not propose or merge the pair again
    identity.dedupe(container.db, actor=team.alice.actor)
    assert identity.list_reviews(container.db, actor=team.alice.actor)[1] == 0
    assert person_of(container)["h-1"] != person_of(container)["h-2"]


def test_a_rejected_pair_is_never_proposed_again(container: Container, team: Team, tmp_path: Path) -> None:
    load(container, team.alice.actor, tmp_path, "cvs", HOUSEHOLD)
    pairs, _ = identity.list_reviews(container.db, actor=team.alice.actor)
    identity.reject_review(container.db, actor=team.alice.actor, review_id=pairs[0].id)
    changed = HOUSEHOLD.replace("Welder", "Senior Welder")
    load(container, team.alice.actor, tmp_path, "cvs", changed)  # re-derived and matched again
    identity.dedupe(container.db, actor=team.alice.actor)
    assert identity.list_reviews(container.db, actor=team.alice.actor)[1] == 0
    with container.db.read() as conn:
        statuses = [r[0] for r in conn.execute(select(match_reviews.c.status))]
    assert statuses == ["rejected"]


def test_an_auto_merge_is_explained_and_reversible(container: Container, team: Team, tmp_path: Path) -> None:
    load(
        container,
        team.alice.actor,
        tmp_path,
        "applicants",
        "a-1,Robert Smith,bob.smith@gmail.com,,Data Engineer,Monzo,London,United Kingdom\n",
        SourceChannel.PAST_APPLICANT,
    )
    report = load(
        container,
        team.alice.actor,
        tmp_path,
        "referrals",
        "r-1,Bob Smith,B.O.B.Smith+jobs@gmail.com,,Senior Data Engineer,Monzo Bank,London,United Kingdom\n",
        SourceChannel.REFERRAL,
    )
    assert report.merged == 1
    ids = person_of(container)
    assert ids["a-1"] == ids["r-1"]
    detail = person_detail.get_person(container.db, actor=team.alice.actor, person_id=ids["a-1"])
    evidence = detail.merges[0]["evidence"]
    assert any(e["field"] == "email" and e["kind"] == "same" for e in evidence)
    assert any(e["field"] == "given name" and "Bob" in e["detail"] for e in evidence)
    title = next(f for f in detail.fields if f.field == "current_title")
    assert title.value == "Data Engineer"  # same day: a past application is trusted over a referral
    assert title.why == "most trusted channel (past_applicant over referral)"
    assert ("Senior Data Engineer", "referrals") in title.others
    identity.unmerge_person(container.db, actor=team.alice.actor, person_id=ids["a-1"])
    again = person_of(container)
    assert again["a-1"] != again["r-1"]
    identity.dedupe(container.db, actor=team.alice.actor)  # the unmerge is remembered
    assert person_of(container)["a-1"] != person_of(container)["r-1"]


def test_a_shared_inbox_is_capped_and_flagged(container: Container, team: Team, tmp_path: Path) -> None:
    names = [
        "Ada Byron",
        "Alan Turing",
        "Grace Hopper",
        "Edsger Dijkstra",
        "Barbara Liskov",
        "Donald Knuth",
        "Ken Thompson",
        "Frances Allen",
    ]
    rows = "".join(
        f"s-{i},{n},submissions.team@bigagency.example,,Engineer,X,Berlin,Germany\n"
        for i, n in enumerate(names)
    )
    report = load(container, team.alice.actor, tmp_path, "shared", rows, SourceChannel.AGENCY)
    assert report.merged == 0
    assert len(set(person_of(container).values())) == len(names)
    with container.db.read() as conn:
        flagged = [r[0] for r in conn.execute(select(flagged_identifiers.c.identifier))]
    assert flagged == ["email:submissions.team@bigagency.example"]
    assert any("shared inbox" in str(line) for line in report.issues)


def test_bad_input_is_matched_safely(container: Container, team: Team, tmp_path: Path) -> None:
    long_name = "Zq" * 5000
    rows = (
        "b-1,,,+49 30 1234567,,,,Germany\n"  # no name, only a phone
        "b-2,,,,,,,\n"
        f"b-3,{long_name},long@example.org,,,,,\n"
        "b-4,Аnna Kowalska,anna.k@example.org,,,,,\n"  # Cyrillic А
        "b-5,Anna Kowalska,anna.k@example.org,,,,,\n"
        "b-6,,,+49 30 1234567,,,,Germany\n"
    )
    report = load(container, team.alice.actor, tmp_path, "odd", rows)
    ids = person_of(container)
    assert ids["b-4"] == ids["b-5"]  # a confusable letter does not hide the same person
    assert ids["b-1"] != ids["b-6"]  # a phone alone, with no name to check it, is review at most
    assert ids["b-3"] not in (ids["b-4"], ids["b-1"])
    assert report.status == "done"
    url_only = "u-1,,,,,,,\n"
    path = tmp_path / "urls.csv"
    path.write_text(
        "Candidate ID,LinkedIn\nu-1,https://www.linkedin.com/in/someone\nu-2,https://de.linkedin.com/in/someone/?trk=x\n"
    )
    ingest.run_import(
        container.db,
        actor=team.alice.actor,
        path=path,
        source_name="urls",
        options=ImportOptions(id_column="Candidate ID"),
    )
    ids = person_of(container)
    assert ids["u-1"] == ids["u-2"]  # a profile link identifies a person even without a name
    assert url_only


def test_agency_submissions_of_someone_in_the_pool_are_flagged_with_who_was_first(
    container: Container, team: Team, tmp_path: Path
) -> None:
    row = "{id},Lena Becker,lena.becker@posteo.de,,Product Manager,Acme,Hamburg,Germany\n"
    load(container, team.alice.actor, tmp_path, "talentbridge", row.format(id="tb-1"), SourceChannel.AGENCY)
    load(container, team.agnes.actor, tmp_path, "headhunters", row.format(id="hh-1"))
    ids = person_of(container)
    assert ids["tb-1"] == ids["hh-1"]
    merges, flags = identity.person_identity(container.db, actor=team.alice.actor, person_id=ids["tb-1"])
    assert len(merges) == 1
    assert len(flags) == 1
    assert flags[0]["reason"] == "other_agency"
    assert flags[0]["first_source"] == "talentbridge"
    assert flags[0]["submitted_by_source"] == "headhunters"
    assert flags[0]["first_by"] == "Alice"


def test_hiring_managers_cannot_review_or_unmerge(container: Container, team: Team) -> None:
    with pytest.raises(PermissionDenied):
        identity.list_reviews(container.db, actor=team.hana.actor)
    with pytest.raises(PermissionDenied):
        identity.unmerge_person(container.db, actor=team.hana.actor, person_id=1)


def test_a_reimport_while_merged_goes_back_to_its_own_side_and_both_are_audited(
    container: Container, team: Team, tmp_path: Path
) -> None:
    load(container, team.alice.actor, tmp_path, "cvs", HOUSEHOLD)
    pairs, _ = identity.list_reviews(container.db, actor=team.alice.actor)
    identity.accept_review(container.db, actor=team.alice.actor, review_id=pairs[0].id)
    load(container, team.alice.actor, tmp_path, "cvs", HOUSEHOLD.replace("Welder", "Senior Welder"))
    ids = person_of(container)
    assert ids["h-1"] == ids["h-2"]
    identity.unmerge_person(container.db, actor=team.alice.actor, person_id=ids["h-1"])
    ids = person_of(container)
    with container.db.read() as conn:
        titles = dict(conn.execute(select(people.c.id, people.c.current_title)).all())
        actions = [r[0] for r in conn.execute(select(audit_log.c.action).order_by(audit_log.c.id))]
    assert titles[ids["h-2"]] == "Senior Welder"
    assert titles[ids["h-1"]] == "Accountant"
    assert [a for a in actions if a in ("merge", "unmerge")] == ["merge", "unmerge"]


def test_dedupe_indexes_and_merges_a_pool_imported_before_matching_existed(
    container: Container, team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest, "match_imported", lambda *a, **k: identity_match.MatchSummary())
    rows = (
        "o-1,Robert Smith,bob.smith@gmail.com,,Data Engineer,Monzo,London,United Kingdom\n"
        "o-2,Bob Smith,bobsmith@gmail.com,,Data Engineer,Monzo,London,United Kingdom\n"
    )
    load(container, team.alice.actor, tmp_path, "old", rows)
    assert person_of(container)["o-1"] != person_of(container)["o-2"]
    summary = identity.dedupe(container.db, actor=team.alice.actor)
    assert summary.records == 2
    assert summary.merged == 1
    assert person_of(container)["o-1"] == person_of(container)["o-2"]


def test_a_one_row_per_person_table_keeps_the_survivors_row_and_unmerge_restores_both(
    container: Container, team: Team, tmp_path: Path
) -> None:
    load(container, team.alice.actor, tmp_path, "cvs", HOUSEHOLD)
    ids = person_of(container)
    anna, piotr = ids["h-1"], ids["h-2"]
    ws = team.alice.actor.workspace_id
    with container.db.begin() as conn:
        for person, code in ((anna, "PL"), (piotr, "DE")):
            conn.execute(person_privacy.insert().values(workspace_id=ws, person_id=person, jurisdiction=code))
    pairs, _ = identity.list_reviews(container.db, actor=team.alice.actor)
    identity.accept_review(container.db, actor=team.alice.actor, review_id=pairs[0].id)

    def privacy() -> list[tuple[int, str]]:
        with container.db.read() as conn:
            rows = conn.execute(select(person_privacy.c.person_id, person_privacy.c.jurisdiction))
            return sorted((r[0], r[1]) for r in rows)

    assert privacy() == [(anna, "PL")]
    identity.unmerge_person(container.db, actor=team.alice.actor, person_id=anna)
    assert privacy() == sorted([(anna, "PL"), (piotr, "DE")])


SAME_PERSON = (
    "a-1,José García,jose.garcia@gmail.com,,Backend Engineer,Acme GmbH,Berlin,Germany\n"
    "a-2,Jose Garcia,jose.garcia@gmail.com,,Backend Engineer,Acme,Berlin,Germany\n"
)


def test_a_large_import_is_matched_afterwards_by_the_worker_with_the_same_outcome(
    container: Container, team: Team, tmp_path: Path
) -> None:
    from talentscout.db.tables import jobs
    from talentscout.services.identity_ingest import MATCH_JOB, match_pending
    from talentscout.worker import handlers
    from talentscout.worker.runner import Worker

    path = tmp_path / "bulk.csv"
    path.write_text(HEADER + SAME_PERSON + HOUSEHOLD, encoding="utf-8")
    report = ingest.run_import(
        container.db,
        actor=team.alice.actor,
        path=path,
        source_name="bulk",
        channel=SourceChannel.CV_DATABASE,
        options=ImportOptions(id_column="Candidate ID"),
        defer_matching=True,
    )
    assert report.matching == "queued"
    assert report.created == 4
    assert report.merged == 0
    before = person_of(container)
    assert len(set(before.values())) == 4  # stored and searchable, not resolved yet

    with container.db.read() as conn:
        queued = conn.execute(select(jobs.c.status).where(jobs.c.kind == MATCH_JOB)).scalars().all()
    assert queued == ["queued"]
    Worker(container, registry={MATCH_JOB: handlers.REGISTRY[MATCH_JOB]})._run_jobs()
    with container.db.read() as conn:
        done = conn.execute(select(jobs.c.status).where(jobs.c.kind == MATCH_JOB)).scalars().all()
    assert done == ["done"]
    after = person_of(container)
    assert after["a-1"] == after["a-2"]
    assert after["h-1"] != after["h-2"]
    assert identity.list_reviews(container.db, actor=team.alice.actor)[1] == 1
    # a second run finds nothing left to do
    assert match_pending(container.db, workspace_id=team.alice.actor.workspace_id).records == 0
    # a changed record of a large re-import leaves the index and is matched again by the next job
    path.write_text(HEADER + SAME_PERSON.replace(",Acme,", ",Acme Inc,") + HOUSEHOLD, encoding="utf-8")
    again = ingest.run_import(
        container.db,
        actor=team.alice.actor,
        path=path,
        source_name="bulk",
        channel=SourceChannel.CV_DATABASE,
        options=ImportOptions(id_column="Candidate ID"),
        defer_matching=True,
    )
    assert (again.updated, again.unchanged) == (1, 3)
    assert match_pending(container.db, workspace_id=team.alice.actor.workspace_id).records == 1
    assert person_of(container)["a-2"] == person_of(container)["a-1"]


@pytest.mark.parametrize(("link_at", "joined"), [(0.5, True), (0.9, False)])
def test_two_people_join_only_when_they_look_alike_as_wholes(
    container: Container, team: Team, tmp_path: Path, link_at: float, joined: bool
) -> None:
    """Average linkage in the store: Anna Weber (Berlin) and her mailbox-and-phone record are one
    person; a third record shares only the phone and lives in Munich. Its pair with the second record
    is a sure match, its pair with the first a coin toss: the workspace's ``link_at`` decides."""
    from dataclasses import replace
    from datetime import UTC, datetime

    from talentscout.db.tables_identity import match_settings
    from talentscout.domain.identity import DEFAULT_SETTINGS
    from talentscout.domain.identity.settings import settings_to_json

    with container.db.begin() as conn:
        conn.execute(
            match_settings.insert().values(
                workspace_id=team.alice.actor.workspace_id,
                settings=settings_to_json(replace(DEFAULT_SETTINGS, link_at=link_at)),
                trained_at=datetime.now(UTC),
                report={},
            )
        )
    load(
        container,
        team.alice.actor,
        tmp_path,
        "first",
        "w-1,Anna Weber,anna.weber@gmail.com,,Analyst,,Berlin,Germany\n"
        "w-2,Anna Weber,anna.weber@gmail.com,+49 151 12345678,,,,\n",
    )
    assert person_of(container)["w-1"] == person_of(container)["w-2"]

    load(
        container, team.alice.actor, tmp_path, "second", "w-3,Anna Weber,,+49 151 12345678,,,Munich,Germany\n"
    )

    ids = person_of(container)
    assert (ids["w-3"] == ids["w-1"]) is joined
    pairs, _ = identity.list_reviews(container.db, actor=team.alice.actor)
    assert bool(pairs) is not joined  # refused joins wait in the review queue
