"""``/plan``: the week's plan and "What are you thinking of doing?" (the guardrail); the
plan's marks (the plan is on Home too); and ``/report``: the report for a counsellor as HTML
or PDF, and the reminders calendar."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fireside.errors import FiresideError
from fireside.service import calendar, guardrail, plan, practices, report
from fireside.web import pages

router = APIRouter()
BACK = {"/": "/#plan", "/plan": "/plan#plan"}  # where a mark returns to: the page it came from


@router.post("/plan/mark")
def mark(
    request: Request,
    offer_id: Annotated[str, Form()],
    mark: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "/",
) -> Response:
    state = pages.state_of(request)
    plan.mark_offer(state.reading_store(), offer_id, mark or None)
    return RedirectResponse(BACK.get(back, BACK["/"]), status_code=303)


def _answer(request: Request, text: str) -> dict[str, Any]:
    """The guardrail's reading of ``text`` for the page: the answer in words, or the problem.
    Nothing of it is stored."""
    if not text.strip():
        return {"text": text}
    store = pages.state_of(request).reading_store()
    try:
        reading = guardrail.read_intention(text, store)
    except FiresideError as exc:
        return {"text": text, "problem": exc.message, "hint": exc.hint}
    book = practices.by_id(store)
    return {
        "text": text,
        "reading": reading,
        "label": guardrail.tactic_label(reading.tactic, store) if reading.is_game else None,
        "behind": [book[pid] for pid in reading.practices if pid in book],
    }


def _page(request: Request, answer: dict[str, Any], *, status: int = 200) -> HTMLResponse:
    """The Plan page: the week's plan, the question, and the answer when there is one."""
    store = pages.state_of(request).reading_store()
    context = {
        "plan": plan.weekly_plan(store),
        "book": practices.by_id(store),
        "back": "/plan",
        "text": "",
        "max_chars": guardrail.MAX_CHARS,
        **answer,
    }
    return pages.render(request, "plan.html", context, status=status)


@router.get("/plan", response_class=HTMLResponse)
def plan_page(request: Request) -> HTMLResponse:
    return _page(request, {})


@router.post("/plan/intention", response_class=HTMLResponse)
def intention(request: Request, text: Annotated[str, Form()] = "") -> HTMLResponse:
    """Read the intention and show the answer: the whole page without JavaScript, only the
    answer for htmx. The text is in this answer only (never stored, never cached)."""
    answer = _answer(request, text)
    if request.headers.get("hx-request"):
        response = pages.render(request, "_intention.html", answer)  # htmx swaps 2xx only
    else:
        response = _page(request, answer, status=422 if "problem" in answer else 200)
    response.headers["cache-control"] = "no-store"
    return response


@router.get("/report", response_class=HTMLResponse)
def report_page(request: Request) -> HTMLResponse:
    return pages.render(request, "report.html", {})


@router.get("/report/download")
def download(
    request: Request,
    format: str = "pdf",
    since: str | None = None,
    until: str | None = None,
    incognito: bool = False,
) -> Response:
    store = pages.state_of(request).reading_store()
    made = report.report_file(store, format, since=since, until=until, incognito=incognito)
    return Response(
        made.data,
        media_type=made.media_type,
        headers={
            "content-disposition": f'attachment; filename="{made.file_name()}"',
            "cache-control": "no-store",
        },
    )


@router.get("/report/calendar.ics")
def calendar_download(request: Request, incognito: bool = False) -> Response:
    store = pages.state_of(request).reading_store()
    made = calendar.calendar_file(store, incognito=incognito)
    return Response(
        made.data,
        media_type="text/calendar; charset=utf-8",
        headers={
            "content-disposition": 'attachment; filename="fireside.ics"',
            "cache-control": "no-store",
        },
    )
