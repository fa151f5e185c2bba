"""Rendering: one Jinja2 environment (autoescape on), the context every page gets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from fireside import __version__
from fireside.errors import FiresideError
from fireside.service.forms import article_title
from fireside.web import wording
from fireside.web.state import AppState

TEMPLATES = Path(__file__).parent / "templates"
environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.globals.update(words=wording, version=__version__, article_title=article_title)
templates = Jinja2Templates(env=environment)


def state_of(request: Request) -> AppState:
    state = request.app.state.fireside
    assert isinstance(state, AppState)
    return state


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, *, status: int = 200
) -> HTMLResponse:
    state = state_of(request)
    try:
        sample = state.showing_sample()
    except FiresideError:  # the store itself is the problem being shown
        sample = False
    base = {"csrf_token": state.keys.csrf, "path": request.url.path, "sample": sample}
    return templates.TemplateResponse(
        request, name, {**base, **(context or {})}, status_code=status
    )


def locked_page() -> str:
    """What a page answers without the session: how to open fireside."""
    return environment.get_template("locked.html").render()
