"""Drafts cite the facts they used: the built-in drafter always, an OpenAI-compatible endpoint or it is
refused. The endpoint here is a local stub speaking that API on loopback — no real model is called."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any, ClassVar

import pytest

from talentscout.bootstrap import Container
from talentscout.db.tables import notes
from talentscout.services.drafter import DrafterError, FactDrafter, OpenAICompatibleDrafter, drafter_from
from talentscout.services.drafter_brief import draft_for
from tests.conftest import Team
from tests.engage_factory import make_person


class _Stub(BaseHTTPRequestHandler):
    answer: ClassVar[dict[str, Any]] = {}
    seen: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Stub.seen.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
        reply = {"choices": [{"message": {"role": "assistant", "content": json.dumps(_Stub.answer)}}]}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        return None


@pytest.fixture
def endpoint() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Stub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Stub.seen = []
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


@pytest.fixture
def ada(container: Container, team: Team) -> int:
    ws = team.alice.actor.workspace_id
    person = make_person(container, ws, "Ada Lovelace")
    with container.db.begin() as conn:
        conn.execute(
            notes.insert().values(
                workspace_id=ws,
                person_id=person,
                body="She presented her compiler project at FOSDEM.",
                created_at=container.db.clock.now(),
            )
        )
    return person


def test_the_built_in_drafter_is_deterministic_and_cites_its_facts(
    container: Container, team: Team, ada: int
) -> None:
    assert isinstance(drafter_from(container.settings), FactDrafter)
    one = draft_for(
        container.db,
        actor=team.alice.actor,
        drafter=FactDrafter(),
        person_id=ada,
        role_id=None,
        channel="email",
    )
    two = draft_for(
        container.db,
        actor=team.alice.actor,
        drafter=FactDrafter(),
        person_id=ada,
        role_id=None,
        channel="email",
    )
    assert one == two
    assert "FOSDEM" in one.body
    assert [f.key for f in one.facts_used] == ["hook:project_or_talk"]
    assert "notes.body" in one.facts_used[0].source


def test_an_endpoint_draft_keeps_the_facts_it_cites(
    container: Container, team: Team, ada: int, endpoint: str
) -> None:
    _Stub.answer = {
        "subject": "Your FOSDEM talk",
        "body": "Hi Ada, loved the compiler talk.",
        "facts_used": [1],
    }
    drafter = OpenAICompatibleDrafter(endpoint, "local-model", "sk-test")
    draft = draft_for(
        container.db, actor=team.alice.actor, drafter=drafter, person_id=ada, role_id=None, channel="sms"
    )
    assert draft.body == "Hi Ada, loved the compiler talk."
    assert [f.key for f in draft.facts_used] == ["hook:project_or_talk"]
    request = _Stub.seen[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["auth"] == "Bearer sk-test"
    assert "FOSDEM" in request["body"]["messages"][1]["content"]


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ({"subject": None, "body": "Hi Ada!", "facts_used": []}, "does not say which facts"),
        ({"subject": None, "body": "Hi Ada!", "facts_used": [7]}, "was not given"),
        ({"subject": None, "body": "", "facts_used": [1]}, "empty"),
    ],
)
def test_an_endpoint_draft_without_valid_citations_is_refused(
    container: Container, team: Team, ada: int, endpoint: str, answer: dict[str, Any], reason: str
) -> None:
    _Stub.answer = answer
    drafter = OpenAICompatibleDrafter(endpoint, "local-model", None)
    with pytest.raises(DrafterError, match=reason):
        draft_for(
            container.db,
            actor=team.alice.actor,
            drafter=drafter,
            person_id=ada,
            role_id=None,
            channel="email",
        )
