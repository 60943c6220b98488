"""The web app: every route in one place (the site map), security headers, CSRF, one error handler.

Each page is a view in :mod:`.views` returning one context dict, rendered as a
template, or as JSON when the URL ends in ``.json`` (datasette's convention).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import tempfile
from collections.abc import Iterable
from contextlib import asynccontextmanager
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader
from starlette.exceptions import HTTPException

from ..errors import NewstraceError, NotFound, human_bytes
from ..settings import Settings
from ..store import Store
from . import claim_views, views
from .dates import time_element
from .jobs import Jobs

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
# Largest POST body (all files and pasted text together): a few hundred articles
# fit; anything larger belongs on the command line (`newstrace ingest`).
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# Files one upload may carry, and form fields: bounds on the multipart parser's work.
MAX_FILES, MAX_FIELDS = 50, 20
# The double-submit CSRF cookie; its value is a nonce and its HMAC under the app's secret.
CSRF_COOKIE = "newstrace_csrf"
CSRF_FIELD = "csrf_token"
# Every response carries these: no inline script or style, nothing from other
# origins, no framing, no MIME sniffing, no referrer leaked to outside links.
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}
# Host headers the app answers by default: its own loopback names (a page of another site that rebinds its name
# to 127.0.0.1 sends its own name, and is refused).
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
# Status and message for library errors the handler knows.
KNOWN_ERRORS = {NotFound: 404, NewstraceError: 400, ValueError: 400}


class SecurityHeaders:
    """ASGI middleware adding :data:`SECURITY_HEADERS` to every HTTP response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class AllowedHosts:
    """ASGI middleware refusing requests whose Host header names none of ``hosts`` (DNS rebinding), with a 400
    and a line in the log."""

    def __init__(self, app, hosts: Iterable[str]):
        self.app, self.hosts = app, {host_name(h) for h in hosts}

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        header = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
        if host_name(header) in self.hosts:
            return await self.app(scope, receive, send)
        logger.warning(
            "refused a request for %r: the Host header %r is not one this server answers",
            scope.get("path"),
            header[:200],
        )
        body = f"400: this server answers only for {', '.join(sorted(self.hosts))}\n".encode()
        headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 400, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def host_name(host: str) -> str:
    """The name in a Host header, port and brackets gone, case folded: "[::1]:8080" -> "::1"."""
    host = host.strip().casefold()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


def to_json(value: Any) -> Any:
    """Records (dataclasses) as dicts, for the JSON twins."""
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json") or request.headers.get("accept", "").startswith("application/json")


def create_app(
    db: str,
    *,
    upload_dir: str | Path | None = None,
    max_upload_bytes: int = MAX_UPLOAD_BYTES,
    secret: bytes | None = None,
    allowed_hosts: Iterable[str] = LOCAL_HOSTS,
) -> FastAPI:
    """The app over the database ``db``; uploads are kept in ``upload_dir`` (by default a temporary
    folder, removed when the app shuts down).
    Requests whose Host header names none of ``allowed_hosts`` are refused."""
    store = Store(db)
    secret = secret or secrets.token_bytes(32)
    owned = None if upload_dir else tempfile.TemporaryDirectory(prefix="newstrace-uploads-")
    folder = Path(upload_dir) if upload_dir else Path(owned.name)
    jobs = Jobs(store, folder, Settings(db=db))
    env = Environment(loader=PackageLoader("newstrace.web", "templates"), autoescape=True)
    env.filters["when"] = time_element
    templates = Jinja2Templates(env=env)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        jobs.close()
        store.close()
        if owned is not None:
            owned.cleanup()

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, debug=False, lifespan=lifespan)
    # a temporary upload folder lives as long as the app: removed at shutdown, or when the app is collected
    app.state.store, app.state.jobs, app.state.upload_folder = store, jobs, owned
    app.add_middleware(AllowedHosts, hosts=allowed_hosts)
    app.add_middleware(SecurityHeaders)  # added last, so outermost: refusals carry the headers too
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def render(request: Request, template: str, context: dict, status: int = 200, **extra) -> Response:
        if wants_json(request):
            body = json.dumps({"ok": True, **context}, default=to_json, ensure_ascii=False)
            return Response(body, status_code=status, media_type="application/json")
        return templates.TemplateResponse(request, template, {**context, **extra}, status_code=status)

    def error(request: Request, status: int, message: str) -> Response:
        if wants_json(request):
            return JSONResponse({"ok": False, "status": status, "error": message}, status_code=status)
        return templates.TemplateResponse(request, "error.html", {"status": status, "message": message}, status)

    # --- errors: one handler decides HTML or JSON, never a traceback ----------------

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        where = ", ".join(".".join(str(p) for p in e.get("loc", ())[1:]) for e in exc.errors()) or "the request"
        return error(request, 400, f"bad value for {where}")

    @app.exception_handler(Exception)
    async def any_error(request: Request, exc: Exception) -> Response:
        for kind, status in KNOWN_ERRORS.items():
            if isinstance(exc, kind):
                return error(request, status, str(exc))
        logger.exception("error serving %s", request.url.path)
        response = error(request, 500, "internal error: the server log has the details")
        response.headers.update(SECURITY_HEADERS)  # this handler runs outside the middleware
        return response

    for kind in KNOWN_ERRORS:
        app.add_exception_handler(kind, any_error)

    # --- CSRF: a signed double-submit token -----------------------------------------

    def sign(nonce: str) -> str:
        return nonce + "." + hmac.new(secret, nonce.encode(), hashlib.sha256).hexdigest()

    def token_ok(token: str | None) -> bool:
        nonce, _, _ = (token or "").partition(".")
        return bool(nonce) and hmac.compare_digest(sign(nonce), token)

    def csrf_token(request: Request) -> str:
        token = request.cookies.get(CSRF_COOKIE)
        return token if token_ok(token) else sign(secrets.token_urlsafe(16))

    def set_csrf(response: Response, token: str) -> Response:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/")
        return response

    # --- pages -----------------------------------------------------------------------------

    def page(path: str, twin: str | None = None):
        """Register a page at ``path`` and its JSON twin (``path.json`` unless named), the twin first
        so that ``/jobs/{id}`` does not swallow ``/jobs/x.json``."""

        def register(endpoint):
            app.get(twin or path + ".json")(endpoint)
            app.get(path)(endpoint)
            return endpoint

        return register

    @page("/", "/index.json")
    def home(request: Request, q: str | None = None) -> Response:
        return render(request, "home.html", views.home(store, q))

    @page("/story/{story_id:int}")
    def story(request: Request, story_id: int, articles: int = 1, claims: int = 1, copies: int = 1) -> Response:
        pages = {"articles": articles, "claims": claims, "copies": copies}
        return render(request, "story.html", views.story(store, story_id, request.url.path, pages))

    @page("/claim/{claim_id:int}")
    def claim(request: Request, claim_id: int, full: bool = False) -> Response:
        return render(request, "claim.html", claim_views.claim(store, claim_id, full=full))

    @page("/check")
    def check(request: Request, claim: str | None = None, story: int | None = None) -> Response:
        return render(request, "check.html", claim_views.check(store, claim, story))

    @page("/article")
    def article(request: Request, id: str) -> Response:
        return render(request, "article.html", views.article(store, id))

    @page("/copy")
    def copy(request: Request, a: str, b: str) -> Response:
        return render(request, "copy.html", views.copy(store, a, b))

    # --- ingest from the browser --------------------------------------------------------

    @app.get("/ingest")
    def ingest_form(request: Request) -> Response:
        token = csrf_token(request)
        limit = human_bytes(max_upload_bytes)
        return set_csrf(templates.TemplateResponse(request, "ingest.html", {"csrf": token, "limit": limit}), token)

    @app.post("/ingest")
    async def ingest(request: Request) -> Response:
        form = await _limited_form(request, max_upload_bytes)
        token = request.cookies.get(CSRF_COOKIE)
        if not token_ok(token) or not hmac.compare_digest(token, str(form.get(CSRF_FIELD, ""))):
            raise HTTPException(403, "the form's security token is missing or stale: reload the page and try again")
        files = [(f.filename or "upload", await f.read()) for f in form.getlist("files") if hasattr(f, "read")]
        files = [(name, data) for name, data in files if data]
        text = str(form.get("text") or "").strip()
        pasted = None
        if text:
            fields = ("title", "outlet", "url", "published")
            pasted = {"id": "pasted-" + hashlib.sha256(text.encode()).hexdigest()[:12], "text": text}
            pasted |= {name: str(form.get(name)).strip() for name in fields if str(form.get(name) or "").strip()}
        if not files and not pasted:
            raise HTTPException(400, "nothing to ingest: choose files or paste an article's text")
        job = jobs.submit(files, pasted)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @page("/jobs/{job_id}")
    def job(request: Request, job_id: str) -> Response:
        found = jobs.get(job_id)
        if found is None:
            raise NotFound(f"no ingest job {job_id!r} (jobs are forgotten when the server restarts)")
        return render(request, "job.html", views.job(found))

    return app


async def _limited_form(request: Request, limit: int):
    """The POSTed form, refusing bodies over ``limit`` bytes before they are parsed or stored."""
    too_large = HTTPException(413, f"upload too large: the limit is {human_bytes(limit)} per upload")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise too_large

    async def replay() -> dict:
        return {"type": "http.request", "body": bytes(body), "more_body": False}

    return await Request(request.scope, replay).form(max_files=MAX_FILES, max_fields=MAX_FIELDS, max_part_size=limit)
