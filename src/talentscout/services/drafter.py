"""Drafts of a first message, written from facts we hold — and saying which facts they used.

``Drafter`` is the port. The default, ``FactDrafter``, is deterministic: the strongest hook, the "why you"
reasons and the role, in a short message sized for the channel. ``OpenAICompatibleDrafter`` asks any
OpenAI-compatible chat-completions endpoint the user configures (``TALENTSCOUT_DRAFTER_URL``); it is
given numbered facts only, must answer with the numbers it used, and a draft citing none (or a number
it was not given) is refused. No endpoint is ever called unless configured.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Protocol

from talentscout.domain.templating.lint import channel_kind
from talentscout.settings import Settings


class DrafterError(Exception):
    """The drafter could not produce a usable draft; the message says why."""


@dataclass(frozen=True)
class Fact:
    key: str
    text: str
    source: str


@dataclass(frozen=True)
class DraftBrief:
    channel: str
    first_name: str
    facts: list[Fact]
    role_title: str | None = None
    sender_name: str | None = None
    signature: str | None = None


@dataclass(frozen=True)
class Draft:
    subject: str | None
    body: str
    facts_used: list[Fact]
    drafter: str
    notes: list[str] = field(default_factory=list)


class Drafter(Protocol):
    name: str

    def draft(self, brief: DraftBrief) -> Draft: ...


class FactDrafter:
    """Deterministic: same facts in, same draft out."""

    name = "built-in"

    def draft(self, brief: DraftBrief) -> Draft:
        short = channel_kind(brief.channel) in ("sms", "linkedin", "linkedin_connect")
        hook = next((f for f in brief.facts if f.key.startswith("hook:")), None)
        why = next((f for f in brief.facts if f.key.startswith("why_you")), None)
        role = next((f for f in brief.facts if f.key.startswith("role")), None)
        used = [f for f in (hook, why, role) if f is not None]
        lines = [f"Hi {brief.first_name},", ""]
        opener = f"{hook.text}." if hook else ""
        pitch = (
            f"I'm hiring for a {brief.role_title} role"
            + (f" — {role.text}" if role and not short else "")
            + "."
            if brief.role_title
            else "I'd like to tell you about a role on my team."
        )
        reason = f" I thought of you because of {why.text}." if why else ""
        lines.append(" ".join(p for p in (opener, pitch + reason) if p))
        lines += ["", "Would you be open to a short call?" if not short else "Open to a quick chat?"]
        if not short:
            lines += ["", brief.signature or brief.sender_name or ""]
        body = "\n".join(lines).strip()
        subject = (
            None if short else (f"{brief.role_title} — {brief.first_name}" if brief.role_title else "Hello")
        )
        return Draft(subject, body, used, self.name)


class OpenAICompatibleDrafter:
    """Any OpenAI-compatible ``/chat/completions`` endpoint (a hosted API or a local server)."""

    name = "openai-compatible"

    def __init__(self, url: str, model: str, api_key: str | None, timeout: float = 30.0) -> None:
        self.url = url.rstrip("/") + (
            "" if url.rstrip("/").endswith("/chat/completions") else "/chat/completions"
        )
        self.model, self.api_key, self.timeout = model, api_key, timeout

    def draft(self, brief: DraftBrief) -> Draft:
        numbered = "\n".join(
            f"{n}. {f.text} (source: {f.source})" for n, f in enumerate(brief.facts, start=1)
        )
        limit = "200-400 characters" if channel_kind(brief.channel) != "email" else "under 120 words"
        prompt = (
            f"Write a first outreach message to {brief.first_name} by {brief.channel}, {limit}, friendly and "
            f"specific. Use ONLY these facts, and no others:\n{numbered}\n"
            'Answer with JSON: {"subject": string or null, "body": string, "facts_used": [fact numbers]}.'
        )
        reply = self._complete(prompt)
        return _checked(reply, brief, self.name)

    def _complete(self, prompt: str) -> dict[str, Any]:
        payload = {
            "model": self.model,
            "messages": [
                {
                    "role": "system",
                    "content": "You write short, honest recruiting messages. Never invent facts.",
                },
                {"role": "user", "content": prompt},
            ],
            "response_format": {"type": "json_object"},
            "temperature": 0.3,
        }
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(self.url, json.dumps(payload).encode(), headers, method="POST")  # noqa: S310
        try:
            # bandit B310 is accepted: the URL is the operator's drafter_url setting, not user input
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310  # nosec B310
                body = json.loads(response.read().decode())
            content = body["choices"][0]["message"]["content"]
            parsed = json.loads(content)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise DrafterError(f"the drafter at {self.url} did not answer: {exc}") from None
        except (KeyError, IndexError, TypeError, ValueError):
            raise DrafterError("the drafter's answer was not the JSON asked for") from None
        if not isinstance(parsed, dict):
            raise DrafterError("the drafter's answer was not a JSON object")
        return parsed


def _checked(reply: dict[str, Any], brief: DraftBrief, name: str) -> Draft:
    body = reply.get("body")
    if not isinstance(body, str) or not body.strip():
        raise DrafterError("the drafter returned an empty message")
    numbers = reply.get("facts_used")
    if not isinstance(numbers, list) or not numbers:
        raise DrafterError("the draft does not say which facts it used; refused")
    used: list[Fact] = []
    for n in numbers:
        if not isinstance(n, int) or not 1 <= n <= len(brief.facts):
            raise DrafterError(f"the draft cites fact {n!r}, which it was not given; refused")
        used.append(brief.facts[n - 1])
    subject = reply.get("subject") if isinstance(reply.get("subject"), str) else None
    return Draft(subject, body.strip(), used, name)


def drafter_from(settings: Settings) -> Drafter:
    if settings.drafter_url:
        return OpenAICompatibleDrafter(
            settings.drafter_url,
            settings.drafter_model,
            settings.drafter_api_key,
            settings.drafter_timeout_seconds,
        )
    return FactDrafter()
