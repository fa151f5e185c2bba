"""The app factory: ``create_app()`` wires security, templates, static files and the views."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from fireside import __version__
from fireside.errors import ExitCode, FiresideError
from fireside.service import background
from fireside.service import coach as coach_service
from fireside.service.cache import ReadingCache
from fireside.service.computed import SharedValues
from fireside.service.uploads import MAX_UPLOAD_BYTES
from fireside.web import pages
from fireside.web.jobs import Jobs
from fireside.web.security import (
    Guard,
    Keys,
    Scope,
    allowed_hosts,
    csrf_protect,
    load_secret,
    local_authenticator,
)
from fireside.web.signin import SignIn, hashing_slots, server_authenticator
from fireside.web.state import AppState
from fireside.web.views import (
    api,
    coach,
    home,
    imports,
    journal,
    login,
    plan,
    practices,
    rhythm,
    settings,
    setup,
)
from fireside.web.work import Checks

STATIC = Path(__file__).parent / "static"
SERVER_CACHE_ENTRIES = 512
STATUS = {
    ExitCode.NOT_FOUND: 404,
    ExitCode.INVALID_INPUT: 422,
    ExitCode.STORE: 503,
    ExitCode.INTERNAL: 500,
}


def create_app(
    database_url: str | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    secret: str | None = None,
    max_upload: int = MAX_UPLOAD_BYTES,
    server: bool = False,
    public_hosts: Iterable[str] = (),
    workers: int = 1,
) -> FastAPI:
    """The web app over the store at ``database_url`` (default: the SQLite file).

    ``server``: many accounts on one PostgreSQL database (``fireside serve --server``):
    sign-in with a name and password instead of the install's secret (see web/signin.py).
    """
    background.check_settings()  # a bad FIRESIDE_IMPORT_* is named now, not at an upload
    keys = None if server else Keys(secret or load_secret())
    state = AppState(
        database_url=database_url, keys=keys, jobs=Jobs(), server=server, workers=workers
    )
    if server:  # one shared cache for every account: room for each one's few readings
        # and what one worker computes, the others read from the database (service/computed)
        shared = SharedValues(lambda owner: state.store.for_owner(owner), min_seconds=0.02)
        state.cache = ReadingCache(SERVER_CACHE_ENTRIES, shared=shared)
        coach_service.keep_no_drafts()  # nobody's sentences are kept between checks
    if server:
        state.store  # noqa: B018 (open, migrate and check the database before serving)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # The coach's model loads now, beside the first requests, not inside the first check.
        asyncio.get_running_loop().run_in_executor(None, coach_service.warm_up)
        yield
        state.close()

    app = FastAPI(
        title="fireside",
        version=__version__,
        description="The JSON API of fireside's local web app. Every call needs the session "
        "cookie; state-changing calls also need the X-CSRF-Token header and a same-origin Origin.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(csrf_protect)],
        lifespan=lifespan,
    )
    app.state.keys = keys
    app.state.signin = SignIn(hashing=hashing_slots(workers)) if server else None
    app.state.fireside = state
    app.state.checks = Checks()
    app.state.max_upload = max_upload
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for view in (login, home, setup, coach, journal, imports, rhythm, practices, plan, settings):
        app.include_router(view.router, include_in_schema=False)
    app.include_router(api.router, prefix="/api/v1")
    _errors(app)

    async def unauthorised(scope: Scope) -> tuple[int, str, bytes]:
        path = str(scope.get("path", ""))
        if path.startswith("/api/"):
            hint = "Sign in at /login." if server else "Open the address fireside serve printed."
            body = ('{"error": "Not signed in.", "hint": "' + hint + '"}').encode()
            return 401, "application/json", body
        return 401, "text/html", pages.locked_page(server=server).encode()

    app.add_middleware(pages.ReleaseViews)
    app.add_middleware(
        Guard,
        authenticate=server_authenticator(state) if keys is None else local_authenticator(keys),
        hosts=[*allowed_hosts(host, port), *public_hosts],
        unauthorised=unauthorised,
        max_body=max_upload + 1024 * 1024,
    )
    return app


def _errors(app: FastAPI) -> None:
    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    @app.exception_handler(FiresideError)
    async def fireside_error(request: Request, exc: FiresideError) -> Response:
        status = STATUS.get(exc.exit_code, 400)
        if wants_json(request):
            return JSONResponse({"error": exc.message, "hint": exc.hint}, status_code=status)
        return pages.render(
            request, "error.html", {"message": exc.message, "hint": exc.hint}, status=status
        )

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "Something went wrong."
        if exc.status_code == 404 and message == "Not Found":
            message = "There is no page here."
        if wants_json(request):
            return JSONResponse({"error": message}, status_code=exc.status_code)
        return pages.render(
            request, "error.html", {"message": message, "hint": None}, status=exc.status_code
        )

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            f"{'.'.join(str(p) for p in e['loc'][1:]) or 'request'}: {e['msg']}"
            for e in exc.errors()
        ]
        if wants_json(request):
            return JSONResponse({"error": "Some fields are not right.", "problems": problems}, 422)
        return pages.render(
            request,
            "error.html",
            {"message": "Some fields are not right.", "hint": "; ".join(problems)},
            status=422,
        )
