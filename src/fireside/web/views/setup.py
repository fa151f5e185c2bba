"""``/setup``: the two-minute first run, and removing the sample."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fireside.errors import FiresideError
from fireside.service import forms
from fireside.service import profile as profiles
from fireside.web import pages

router = APIRouter()
FIELDS = (
    "my_names",
    "partner_name",
    "partner_pronouns",
    "workdays",
    "work_end",
    "commute_minutes",
    "bedtime",
    "timezone",
)


@router.get("/setup", response_class=HTMLResponse)
def setup_page(request: Request) -> HTMLResponse:
    state = pages.state_of(request)
    return pages.render(
        request,
        "setup.html",
        {
            "values": forms.profile_form(state.store),
            "zones": forms.all_timezones(),
            "error": None,
        },
    )


@router.post("/setup", response_class=HTMLResponse)
def setup_save(
    request: Request,
    my_names: Annotated[str, Form()] = "",
    partner_name: Annotated[str, Form()] = "",
    partner_pronouns: Annotated[str, Form()] = "he",
    workdays: Annotated[list[str] | None, Form()] = None,
    work_end: Annotated[str, Form()] = "17:30",
    commute_minutes: Annotated[str, Form()] = "30",
    bedtime: Annotated[str, Form()] = "23:00",
    timezone: Annotated[str, Form()] = "UTC",
) -> Response:
    state = pages.state_of(request)
    answers = {
        "my_names": my_names,
        "partner_name": partner_name,
        "partner_pronouns": partner_pronouns,
        "workdays": ",".join(workdays) if workdays else "none",
        "work_end": work_end,
        "commute_minutes": commute_minutes,
        "bedtime": bedtime,
        "timezone": timezone,
    }
    try:
        profiles.save_profile_answers(state.store, answers)
    except FiresideError as exc:
        return pages.render(
            request,
            "setup.html",
            {
                "values": {**answers, "workdays": ",".join(workdays or [])},
                "zones": forms.all_timezones(),
                "error": exc,
            },
            status=422,
        )
    state.drop_sample()
    return RedirectResponse("/?saved=1", status_code=303)


@router.post("/sample/remove")
def remove_sample(request: Request) -> Response:
    pages.state_of(request).drop_sample()
    return RedirectResponse("/setup", status_code=303)


@router.get("/setup/zones", response_class=HTMLResponse)
def zones(request: Request, q: str = "", timezone: str = "") -> HTMLResponse:
    """The zones matching what was typed (for the picker's live list)."""
    return pages.render(request, "_zones.html", {"found": profiles.find_timezones(q or timezone)})
