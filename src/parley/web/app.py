"""The FastAPI application: ``create_app(store_url, token=None, read_token=None)``.

Security is applied here, for every route at once:

- a Content-Security-Policy that allows scripts, styles and images from this server only
  (no inline script, no CDN), plus ``nosniff``, ``frame-ancestors 'none'`` and no referrer;
- request bodies larger than ``max_body`` bytes are refused with 413, before they are read whole;
- with a read token, every page and API call needs it (``Authorization: Bearer``, or the
  cookie set by the ``/login`` form); writes always need the write token;
- errors come back as ``{"error": "..."}`` (API) or a plain page, never with a stack trace.
"""

from __future__ import annotations

import hmac
import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..store import Store

HERE = Path(__file__).parent
MAX_BODY = 2 * 1024 * 1024
READ_COOKIE = "parley_read"

CSP = (
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]

log = logging.getLogger("parley.web")


@dataclass
class WebContext:
    """What the routes share: the store, the tokens and the (lazily loaded) pipeline."""

    store: Store
    token: str | None = None
    read_token: str | None = None
    model: str | None = None
    _pipeline: Any = None
    # Re-entrant: extraction and ingest hold it while they may load the pipeline.
    lock: threading.RLock = field(default_factory=threading.RLock)

    def pipeline(self):
        # The spaCy model takes seconds to load: only the first extraction pays for it.
        with self.lock:
            if self._pipeline is None:
                from ..pipeline import Pipeline

                self._pipeline = Pipeline(self.model)
            return self._pipeline


def token_matches(given: str | None, expected: str | None) -> bool:
    return bool(given and expected) and hmac.compare_digest(given.encode(), expected.encode())


def bearer(request: Request) -> str | None:
    h = request.headers.get("authorization", "")
    scheme, _, value = h.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


class SecurityMiddleware:
    """Pure ASGI middleware: security headers on every response, and a bounded request body."""

    def __init__(self, app, max_body: int = MAX_BODY):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _OURS]
                message = {**message, "headers": headers + SECURITY_HEADERS}
            await send(message)

        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _too_large(send_with_headers, self.max_body)
            return

        seen = 0
        too_big = False

        async def bounded_receive():
            # A chunked body has no Content-Length: count as it arrives.
            nonlocal seen, too_big
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    too_big = True
                    raise _BodyTooLarge
            return message

        started = False
        replaced = False

        async def tracking_send(message):
            # A body cut off midway may surface as some other error response (FastAPI
            # answers 400 to a body it cannot parse): the caller should see 413.
            nonlocal started, replaced
            if message["type"] == "http.response.start":
                started = True
                if too_big:
                    replaced = True
                    await _too_large(send_with_headers, self.max_body)
                    return
            if replaced:
                return
            await send_with_headers(message)

        try:
            await self.app(scope, bounded_receive, tracking_send)
        except _BodyTooLarge:
            if not started:
                await _too_large(send_with_headers, self.max_body)
        except Exception:
            if too_big and not started:
                await _too_large(send_with_headers, self.max_body)
            else:
                raise


_OURS = {k for k, _ in SECURITY_HEADERS}


class _BodyTooLarge(Exception):
    pass


async def _too_large(send, limit: int) -> None:
    body = JSONResponse({"error": f"request body larger than {limit} bytes"}, status_code=413)
    await send({"type": "http.response.start", "status": 413, "headers": body.raw_headers})
    await send({"type": "http.response.body", "body": body.body})


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def create_app(
    store_url: str | None = None,
    token: str | None = None,
    read_token: str | None = None,
    *,
    store: Store | None = None,
    pipeline=None,
    model: str | None = None,
    max_body: int = MAX_BODY,
) -> FastAPI:
    """The Parley web app over the store at ``store_url`` (default: ``$PARLEY_DB``).

    ``token`` (default ``$PARLEY_TOKEN``) allows ``POST /api/stories``; without one, ingest
    over HTTP is refused (403). ``read_token`` (default ``$PARLEY_READ_TOKEN``) closes every
    page and read endpoint to callers without it (or the write token).
    """
    ctx = WebContext(
        store=store or Store(store_url),
        token=token or os.environ.get("PARLEY_TOKEN") or None,
        read_token=read_token or os.environ.get("PARLEY_READ_TOKEN") or None,
        model=model,
        _pipeline=pipeline,
    )
    app = FastAPI(
        title="Parley",
        summary="PLOVER political events, actors and quotes from news: the corpus store over HTTP.",
        version="0.1.0",
        # FastAPI's own /docs loads Swagger UI from a CDN and runs inline script: both are
        # ruled out here, so /docs is a server-rendered list of the endpoints instead.
        docs_url=None,
        redoc_url=None,
    )
    app.state.ctx = ctx
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    from ..model import AUX_MODES, EVENT_TYPES
    from .render import colour

    templates.env.globals.update(colour=colour, event_types=EVENT_TYPES, aux_modes=AUX_MODES)
    app.state.templates = templates

    @app.middleware("http")
    async def read_guard(request: Request, call_next):
        path = request.url.path
        if ctx.read_token and not (path.startswith("/static/") or path == "/login"):
            given = bearer(request) or request.cookies.get(READ_COOKIE)
            if not (token_matches(given, ctx.read_token) or token_matches(given, ctx.token)):
                if _is_api(request):
                    return JSONResponse(
                        {"error": "a read token is required"},
                        status_code=401,
                        headers={"WWW-Authenticate": "Bearer"},
                    )
                return templates.TemplateResponse(request, "login.html", {"next": path}, status_code=401)
        return await call_next(request)

    app.add_middleware(SecurityMiddleware, max_body=max_body)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        msg = exc.detail if isinstance(exc.detail, str) else "error"
        if _is_api(request) or request.method != "GET":
            return JSONResponse({"error": msg}, status_code=exc.status_code, headers=exc.headers)
        return templates.TemplateResponse(
            request, "error.html", {"status": exc.status_code, "message": msg}, status_code=exc.status_code
        )

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        problems = []
        for e in exc.errors()[:10]:
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path"))
            problems.append(f"{where}: {e.get('msg', 'invalid')}" if where else e.get("msg", "invalid"))
        msg = "invalid request: " + "; ".join(problems)
        if _is_api(request) or request.method != "GET":
            return JSONResponse({"error": msg}, status_code=422)
        return templates.TemplateResponse(
            request, "error.html", {"status": 422, "message": msg}, status_code=422
        )

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception):
        log.exception("error serving %s %s", request.method, request.url.path)
        return JSONResponse({"error": "internal server error"}, status_code=500)

    from . import api, feeds, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(feeds.router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> Response:
        return Response("ok", media_type="text/plain")

    return app
