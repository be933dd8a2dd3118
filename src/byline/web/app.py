"""The FastAPI application of ``byline serve``: HTML pages, a JSON API, static assets.

:func:`create_app` checks the database opens read-only as a byline store and builds the app;
each request opens its own read-only connection (:func:`byline.web.queries.open_readonly`).
Every asset (CSS, the one small script) is served by the app under ``/static``: nothing is
loaded from another origin, and the Content-Security-Policy header says so (``default-src
'self'``, no inline script), so the pages work offline. FastAPI's interactive ``/docs`` (which
loads its script from a CDN) is off; the OpenAPI schema is at ``/api/openapi.json`` and listed
at ``/api``.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from byline import __version__
from byline.web import api, pages, queries

HERE = Path(__file__).resolve().parent
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/")


def create_app(db: str | Path) -> FastAPI:
    """The app serving the corpus store ``db`` read-only.

    Raises ``FileNotFoundError``, ``sqlite3.DatabaseError`` or ``ValueError`` (see
    :func:`~byline.web.queries.open_readonly`) when ``db`` cannot be served.
    """
    queries.open_readonly(db).close()
    app = FastAPI(
        title="byline",
        version=__version__,
        description="Who said what in a byline corpus: search, articles, speakers, source audit.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.db_path = Path(db).resolve()
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals["version"] = __version__
    app.state.templates = templates

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        message = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors()
        )
        if _wants_html(request):
            return pages.error_page(request, 400, message)
        return JSONResponse({"detail": message}, status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_html(request) and not request.url.path.startswith("/static/"):
            return pages.error_page(request, exc.status_code, str(exc.detail))
        return JSONResponse(
            {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
        )

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(SecurityHeaders)
    return app


class SecurityHeaders:
    """ASGI middleware adding :data:`SECURITY_HEADERS` to every HTTP response (plain ASGI, not
    ``BaseHTTPMiddleware``, which costs a task per request)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for key, value in SECURITY_HEADERS.items():
                    headers.setdefault(key, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
