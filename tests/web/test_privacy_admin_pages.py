from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import Team
from tests.web.conftest import csrf_of, sign_in


def test_an_admin_sees_the_overview_the_audit_log_and_a_person_record(
    client: TestClient, team: Team, acme_pool: dict[str, int]
) -> None:
    sign_in(client, team.admin.user.email)
    ada = acme_pool["Ada Lovelace"]
    assert client.get(f"/people/{ada}").status_code == 200  # a view, for the audit log
    overview = client.get("/privacy-admin")
    assert overview.status_code == 200
    assert "Privacy notices due" in overview.text
    audit = client.get("/privacy-admin/audit?action=view")
    assert "view" in audit.text
    assert f"person {ada}" in audit.text
    record = client.get(f"/privacy-admin/people/{ada}")
    assert "uk_gdpr" in record.text  # Ada is in London


def test_a_recruiter_records_a_balancing_note_and_an_sms_consent(
    client: TestClient, team: Team, acme_pool: dict[str, int]
) -> None:
    sign_in(client, team.alice.user.email)
    ada = acme_pool["Ada Lovelace"]
    page = client.get(f"/privacy-admin/people/{ada}")
    csrf = csrf_of(page.text)
    note = "Public profile, role matches her experience, she can object at any time."
    basis = {"csrf_token": csrf, "purpose": "sourcing", "basis": "legitimate_interest", "note": note}
    assert client.post(f"/privacy-admin/people/{ada}/basis", data=basis).status_code == 303
    consent = {
        "csrf_token": csrf,
        "scope": "sms_marketing",
        "channel": "web",
        "text_shown": "Text me",
        "proof": "form 9",
    }
    assert client.post(f"/privacy-admin/people/{ada}/consent", data=consent).status_code == 303
    record = client.get(f"/privacy-admin/people/{ada}").text
    assert "legitimate_interest" in record
    assert "sms_marketing by web" in record
    assert "Erase this person" not in record  # recruiters may not erase
    too_short = {**basis, "note": "ok"}
    response = client.post(f"/privacy-admin/people/{ada}/basis", data=too_short)
    assert "balancing note" in client.get(response.headers["location"]).text


def test_a_recruiter_cannot_read_the_audit_log_and_a_manager_cannot_manage_privacy(
    client: TestClient, team: Team
) -> None:
    sign_in(client, team.alice.user.email)
    assert client.get("/privacy-admin/audit").status_code == 403
    client.post("/logout", data={"csrf_token": csrf_of(client.get("/privacy-admin").text)})
    sign_in(client, team.hana.user.email)
    assert client.get("/privacy-admin").status_code == 403


def test_an_admin_erases_after_typing_erase(
    client: TestClient, team: Team, acme_pool: dict[str, int]
) -> None:
    sign_in(client, team.admin.user.email)
    ada = acme_pool["Ada Lovelace"]
    csrf = csrf_of(client.get(f"/privacy-admin/people/{ada}").text)
    refused = client.post(f"/privacy-admin/people/{ada}/erase", data={"csrf_token": csrf, "confirm": "yes"})
    assert "Type erase" in client.get(refused.headers["location"]).text
    done = client.post(f"/privacy-admin/people/{ada}/erase", data={"csrf_token": csrf, "confirm": "erase"})
    assert "The person was erased" in client.get(done.headers["location"]).text
    assert client.get(f"/people/{ada}").status_code == 404
