"""Rendering: one Jinja2 environment (autoescape on), the context every page gets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from fireside import __version__
from fireside.errors import FiresideError
from fireside.service.forms import article_title
from fireside.web import wording
from fireside.web.state import LOCAL_OWNER, AppState, Auth, OwnerView
from fireside.web.work import Checks

TEMPLATES = Path(__file__).parent / "templates"
environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.globals.update(words=wording, version=__version__, article_title=article_title)
templates = Jinja2Templates(env=environment)


AUTH_KEY = "fireside.auth"


def app_state(request: Request) -> AppState:
    state = request.app.state.fireside
    assert isinstance(state, AppState)
    return state


def checks_of(request: Request) -> Checks:
    """The threads draft checks run in (see web/work.py)."""
    checks = request.app.state.checks
    assert isinstance(checks, Checks)
    return checks


def auth_of(request: Request) -> Auth | None:
    """Who the request is (set by the Guard), or None on the open pages."""
    found = request.scope.get(AUTH_KEY)
    return found if isinstance(found, Auth) else None


VIEW_KEY = "fireside.view"


def state_of(request: Request) -> AppState | OwnerView:
    """What this request may see: the personal install, or the signed-in account's view
    (one per request: a GET's reads of the profile and data version are made once)."""
    found = request.scope.get(VIEW_KEY)
    if isinstance(found, AppState | OwnerView):
        return found
    auth = auth_of(request)
    view = app_state(request).view(
        auth.owner if auth else LOCAL_OWNER, reading=request.method in ("GET", "HEAD")
    )
    request.scope[VIEW_KEY] = view
    return view


class ReleaseViews:
    """When a request has been answered, its view's store gives back the connection it held
    for the request's reads (``Store.read_once``: one transaction a page on PostgreSQL)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        finally:
            view = scope.get(VIEW_KEY)
            if isinstance(view, OwnerView):
                await run_in_threadpool(view.store.release)  # a round trip: not on the loop


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, *, status: int = 200
) -> HTMLResponse:
    try:
        state = state_of(request)
        sample = state.showing_sample()
    except FiresideError:  # the store itself is the problem being shown
        sample = False
    auth = auth_of(request)
    base = {
        "csrf_token": auth.csrf if auth else request.scope.get("fireside.login_csrf", ""),
        "path": request.url.path,
        "sample": sample,
        "server": app_state(request).server,
        "account": auth.owner if auth and app_state(request).server else None,
    }
    return templates.TemplateResponse(
        request, name, {**base, **(context or {})}, status_code=status
    )


def locked_page(*, server: bool = False) -> str:
    """What a page answers without the session: how to open fireside (or to sign in)."""
    return environment.get_template("locked.html").render(server=server)
