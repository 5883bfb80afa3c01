"""Real servers on loopback for send tests: an aiosmtpd sink and a Twilio-compatible SMS API."""

from __future__ import annotations

import base64
import json
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from aiosmtpd.controller import Controller


@dataclass
class SmtpSink:
    refuse: set[str] = field(default_factory=set)  # recipients answered with 550
    received: list[Message] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        if address.lower() in self.refuse:
            return "550 5.1.1 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(message_from_bytes(envelope.original_content or envelope.content))
        return "250 2.0.0 queued as " + uuid.uuid4().hex[:10]


@contextmanager
def smtp_sink(sink: SmtpSink | None = None) -> Iterator[tuple[SmtpSink, int]]:
    sink = sink or SmtpSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class SmsApi:
    sid: str = "AC123"
    token: str = "secret"
    messages: list[dict[str, str]] = field(default_factory=list)
    invalid: set[str] = field(default_factory=set)


@contextmanager
def sms_api(api: SmsApi | None = None) -> Iterator[tuple[SmsApi, str]]:
    api = api or SmsApi()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            expected = "Basic " + base64.b64encode(f"{api.sid}:{api.token}".encode()).decode()
            if self.headers.get("Authorization") != expected:
                return self._reply(401, {"code": 20003, "message": "Authenticate"})
            if self.path != f"/2010-04-01/Accounts/{api.sid}/Messages.json":
                return self._reply(404, {"code": 20404, "message": "not found"})
            form = {
                k: v[0]
                for k, v in parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode()).items()
            }
            if form.get("To") in api.invalid:
                return self._reply(
                    400, {"code": 21211, "message": "The 'To' number is not a valid phone number."}
                )
            form["idempotency"] = self.headers.get("I-Twilio-Idempotency-Token", "")
            api.messages.append(form)
            self._reply(201, {"sid": "SM" + uuid.uuid4().hex, "status": "queued", "to": form.get("To")})

        def _reply(self, code: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield api, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
