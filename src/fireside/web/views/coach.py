"""``/coach``: check a draft as you type (htmx) or by sending the form; the grounding minute."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse

from fireside.service import cache, coach, practices
from fireside.web import pages
from fireside.web.highlight import pieces

router = APIRouter()
MAX_DRAFT = 5000  # characters: a text message, not a letter


def _context(request: Request, text: str, mood: int | None, at: str) -> dict[str, Any]:
    state = pages.state_of(request)
    store = state.reading_store()
    result = None
    if text.strip():
        result = cache.check_draft(state.cache, store, text[:MAX_DRAFT], mood=mood, at=at or "now")
    return {
        "text": text,
        "mood": mood,
        "at": at,
        "result": result,
        "pieces": pieces(result) if result else [],
        "book": practices.by_id(store),
        "routine": coach.grounding(store),
    }


def _mood(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and 0 <= int(value) <= 4 else None


@router.get("/coach", response_class=HTMLResponse)
def coach_page(request: Request, text: str = "", mood: str | None = None) -> HTMLResponse:
    return pages.render(request, "coach.html", _context(request, text, _mood(mood), "now"))


@router.post("/coach", response_class=HTMLResponse)
async def coach_submit(
    request: Request,
    text: Annotated[str, Form()] = "",
    mood: Annotated[str | None, Form()] = None,
    at: Annotated[str, Form()] = "now",
) -> HTMLResponse:
    name = "_check.html" if request.headers.get("hx-request") else "coach.html"
    return await pages.checks_of(request).run(
        lambda: pages.render(request, name, _context(request, text, _mood(mood), at))
    )


@router.get("/ground", response_class=HTMLResponse)
def ground_page(request: Request) -> HTMLResponse:
    store = pages.state_of(request).reading_store()
    return pages.render(request, "ground.html", {"routine": coach.grounding(store)})
