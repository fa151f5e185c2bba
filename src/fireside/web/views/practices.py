"""``/practices``: browse, search, tags; ``/practices/P08``: one practice, credited."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from fireside.service import practices
from fireside.web import pages

router = APIRouter()


@router.get("/practices", response_class=HTMLResponse)
def practices_page(request: Request, q: str = "", tag: str = "") -> HTMLResponse:
    store = pages.state_of(request).reading_store()
    found = practices.find_practices(store, q or None, tag=tag or None)
    name = "_practice_list.html" if request.headers.get("hx-request") else "practices.html"
    return pages.render(request, name, {"found": found, "q": q, "tag": tag})


@router.get("/practices/{practice_id}", response_class=HTMLResponse)
def practice_page(request: Request, practice_id: str) -> HTMLResponse:
    store = pages.state_of(request).reading_store()
    practice = practices.show_practice(store, practice_id)
    return pages.render(request, "practice.html", {"practice": practice})
