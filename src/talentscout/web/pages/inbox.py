"""Pages: the reply inbox (with class correction) and a person's research view (hooks, drafts)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from talentscout.domain.templating import lint_message
from talentscout.services import inbound_inbox, research
from talentscout.services.drafter import DrafterError, drafter_from
from talentscout.services.drafter_brief import brief_for, draft_for
from talentscout.services.errors import InvalidInput
from talentscout.web.deps import ContainerDep, DbDep, PageActor, verify_csrf
from talentscout.web.templating import render

router = APIRouter(include_in_schema=False)
LABELS = inbound_inbox.LABELS


@router.get("/inbox")
def inbox(request: Request, actor: PageActor, db: DbDep, show: str = "replies", label: str = "") -> Response:
    items = inbound_inbox.list_inbox(db, actor=actor, show=show, label=label or None)
    return render(
        request,
        "inbox.html",
        {
            "items": items,
            "show": show,
            "label": label,
            "labels": LABELS,
            "problems": inbound_inbox.problems(db, actor=actor, limit=20),
            "reminders": inbound_inbox.reminders(db, actor=actor, limit=20),
        },
    )


@router.get("/inbox/{message_id}")
def thread(request: Request, message_id: int, actor: PageActor, db: DbDep) -> Response:
    item, messages = inbound_inbox.get_thread(db, actor=actor, message_row_id=message_id)
    return render(request, "inbox_thread.html", {"item": item, "thread": messages, "labels": LABELS})


@router.post("/inbox/{message_id}/classification", dependencies=[Depends(verify_csrf)])
def correct(
    message_id: int,
    actor: PageActor,
    db: DbDep,
    label: Annotated[str, Form()],
    remind_on: Annotated[str, Form()] = "",
) -> Response:
    try:
        when = date.fromisoformat(remind_on) if remind_on.strip() else None
    except ValueError:
        raise InvalidInput("the reminder date must look like 2027-03-01") from None
    inbound_inbox.correct(db, actor=actor, message_row_id=message_id, label=label, remind_on=when)
    return RedirectResponse(f"/inbox/{message_id}", status_code=303)


@router.get("/people/{person_id}/research")
def research_page(
    request: Request, person_id: int, actor: PageActor, db: DbDep, role_id: str = ""
) -> Response:
    role = int(role_id) if role_id.isdigit() else None
    view = research.research(db, actor=actor, person_id=person_id, role_id=role)
    return render(request, "research.html", {"v": view, "p": view.person, "role_id": role, "draft": None})


@router.post("/people/{person_id}/research/draft", dependencies=[Depends(verify_csrf)])
def draft(
    request: Request,
    person_id: int,
    actor: PageActor,
    c: ContainerDep,
    channel: Annotated[str, Form()] = "email",
    role_id: Annotated[str, Form()] = "",
) -> Response:
    role = int(role_id) if role_id.isdigit() else None
    view = research.research(c.db, actor=actor, person_id=person_id, role_id=role)
    error, result, issues = None, None, []
    try:
        result = draft_for(
            c.db,
            actor=actor,
            drafter=drafter_from(c.settings),
            person_id=person_id,
            role_id=role,
            channel=channel,
        )
        _, ctx = brief_for(c.db, actor=actor, person_id=person_id, role_id=role, channel=channel)
        issues = lint_message(result.subject, _escaped(result.body), channel, ctx)
    except DrafterError as exc:
        error = str(exc)
    context = {
        "v": view,
        "p": view.person,
        "role_id": role,
        "draft": result,
        "issues": issues,
        "error": error,
    }
    return render(request, "research.html", context | {"channel": channel})


def _escaped(text: str) -> str:
    """A finished draft linted as a template: its braces are text, not merge fields."""
    return "{% raw %}" + text.replace("{% endraw %}", "") + "{% endraw %}"
