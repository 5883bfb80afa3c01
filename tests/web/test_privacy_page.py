from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from talentscout.bootstrap import Container
from talentscout.db.tables_respect import audit_log
from talentscout.services import privacy_notice, suppression
from talentscout.services.search import search_people
from tests.conftest import Team
from tests.property.support import ADA, import_csv, person_by_email, write_csv
from tests.web.conftest import csrf_of


@pytest.fixture
def link(container: Container, team: Team, tmp_path: Path) -> tuple[int, str]:
    import_csv(container, team.alice.actor, write_csv(tmp_path / "pool.csv", [ADA]))
    ada = person_by_email(container, team.alice.actor.workspace_id, ADA[2])
    assert ada
    with container.db.begin() as conn:
        text = privacy_notice.first_contact_notice(
            conn,
            workspace_id=team.alice.actor.workspace_id,
            person_id=ada,
            channel="email",
            now=container.db.clock.now(),
            base_url="http://testserver",
            link_days=30,
        )
    assert text
    return ada, "/privacy/p/" + text.split("/privacy/p/")[1].split()[0]


def test_the_person_sees_their_data_and_its_sources_without_an_account(
    client: TestClient, link: tuple[int, str]
) -> None:
    page = client.get(link[1])
    assert page.status_code == 200
    assert "Ada Quillfeather" in page.text
    assert "Spreadsheet" in page.text
    assert page.headers["cache-control"] == "no-store"


def test_the_download_is_machine_readable_and_audited_as_an_export(
    client: TestClient, container: Container, link: tuple[int, str]
) -> None:
    response = client.get(link[1] + "/download")
    data = json.loads(response.text)
    assert data["person"]["display_name"] == "Ada Quillfeather"
    assert data["sources"][0]["data_as_received"]
    assert any(c["value"] == ADA[2] for c in data["contact_points"])
    with container.db.read() as conn:
        actions = conn.execute(select(audit_log.c.action, audit_log.c.actor_label)).all()
    assert ("export", "the person (privacy page)") in actions


def test_the_person_corrects_their_title(
    client: TestClient, container: Container, team: Team, link: tuple[int, str]
) -> None:
    page = client.get(link[1])
    done = client.post(
        link[1] + "/correct", data={"csrf_token": csrf_of(page.text), "current_title": "Staff Engineer"}
    )
    assert done.status_code == 303
    assert "Staff Engineer" in client.get(link[1]).text
    # a recruiter's fielded search finds the corrected title (the field document was rebuilt too)
    found = search_people(container.db, actor=team.alice.actor, query='title:"staff engineer"')
    assert [p.id for p in found.people] == [link[0]]


def test_objecting_puts_every_identifier_on_the_suppression_list(
    client: TestClient, container: Container, team: Team, link: tuple[int, str]
) -> None:
    page = client.get(link[1])
    assert client.post(link[1] + "/object", data={"csrf_token": csrf_of(page.text)}).status_code == 303
    with container.db.read() as conn:
        for kind, value in (("email", ADA[2]), ("phone", ADA[3]), ("url", ADA[7])):
            assert suppression.is_suppressed(
                conn, workspace_id=team.alice.actor.workspace_id, kind=kind, value=value
            )


def test_erasure_needs_a_confirmation_and_then_the_link_is_dead(
    client: TestClient, link: tuple[int, str]
) -> None:
    page = client.get(link[1])
    ask = client.post(link[1] + "/erase", data={"csrf_token": csrf_of(page.text)})
    assert ask.status_code == 200
    assert "confirm-erase" in ask.text
    bad = client.post(
        link[1] + "/erase/confirm", data={"csrf_token": csrf_of(page.text), "confirmation": "1.forged"}
    )
    assert bad.status_code == 404
    confirmation = ask.text.split('name="confirmation" value="')[1].split('"')[0]
    done = client.post(
        link[1] + "/erase/confirm", data={"csrf_token": csrf_of(page.text), "confirmation": confirmation}
    )
    assert done.status_code == 200
    assert "erased" in done.text
    assert client.get(link[1]).status_code == 404


def test_forms_without_the_csrf_token_are_refused(client: TestClient, link: tuple[int, str]) -> None:
    assert client.post(link[1] + "/object", data={}).status_code == 403


def test_a_forged_or_garbage_link_gets_a_plain_404(client: TestClient, link: tuple[int, str]) -> None:
    for path in ("/privacy/p/1.abc", "/privacy/p/xyz", "/privacy/p/" + "9" * 500, link[1][:-3] + "abc"):
        response = client.get(path)
        assert response.status_code == 404
        assert "Traceback" not in response.text


def test_keeping_the_profile_records_consent_and_renews_retention(
    client: TestClient, container: Container, team: Team, link: tuple[int, str]
) -> None:
    from talentscout.services import lawful_basis

    page = client.get(link[1])
    assert client.post(link[1] + "/keep", data={"csrf_token": csrf_of(page.text)}).status_code == 303
    status = lawful_basis.privacy_status(container.db, actor=team.alice.actor, person_id=link[0])
    assert [c["scope"] for c in status["consents"]] == ["talent_pool"]
    assert status["consents"][0]["channel"] == "privacy_page"


def test_asking_for_a_link_emails_it_to_an_address_we_hold_and_says_the_same_otherwise(
    client: TestClient, container: Container, team: Team, link: tuple[int, str]
) -> None:
    from talentscout.db.tables import jobs
    from talentscout.services import privacy_request
    from talentscout.transports.smtp import SmtpTransport
    from tests.engage_factory import make_sender
    from tests.send_servers import smtp_sink

    make_sender(container, team.alice.actor.workspace_id, team.alice.user.id)
    form = client.get("/privacy")
    known = client.post("/privacy", data={"csrf_token": csrf_of(form.text), "email": ADA[2].upper()})
    unknown = client.post(
        "/privacy", data={"csrf_token": csrf_of(form.text), "email": "stranger@example.org"}
    )
    assert known.text == unknown.text
    with container.db.read() as conn:
        queued = (
            conn.execute(select(jobs.c.payload).where(jobs.c.kind == privacy_request.JOB)).scalars().all()
        )
    assert len(queued) == 1
    assert ADA[2] not in str(queued)
    with smtp_sink() as (sink, port):
        privacy_request.deliver(
            container.db,
            contact_point_id=queued[0]["contact_point_id"],
            transport=SmtpTransport("127.0.0.1", port),
            public_url="http://testserver",
        )
    [mail] = sink.received
    assert mail["To"] == ADA[2]
    url = next(w for w in mail.get_payload(decode=True).decode().split() if "/privacy/p/" in w)
    assert "Ada Quillfeather" in client.get(url.replace("http://testserver", "")).text
