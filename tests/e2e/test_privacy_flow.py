"""Import a person from a CSV → the first email carries the privacy notice → the person opens their page
in a real browser, downloads their data and erases it → a raw scan of the database finds no identifier →
re-importing the CSV is blocked and reported as suppressed → a step scheduled for them never sends."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from talentscout.bootstrap import Container
from talentscout.db.tables_engage import outbox
from talentscout.services import sequences_enrol as enrol
from talentscout.services.outbox_send import Transports
from talentscout.transports.smtp import SmtpTransport
from talentscout.worker.runner import Worker
from talentscout.worker.sending import Sender
from tests.conftest import Team
from tests.engage_factory import MovableClock, make_person, make_sender, three_step_sequence
from tests.property.scan import hits, needles
from tests.property.support import ADA, import_csv, person_by_email, write_csv
from tests.send_servers import smtp_sink

pytestmark = pytest.mark.e2e
IDENTIFIERS = needles(
    "Ada Quillfeather", "Quillfeather", ADA[2], ADA[3], "+442079460123", "linkedin.com/in/ada-quillfeather"
)


def _body(mail: Any) -> str:
    return next(
        p.get_payload(decode=True).decode() for p in mail.walk() if p.get_content_type() == "text/plain"
    )


def test_import_notice_privacy_page_download_erase_scan_reimport_blocked_and_no_send(
    live_server: str, browser: Any, container: Container, team: Team, tmp_path: Path
) -> None:
    clock = MovableClock()
    container.db.clock = clock
    container.settings.public_url = live_server
    ws, alice = team.alice.actor.workspace_id, team.alice.actor
    csv = write_csv(tmp_path / "candidates.csv", [ADA])
    assert import_csv(container, alice, csv).created == 1
    ada = person_by_email(container, ws, ADA[2])
    assert ada
    sequence = three_step_sequence(container, alice, make_sender(container, ws, team.alice.user.id))
    assert enrol.enrol(container.db, actor=alice, sequence_id=sequence, person_ids=[ada]).enrolled == [ada]

    with smtp_sink() as (sink, port):
        worker = Worker(
            container, sender=Sender(container, "e2e", Transports(email=SmtpTransport("127.0.0.1", port)))
        )
        worker.run_once()
        [first] = sink.received
        text = _body(first)
        assert first["To"] == ADA[2]
        assert "Privacy:" in text
        assert "erase" in text
        link = next(word for word in text.split() if word.startswith(f"{live_server}/privacy/p/"))

        page = browser.new_page()
        page.goto(link)
        assert "Ada Quillfeather" in page.inner_text("h1")
        assert "Spreadsheet" in page.inner_text("#sources")
        with page.expect_download() as download:
            page.click("#download")
        data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        assert data["person"]["display_name"] == "Ada Quillfeather"
        assert any(m["to_address"] == ADA[2] for m in data["messages"])
        page.click("#erase")
        page.click("#confirm-erase")
        assert "deleted everything" in page.inner_text("#erased")
        page.close()

        worker.run_once()  # the queued compaction job makes the erasure physical
        assert hits(container.db.engine, IDENTIFIERS) == []

        again = import_csv(container, alice, csv)
        assert (again.created, again.suppressed) == (0, 1)
        assert [i.field for i in again.issues] == ["suppressed"]
        assert person_by_email(container, ws, ADA[2]) is None

        # the same address comes back by a path that skips the importer and is enrolled: never sent
        back_door = make_person(container, ws, "A. Q.", contacts=[("email", ADA[2], "personal")])
        enrol.enrol(container.db, actor=alice, sequence_id=sequence, person_ids=[back_door])
        for _ in range(8):
            clock.advance(days=1)
            worker.run_once()
        assert len(sink.received) == 1
    with container.db.read() as conn:
        statuses = (
            conn.execute(select(outbox.c.status).where(outbox.c.person_id == back_door)).scalars().all()
        )
    assert "sent" not in statuses
