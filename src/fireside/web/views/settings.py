"""``/settings``: the profile; export everything; erase everything after a typed confirmation."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from fireside.errors import FiresideError
from fireside.service import data, forms
from fireside.web import pages

router = APIRouter()
CONFIRM_WORD = "erase"


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request) -> HTMLResponse:
    state = pages.state_of(request)
    return pages.render(
        request,
        "settings.html",
        {
            "values": forms.profile_form(state.store),
            "zones": forms.all_timezones(),
            "info": data.info(state.store),
            "error": None,
        },
    )


@router.post("/settings/export")
def export(request: Request) -> Response:
    export = data.export_everything(pages.state_of(request).store)
    name = f"fireside-export-{datetime.now():%Y%m%d-%H%M%S}.json"
    return Response(
        export.text(),
        media_type="application/json",
        headers={
            "content-disposition": f'attachment; filename="{name}"',
            "cache-control": "no-store",
        },
    )


@router.post("/settings/erase", response_class=HTMLResponse)
def erase(request: Request, confirm: Annotated[str, Form()] = "") -> Response:
    state = pages.state_of(request)
    if confirm.strip().lower() != CONFIRM_WORD:
        raise FiresideError(
            "Nothing was erased.",
            hint=f'To erase everything, type the word "{CONFIRM_WORD}" in the box and press the button again.',
        )
    erased = data.erase_everything(state.store, local_files=not state.server)
    state.discard_uploads()
    state.drop_sample()
    return pages.render(request, "erased.html", {"erased": erased})
