"""``/``: this week's plan, the reading in sentences, the waiting status, a box to check a draft."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from fireside.service import cache, journal, practices
from fireside.web import pages

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    state = pages.state_of(request)
    shown = state.reading_store()
    store = shown.read_once()  # the profile and data version read once (a server's view already is)
    try:
        set_up = state.set_up()
        reading = cache.space_reading(state.cache, store)
        waiting = cache.waiting_status(state.cache, store)
        week = cache.weekly_plan(state.cache, store)
        return pages.render(
            request,
            "home.html",
            {
                "reading": reading,
                "waiting": waiting,
                "plan": week,
                "book": practices.by_id(store),
                "set_up": set_up,
                "balance": journal.journal_balance(store) if set_up else None,
            },
        )
    finally:
        if store is not shown:  # one made here (a server's view is given back by ReleaseViews)
            store.release()  # its connection back to the pool (a no-op on SQLite)
