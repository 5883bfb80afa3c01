"""The web application: HTML pages and the JSON REST API, both over the same services."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError
from starlette.middleware.sessions import SessionMiddleware

from talentscout import __version__
from talentscout.bootstrap import Container
from talentscout.services.errors import InvalidInput, NotFound, PermissionDenied, ServiceError
from talentscout.settings import Environment
from talentscout.web import templating
from talentscout.web.api import engage as api_engage
from talentscout.web.api import find as api_find
from talentscout.web.api import identity as api_identity
from talentscout.web.api import imports as api_imports
from talentscout.web.api import inbound as api_inbound
from talentscout.web.api import people as api_people
from talentscout.web.api import ranking as api_ranking
from talentscout.web.api import respect as api_respect
from talentscout.web.deps import SignInRequired
from talentscout.web.pages import auth as page_auth
from talentscout.web.pages import engage as page_engage
from talentscout.web.pages import find as page_find
from talentscout.web.pages import identity as page_identity
from talentscout.web.pages import imports as page_imports
from talentscout.web.pages import inbox as page_inbox
from talentscout.web.pages import pool as page_pool
from talentscout.web.pages import privacy_public as page_privacy_public
from talentscout.web.pages import ranking as page_ranking
from talentscout.web.pages import respect as page_respect

STATIC = Path(__file__).parent / "static"
_STATUS = {NotFound: 404, PermissionDenied: 403, InvalidInput: 400}
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; frame-ancestors 'none'; form-action 'self'",
}


def create_app(container: Container) -> FastAPI:
    app = FastAPI(
        title="TalentScout",
        version=__version__,
        docs_url="/api/docs",
        openapi_url="/api/openapi.json",
        redoc_url=None,
    )
    app.state.container = container
    app.add_middleware(
        SessionMiddleware,
        secret_key=container.settings.secret_key,
        session_cookie="talentscout_session",
        same_site="lax",
        https_only=container.settings.secure_cookies,
        max_age=14 * 24 * 3600,
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    routers = (api_people, api_imports, api_identity, api_find, api_engage, api_respect, api_inbound)
    pages = (
        page_auth,
        page_pool,
        page_imports,
        page_identity,
        page_find,
        page_engage,
        page_respect,
        page_inbox,
    )
    for module in (*routers, *pages, page_privacy_public, api_ranking, page_ranking):
        app.include_router(module.router)
    _errors(app)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if container.settings.secure_cookies:  # served over HTTPS: browsers must never fall back to HTTP
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if request.url.path.startswith("/api/docs"):
            del response.headers["Content-Security-Policy"]
        return response

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    app.state.debug_errors = container.settings.environment is not Environment.PRODUCTION
    return app


def _errors(app: FastAPI) -> None:
    @app.exception_handler(SignInRequired)
    async def sign_in(request: Request, exc: SignInRequired) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "authentication required"}, status_code=401)
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(ServiceError)
    async def service_error(request: Request, exc: ServiceError) -> Response:
        status = next((code for cls, code in _STATUS.items() if isinstance(exc, cls)), 409)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(exc)}, status_code=status)
        return templating.render(
            request, "error.html", {"status": status, "message": str(exc)}, status=status
        )

    @app.exception_handler(OverflowError)
    @app.exception_handler(DataError)
    async def out_of_range(request: Request, exc: Exception) -> Response:
        """An id or number no row can have (``/people/10**30``): nothing is there, so 404, not 500."""
        message = "not found (a number in the request is out of range)"
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": message}, status_code=404)
        return templating.render(request, "error.html", {"status": 404, "message": message}, status=404)
