"""REST API: inbound webhooks (email JSON, SMS form posts), the reply inbox, research, lint and drafts.

The two webhooks authenticate with a signature, not an API token: a provider cannot hold one.
"""

from __future__ import annotations

import json
import time
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from talentscout.domain.hooks import Hook
from talentscout.domain.templating import lint_message, render_message
from talentscout.domain.templating.render import TemplateProblem
from talentscout.services import inbound_inbox, inbound_sms, inbound_webhook, research
from talentscout.services.drafter import DrafterError, drafter_from
from talentscout.services.drafter_brief import brief_for, draft_for
from talentscout.services.errors import InvalidInput
from talentscout.web.deps import ApiActor, ContainerDep, DbDep

router = APIRouter(prefix="/api/v1", tags=["inbound"])
MAX_WEBHOOK_BYTES = 30 * 1024 * 1024


class OutcomeOut(BaseModel):
    outcome: str
    person_id: int | None = None
    message_row_id: int | None = None
    classification: str | None = None
    problem: str | None = None


class InboxItemOut(BaseModel):
    id: int
    person_id: int
    person_name: str
    channel: str
    kind: str
    classification: str | None
    corrected_by: str | None
    subject: str | None
    snippet: str
    from_address: str | None
    received_at: datetime


class ThreadOut(BaseModel):
    message: InboxItemOut
    thread: list[dict[str, Any]]


class CorrectionIn(BaseModel):
    label: str = Field(description="interested, not_now, not_interested, unsubscribe, unclear or auto_reply")
    remind_on: date | None = Field(default=None, description="for not_now: when to get back in touch")


class LintIn(BaseModel):
    subject: str | None = Field(default=None, max_length=2000)
    body: str = Field(max_length=20_000)
    channel: str = "email"
    person_id: int
    role_id: int | None = None


class DraftIn(BaseModel):
    channel: str = "email"
    role_id: int | None = None


@router.post("/inbound/email", response_model=OutcomeOut)
async def inbound_email(
    request: Request,
    c: ContainerDep,
    x_talentscout_timestamp: Annotated[str, Header()] = "",
    x_talentscout_signature: Annotated[str, Header()] = "",
    workspace: str | None = None,
) -> OutcomeOut:
    """Provider-style JSON email (signed with TALENTSCOUT_INBOUND_WEBHOOK_SECRET; see the docs)."""
    body = await request.body()
    if len(body) > MAX_WEBHOOK_BYTES:
        raise InvalidInput("the payload is too large")
    inbound_webhook.verify(
        c.settings.inbound_webhook_secret,
        timestamp=x_talentscout_timestamp,
        signature=x_talentscout_signature,
        body=body,
        now=time.time(),
    )
    try:
        payload = json.loads(body)
    except ValueError:
        raise InvalidInput("the body is not JSON") from None
    if not isinstance(payload, dict):
        raise InvalidInput("the body must be a JSON object")
    outcome = inbound_webhook.receive(c.db, payload=payload, workspace_slug=workspace)
    return OutcomeOut(**outcome.__dict__)


@router.post("/inbound/sms")
async def inbound_sms_reply(
    request: Request, c: ContainerDep, x_twilio_signature: Annotated[str, Header()] = ""
) -> Response:
    """A Twilio-style SMS webhook (form post, X-Twilio-Signature); answers with empty TwiML."""
    form = await request.form()
    params = {k: str(v) for k, v in form.items()}
    url = (
        c.settings.public_url.rstrip("/")
        + request.url.path
        + (f"?{request.url.query}" if request.url.query else "")
    )
    inbound_sms.verify(c.settings.sms_auth_token, url=url, params=params, signature=x_twilio_signature)
    inbound_sms.receive(c.db, params=params, workspace_slug=request.query_params.get("workspace"))
    return Response('<?xml version="1.0" encoding="UTF-8"?><Response></Response>', media_type="text/xml")


@router.get("/inbox", response_model=list[InboxItemOut])
def inbox(
    actor: ApiActor,
    db: DbDep,
    show: str = "replies",
    label: str | None = None,
    limit: int = Query(100, ge=1, le=500),
) -> list[InboxItemOut]:
    items = inbound_inbox.list_inbox(db, actor=actor, show=show, label=label, limit=limit)
    return [InboxItemOut(**i.__dict__) for i in items]


@router.get("/inbox/{message_id}", response_model=ThreadOut)
def inbox_thread(message_id: int, actor: ApiActor, db: DbDep) -> ThreadOut:
    item, thread = inbound_inbox.get_thread(db, actor=actor, message_row_id=message_id)
    return ThreadOut(message=InboxItemOut(**item.__dict__), thread=thread)


@router.post("/inbox/{message_id}/classification", response_model=InboxItemOut)
def correct_class(message_id: int, body: CorrectionIn, actor: ApiActor, db: DbDep) -> InboxItemOut:
    item = inbound_inbox.correct(
        db, actor=actor, message_row_id=message_id, label=body.label, remind_on=body.remind_on
    )
    return InboxItemOut(**item.__dict__)


@router.get("/people/{person_id}/research")
def person_research(person_id: int, actor: ApiActor, db: DbDep, role_id: int | None = None) -> dict[str, Any]:
    view = research.research(db, actor=actor, person_id=person_id, role_id=role_id)
    return {
        "person_id": person_id,
        "career": view.career,
        "achievements": [_hook(h) for h in view.achievements],
        "hooks": [_hook(h) for h in view.hooks],
        "presence": view.presence,
        "matching_skills": view.matching,
        "missing_skills": view.missing,
        "why_you": view.why_you,
    }


@router.post("/templates/lint")
def lint(body: LintIn, actor: ApiActor, db: DbDep) -> dict[str, Any]:
    """Render a template for one person and report its issues; ``blocked`` is true when it must not go."""
    _, ctx = brief_for(db, actor=actor, person_id=body.person_id, role_id=body.role_id, channel="email")
    issues = lint_message(body.subject, body.body, body.channel, ctx)
    preview: dict[str, Any] | None = None
    try:
        rendered = render_message(body.subject if body.channel == "email" else None, body.body, ctx)
        preview = {
            "subject": rendered.subject,
            "text": rendered.text,
            "hooks_used": list(rendered.hooks_used),
        }
    except TemplateProblem:
        preview = None
    return {
        "blocked": any(i.severity == "block" for i in issues),
        "issues": [i.__dict__ | {"severity": str(i.severity)} for i in issues],
        "preview": preview,
    }


@router.post("/people/{person_id}/draft")
def draft(person_id: int, body: DraftIn, actor: ApiActor, c: ContainerDep) -> dict[str, Any]:
    try:
        result = draft_for(
            c.db,
            actor=actor,
            drafter=drafter_from(c.settings),
            person_id=person_id,
            role_id=body.role_id,
            channel=body.channel,
        )
    except DrafterError as exc:
        raise InvalidInput(str(exc)) from None
    return {
        "subject": result.subject,
        "body": result.body,
        "drafter": result.drafter,
        "facts_used": [f.__dict__ for f in result.facts_used],
    }


def _hook(h: Hook) -> dict[str, Any]:
    return {
        "kind": h.kind,
        "text": h.text,
        "source_field": h.source_field,
        "source_record": h.source_record,
        "source": h.source_label,
        "detail": h.detail,
    }
