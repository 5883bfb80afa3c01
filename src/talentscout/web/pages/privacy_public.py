"""The person's own privacy page: no account, a signed expiring link, rate-limited, CSRF on every form."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from talentscout.services import privacy_request, privacy_subject
from talentscout.web.deps import DbDep, verify_csrf
from talentscout.web.ratelimit import limited
from talentscout.web.templating import render

router = APIRouter(include_in_schema=False)
READ = [Depends(limited("privacy"))]
WRITE = [Depends(limited("privacy")), Depends(limited("privacy_write")), Depends(verify_csrf)]
_NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


@router.get("/privacy", dependencies=READ)
def ask(request: Request) -> Response:
    return render(request, "privacy_request.html", {"sent": False})


@router.post("/privacy", dependencies=WRITE)
def ask_for_link(request: Request, db: DbDep, email: Annotated[str, Form(max_length=320)] = "") -> Response:
    privacy_request.request_link(db, address=email)
    return render(request, "privacy_request.html", {"sent": True})  # the same answer either way


@router.get("/privacy/p/{token}", dependencies=READ)
def page(request: Request, db: DbDep, token: str, done: str = "") -> Response:
    seen = privacy_subject.view(db, token=token)
    context = {
        "token": token,
        "data": seen.data,
        "person": seen.data["person"],
        "sources": seen.data["sources"],
        "suppressed": seen.suppressed,
        "correctable": privacy_subject.CORRECTABLE,
        "done": done,
        "keep_text": privacy_subject.KEEP_TEXT,
    }
    response = render(request, "privacy_page.html", context)
    response.headers.update(_NO_STORE)
    return response


@router.get("/privacy/p/{token}/download", dependencies=READ)
def download(db: DbDep, token: str) -> Response:
    body = privacy_subject.download(db, token=token)
    headers = {**_NO_STORE, "Content-Disposition": 'attachment; filename="my-data.json"'}
    return Response(body, media_type="application/json", headers=headers)


@router.post("/privacy/p/{token}/correct", dependencies=WRITE)
def correct(
    db: DbDep,
    token: str,
    display_name: Annotated[str, Form()] = "",
    headline: Annotated[str, Form()] = "",
    current_title: Annotated[str, Form()] = "",
    current_employer: Annotated[str, Form()] = "",
    location_text: Annotated[str, Form()] = "",
) -> Response:
    changes = {
        "display_name": display_name,
        "headline": headline,
        "current_title": current_title,
        "current_employer": current_employer,
        "location_text": location_text,
    }
    privacy_subject.correct(db, token=token, changes=changes)
    return RedirectResponse(f"/privacy/p/{token}?done=corrected", status_code=303)


@router.post("/privacy/p/{token}/object", dependencies=WRITE)
def object_to_contact(db: DbDep, token: str) -> Response:
    privacy_subject.object_to_contact(db, token=token)
    return RedirectResponse(f"/privacy/p/{token}?done=objected", status_code=303)


@router.post("/privacy/p/{token}/keep", dependencies=WRITE)
def keep(db: DbDep, token: str) -> Response:
    privacy_subject.keep_profile(db, token=token)
    return RedirectResponse(f"/privacy/p/{token}?done=kept", status_code=303)


@router.post("/privacy/p/{token}/erase", dependencies=WRITE)
def ask_erasure(request: Request, db: DbDep, token: str) -> Response:
    confirmation = privacy_subject.request_erasure(db, token=token)
    response = render(request, "privacy_erase.html", {"token": token, "confirmation": confirmation})
    response.headers.update(_NO_STORE)
    return response


@router.post("/privacy/p/{token}/erase/confirm", dependencies=WRITE)
def confirm_erasure(
    request: Request, db: DbDep, token: str, confirmation: Annotated[str, Form()] = ""
) -> Response:
    privacy_subject.confirm_erasure(db, token=token, confirmation=confirmation)
    response = render(request, "privacy_erased.html", {})
    response.headers.update(_NO_STORE)
    return response
