"""Sign in and sign out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from talentscout.services import accounts
from talentscout.web.deps import DbDep, verify_csrf
from talentscout.web.ratelimit import limited
from talentscout.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/login")
def login_form(request: Request, next: str = "/people") -> Response:
    return render(request, "login.html", {"next": _safe_next(next), "error": None})


@router.post("/login", dependencies=[Depends(limited("login")), Depends(verify_csrf)])
def login(
    request: Request,
    db: DbDep,
    email: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/people",
) -> Response:
    user = accounts.authenticate(db, email=email, password=password)
    if user is None:
        context = {"next": _safe_next(next), "error": "Wrong email or password.", "email": email}
        return render(request, "login.html", context, status=401)
    request.session.clear()
    request.session.update(user_id=user.id, user_name=user.name)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", dependencies=[Depends(verify_csrf)])
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/")
def home() -> Response:
    return RedirectResponse("/people", status_code=303)


def _safe_next(target: str) -> str:
    """Only local paths: never redirect a signed-in user to another site."""
    return target if target.startswith("/") and not target.startswith("//") else "/people"
