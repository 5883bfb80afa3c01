"""Jinja2 templates (autoescaped) and the helpers every page uses."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return str(token)


def _when(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.strftime("%b %Y")
    return "" if value is None else str(value)


templates.env.filters["when"] = _when


def render(request: Request, name: str, context: dict[str, Any], *, status: int = 200) -> HTMLResponse:
    context = {"user_name": request.session.get("user_name"), "csrf": csrf_token(request), **context}
    return templates.TemplateResponse(request, name, context, status_code=status)
