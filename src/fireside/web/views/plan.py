"""The weekly plan's marks (the plan itself is on Home), and ``/report``: the report for a
counsellor as HTML or PDF, and the reminders calendar."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fireside.service import calendar, plan, report
from fireside.web import pages

router = APIRouter()


@router.post("/plan/mark")
def mark(
    request: Request,
    offer_id: Annotated[str, Form()],
    mark: Annotated[str, Form()] = "",
) -> Response:
    state = pages.state_of(request)
    plan.mark_offer(state.reading_store(), offer_id, mark or None)
    return RedirectResponse("/#plan", status_code=303)


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
