from __future__ import annotations

from pathlib import Path

import pytest

from talentscout.bootstrap import Container
from talentscout.services import consent
from talentscout.services.errors import InvalidInput, PermissionDenied
from tests.conftest import Team
from tests.property.support import ADA, import_csv, person_by_email, write_csv


@pytest.fixture
def ada(container: Container, team: Team, tmp_path: Path) -> int:
    import_csv(container, team.alice.actor, write_csv(tmp_path / "pool.csv", [ADA]))
    found = person_by_email(container, team.alice.actor.workspace_id, ADA[2])
    assert found is not None
    return found


def _may_text(container: Container, team: Team, person_id: int) -> bool:
    with container.db.read() as conn:
        return consent.may_send_sms(conn, workspace_id=team.alice.actor.workspace_id, person_id=person_id)


def test_no_sms_without_recorded_consent_and_none_after_withdrawal(
    container: Container, team: Team, ada: int
) -> None:
    assert not _may_text(container, team, ada)
    consent.record_consent(
        container.db,
        actor=team.alice.actor,
        person_id=ada,
        scope="sms_marketing",
        channel="web",
        text_shown="Yes, text me about roles. Reply STOP to opt out.",
        proof="form submission 42",
    )
    assert _may_text(container, team, ada)
    assert consent.withdraw_consent(
        container.db, actor=team.alice.actor, person_id=ada, scope="sms_marketing"
    )
    assert not _may_text(container, team, ada)


def test_consent_for_email_does_not_allow_texts(container: Container, team: Team, ada: int) -> None:
    consent.record_consent(
        container.db,
        actor=team.alice.actor,
        person_id=ada,
        scope="email_outreach",
        channel="email",
        text_shown="You may email me",
        proof="message <abc@x>",
    )
    assert not _may_text(container, team, ada)


def test_consent_needs_text_and_proof_and_a_privacy_manager(
    container: Container, team: Team, ada: int
) -> None:
    with pytest.raises(InvalidInput, match="text"):
        consent.record_consent(
            container.db,
            actor=team.alice.actor,
            person_id=ada,
            scope="sms_marketing",
            channel="web",
            text_shown=" ",
            proof="p",
        )
    with pytest.raises(PermissionDenied):
        consent.record_consent(
            container.db,
            actor=team.hana.actor,
            person_id=ada,
            scope="sms_marketing",
            channel="web",
            text_shown="t",
            proof="p",
        )


def test_another_workspace_cannot_record_consent_for_our_people(
    container: Container, team: Team, ada: int
) -> None:
    from talentscout.services.errors import NotFound

    with pytest.raises(NotFound):
        consent.record_consent(
            container.db,
            actor=team.charlie.actor,
            person_id=ada,
            scope="sms_marketing",
            channel="web",
            text_shown="t",
            proof="p",
        )
