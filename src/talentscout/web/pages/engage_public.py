"""The one-click unsubscribe a message's ``List-Unsubscribe`` header points at (RFC 8058).

POST unsubscribes at once, without a confirmation page and without a session or CSRF token (mail
providers post ``List-Unsubscribe=One-Click`` themselves). GET, what a person's click in a mail client
opens, shows a single confirm button, so a link scanner's GET never unsubscribes anyone.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from talentscout.services import channels_unsubscribe
from talentscout.services.errors import NotFound
from talentscout.web.deps import DbDep
from talentscout.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/u/{token}")
def confirm(request: Request, token: str, db: DbDep) -> Response:
    try:
        channels_unsubscribe.check(db, token)
    except NotFound as error:
        return render(
            request, "sequence_unsubscribe.html", {"state": "invalid", "message": str(error)}, status=404
        )
    return render(request, "sequence_unsubscribe.html", {"state": "confirm", "token": token})


@router.post("/u/{token}")
def unsubscribe(request: Request, token: str, db: DbDep) -> Response:
    try:
        channels_unsubscribe.unsubscribe(db, token)
    except NotFound as error:
        return render(
            request, "sequence_unsubscribe.html", {"state": "invalid", "message": str(error)}, status=404
        )
    return render(request, "sequence_unsubscribe.html", {"state": "done"})
