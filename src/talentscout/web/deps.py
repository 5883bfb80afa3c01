"""Request dependencies: the container, the signed-in user (session or API token), CSRF checks."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Form, HTTPException, Request

from talentscout.bootstrap import Container
from talentscout.domain.permissions import Actor
from talentscout.services import accounts
from talentscout.services.unit_of_work import Database


class SignInRequired(Exception):
    """No valid session (pages redirect to sign-in) or token (the API answers 401)."""


def container(request: Request) -> Container:
    c: Container = request.app.state.container
    return c


def database(c: Annotated[Container, Depends(container)]) -> Database:
    return c.db


def page_actor(request: Request, db: Annotated[Database, Depends(database)]) -> Actor:
    user_id = request.session.get("user_id")
    user = accounts.get_user(db, int(user_id)) if user_id is not None else None
    if user is None:
        request.session.clear()
        raise SignInRequired
    return user.actor()


def api_actor(request: Request, db: Annotated[Database, Depends(database)]) -> Actor:
    """An API token (``Authorization: Bearer ts_…``). Cookies are not accepted, so no CSRF risk on the API."""
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        raise SignInRequired
    user = accounts.user_for_token(db, header[7:].strip())
    if user is None:
        raise SignInRequired
    return user.actor()


def verify_csrf(request: Request, csrf_token: Annotated[str, Form()] = "") -> None:
    expected = str(request.session.get("csrf") or "")
    if not expected or not hmac.compare_digest(expected, csrf_token):
        raise HTTPException(
            status_code=403, detail="the form expired or came from another site; reload and retry"
        )


DbDep = Annotated[Database, Depends(database)]
ContainerDep = Annotated[Container, Depends(container)]
PageActor = Annotated[Actor, Depends(page_actor)]
ApiActor = Annotated[Actor, Depends(api_actor)]
Csrf = Depends(verify_csrf)
