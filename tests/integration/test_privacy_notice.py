from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from talentscout.bootstrap import Container
from talentscout.services import privacy_links, privacy_notice
from talentscout.services.errors import NotFound
from tests.conftest import Team
from tests.property.support import ADA, import_csv, person_by_email, write_csv


@pytest.fixture
def ada(container: Container, team: Team, tmp_path: Path) -> int:
    import_csv(container, team.alice.actor, write_csv(tmp_path / "pool.csv", [ADA]))
    found = person_by_email(container, team.alice.actor.workspace_id, ADA[2])
    assert found is not None
    return found


def test_the_first_message_gets_a_notice_with_a_signed_link_and_later_ones_do_not(
    container: Container, team: Team, ada: int
) -> None:
    ws, now = team.alice.actor.workspace_id, container.db.clock.now()
    with container.db.begin() as conn:
        text = privacy_notice.first_contact_notice(
            conn,
            workspace_id=ws,
            person_id=ada,
            channel="email",
            now=now,
            base_url="https://ts.example",
            link_days=30,
        )
        again = privacy_notice.first_contact_notice(
            conn,
            workspace_id=ws,
            person_id=ada,
            channel="email",
            now=now,
            base_url="https://ts.example",
            link_days=30,
        )
    assert text is not None
    assert again is None
    assert "https://ts.example/privacy/p/" in text
    assert "erase" in text
    token = text.split("/privacy/p/")[1].split()[0]
    with container.db.read() as conn:
        target = privacy_links.read_token(conn, token, now=now + timedelta(days=29))
        assert (target.workspace_id, target.person_id) == (ws, ada)
        with pytest.raises(NotFound):
            privacy_links.read_token(conn, token, now=now + timedelta(days=31))
        with pytest.raises(NotFound):
            privacy_links.read_token(conn, token[:-2] + "xx", now=now)
        with pytest.raises(NotFound):
            privacy_links.read_token(conn, "99." + token.split(".", 1)[1], now=now)


def test_people_past_the_art14_deadline_are_listed_until_they_get_the_notice(
    container: Container, team: Team, ada: int
) -> None:
    ws, now = team.alice.actor.workspace_id, container.db.clock.now()
    with container.db.read() as conn:
        assert privacy_notice.deadlines(conn, workspace_id=ws, now=now, within_days=7) == []
        late = privacy_notice.deadlines(conn, workspace_id=ws, now=now + timedelta(days=40))
    assert [row["person_id"] for row in late] == [ada]
    assert late[0]["overdue"]
    with container.db.begin() as conn:
        privacy_notice.first_contact_notice(
            conn, workspace_id=ws, person_id=ada, channel="email", now=now, base_url="http://x", link_days=1
        )
    with container.db.read() as conn:
        assert privacy_notice.deadlines(conn, workspace_id=ws, now=now + timedelta(days=40)) == []
