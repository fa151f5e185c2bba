"""``/journal`` and its pages: log an activity or check in with a few taps; his world and
strengths; the story bank (reveals); talks and the space message. Each route parses the
form, calls one use-case, and redirects (or shows the page again with what was wrong)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fireside.errors import FiresideError
from fireside.service import journal
from fireside.web import pages

router = APIRouter()

CATEGORIES = [
    ("hobby", "Hobby"),
    ("friends", "Friends"),
    ("family", "Family"),
    ("class", "Class"),
    ("sport", "Sport"),
    ("self_care", "Self-care"),
    ("goal", "Goal"),
    ("date", "Date"),
    ("other", "Other"),
]
HE_SEEMS = [
    ("", "Not sure / skip"),
    ("steady", "Steady"),
    ("close", "Close"),
    ("stressed", "Stressed"),
    ("overwhelmed", "Overwhelmed"),
    ("distant", "Distant"),
    ("lonely", "Lonely"),
    ("dont_know", "Hard to read"),
]
GESTURES = [
    ("thanks", "Thanked"),
    ("compliment", "A compliment"),
    ("note", "A note"),
    ("favourite_meal", "A favourite meal"),
    ("surprise", "A surprise"),
    ("listened", "Did something mentioned"),
    ("strength", "Said a strength"),
]
WORLD = [
    ("said", "Something said"),
    ("interest", "An interest"),
    ("like", "Something liked"),
    ("date", "A date that matters"),
]
MINUTES = [("30", "30 min"), ("60", "1 h"), ("90", "1 h 30"), ("120", "2 h"), ("180", "3 h")]
SAVED = {
    "activity": "Logged.",
    "checkin": "Checked in.",
    "gesture": "Noted.",
    "his_world": "Noted.",
    "strength": "Noted.",
    "reveal": "Saved.",
    "talk": "Saved.",
    "deleted": "Deleted.",
}


def _blank(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def _back(path: str, saved: str) -> Response:
    return RedirectResponse(f"{path}?saved={saved}", status_code=303)


def _page(
    request: Request, name: str, context: dict[str, Any], *, status: int = 200
) -> HTMLResponse:
    saved = request.query_params.get("saved")
    return pages.render(
        request,
        name,
        {
            "categories": CATEGORIES,
            "he_seems": HE_SEEMS,
            "gestures": GESTURES,
            "world_kinds": WORLD,
            "minutes": MINUTES,
            "saved": SAVED.get(saved or ""),
            "error": None,
            **context,
        },
        status=status,
    )


# ---------------------------------------------------------------- the journal: log, check in


def _journal_context(request: Request) -> dict[str, Any]:
    store = pages.state_of(request).store
    activities = journal.list_activities(store).items[-8:][::-1]
    checkins = journal.list_checkins(store).items[-5:][::-1]
    gestures = journal.list_gestures(store).items[-5:][::-1]
    return {
        "activities": activities,
        "checkins": checkins,
        "recent_gestures": gestures,
        "balance": journal.journal_balance(store),
    }


@router.get("/journal", response_class=HTMLResponse)
def journal_page(request: Request) -> HTMLResponse:
    return _page(request, "journal.html", _journal_context(request))


def _refused(
    request: Request, name: str, context: dict[str, Any], exc: FiresideError
) -> HTMLResponse:
    problem = exc.message + (f" {exc.hint}" if exc.hint else "")
    return _page(request, name, {**context, "error": problem}, status=422)


@router.post("/journal/activity")
def log_activity(
    request: Request,
    title: Annotated[str, Form()] = "",
    minutes: Annotated[str, Form()] = "",
    side: Annotated[str, Form()] = "",
    category: Annotated[str | None, Form()] = None,
    on: Annotated[str | None, Form()] = None,
    status: Annotated[str | None, Form()] = None,
    for_partner: Annotated[bool, Form()] = False,
) -> Response:
    store = pages.state_of(request).store
    try:
        journal.add_activity(
            store,
            title,
            minutes=minutes,
            side=side,
            category=_blank(category),
            on=_blank(on),
            status=_blank(status),
            for_partner=for_partner,
        )
    except FiresideError as exc:
        return _refused(request, "journal.html", _journal_context(request), exc)
    return _back("/journal", "activity")


@router.post("/journal/checkin")
def check_in(
    request: Request,
    mood: Annotated[str, Form()] = "",
    anxious: Annotated[str | None, Form()] = None,
    he_seems: Annotated[str | None, Form()] = None,
    connection: Annotated[str | None, Form()] = None,
    note: Annotated[str | None, Form()] = None,
) -> Response:
    store = pages.state_of(request).store
    try:
        saved = journal.checkin(
            store,
            mood=mood,
            anxious=_blank(anxious),
            he_seems=_blank(he_seems),
            connection=_blank(connection),
            note=_blank(note),
        )
    except FiresideError as exc:
        return _refused(request, "journal.html", _journal_context(request), exc)
    return _page(
        request,
        "journal.html",
        {**_journal_context(request), "checked_in": saved, "saved": SAVED["checkin"]},
    )


@router.post("/journal/gesture")
def note_gesture(
    request: Request,
    kind: Annotated[str, Form()] = "",
    note: Annotated[str | None, Form()] = None,
    about: Annotated[str | None, Form()] = None,
    strength: Annotated[str | None, Form()] = None,
    back: Annotated[str, Form()] = "/journal",
) -> Response:
    store = pages.state_of(request).store
    target = back if back in ("/journal", "/journal/his-world") else "/journal"
    try:
        journal.add_gesture(
            store, kind, note=_blank(note), about=_blank(about), strength=_blank(strength)
        )
    except FiresideError as exc:
        name, context = _page_of(request, target)
        return _refused(request, name, context, exc)
    return _back(target, "gesture")


def _page_of(request: Request, path: str) -> tuple[str, dict[str, Any]]:
    if path == "/journal/his-world":
        return "his_world.html", _world_context(request)
    if path == "/journal/reveals":
        return "reveals.html", _reveals_context(request)
    if path == "/journal/talks":
        return "talks.html", _talks_context(request)
    return "journal.html", _journal_context(request)


@router.post("/journal/{kind}/{entry_id}/delete")
def delete(
    request: Request, kind: str, entry_id: str, back: Annotated[str, Form()] = "/journal"
) -> Response:
    journal.delete_entry(pages.state_of(request).store, kind, entry_id)
    target = back if back.startswith("/journal") and "//" not in back else "/journal"
    return _back(target, "deleted")


# ---------------------------------------------------------------- his world and strengths


def _world_context(request: Request) -> dict[str, Any]:
    store = pages.state_of(request).store
    return {
        "world": journal.list_world(store).items[::-1],
        "strengths": journal.list_strengths(store).items,
    }


@router.get("/journal/his-world", response_class=HTMLResponse)
def world_page(request: Request) -> HTMLResponse:
    return _page(request, "his_world.html", _world_context(request))


@router.post("/journal/his-world")
def add_world(
    request: Request,
    title: Annotated[str, Form()] = "",
    kind: Annotated[str | None, Form()] = None,
    due: Annotated[str | None, Form()] = None,
) -> Response:
    try:
        journal.add_world_item(
            pages.state_of(request).store, title, kind=_blank(kind), due=_blank(due)
        )
    except FiresideError as exc:
        return _refused(request, "his_world.html", _world_context(request), exc)
    return _back("/journal/his-world", "his_world")


@router.post("/journal/his-world/{entry_id}/followed-up")
def followed_up(request: Request, entry_id: str) -> Response:
    journal.edit_world_item(pages.state_of(request).store, entry_id, followed_up="today")
    return _back("/journal/his-world", "his_world")


@router.post("/journal/strengths")
def add_strength(request: Request, title: Annotated[str, Form()] = "") -> Response:
    try:
        journal.add_strength(pages.state_of(request).store, title)
    except FiresideError as exc:
        return _refused(request, "his_world.html", _world_context(request), exc)
    return _back("/journal/his-world", "strength")


@router.post("/journal/strengths/{entry_id}/said")
def said_strength(request: Request, entry_id: str) -> Response:
    journal.say_strength(pages.state_of(request).store, entry_id)
    return _back("/journal/his-world", "gesture")


# ---------------------------------------------------------------- reveals


def _reveals_context(request: Request) -> dict[str, Any]:
    return {"reveals": journal.list_reveals(pages.state_of(request).store).items}


@router.get("/journal/reveals", response_class=HTMLResponse)
def reveals_page(request: Request) -> HTMLResponse:
    return _page(request, "reveals.html", _reveals_context(request))


@router.post("/journal/reveals")
def add_reveal(
    request: Request,
    title: Annotated[str, Form()] = "",
    essential: Annotated[bool, Form()] = False,
) -> Response:
    try:
        journal.add_reveal(pages.state_of(request).store, title, essential=essential)
    except FiresideError as exc:
        return _refused(request, "reveals.html", _reveals_context(request), exc)
    return _back("/journal/reveals", "reveal")


@router.post("/journal/reveals/{entry_id}/shared")
def shared(request: Request, entry_id: str) -> Response:
    journal.edit_reveal(pages.state_of(request).store, entry_id, shared="today")
    return _back("/journal/reveals", "reveal")


# ---------------------------------------------------------------- talks and the space message


def _talks_context(request: Request) -> dict[str, Any]:
    store = pages.state_of(request).store
    return {"talks": journal.list_talks(store).items[::-1], "check": None, "space": None}


@router.get("/journal/talks", response_class=HTMLResponse)
def talks_page(request: Request) -> HTMLResponse:
    return _page(request, "talks.html", _talks_context(request))


@router.post("/journal/talks", response_class=HTMLResponse)
def add_talk(
    request: Request,
    topic: Annotated[str, Form()] = "",
    weight: Annotated[str | None, Form()] = None,
    opener: Annotated[str | None, Form()] = None,
    at: Annotated[str | None, Form()] = None,
) -> HTMLResponse:
    store = pages.state_of(request).store
    try:
        saved = journal.add_talk(
            store, topic, weight=_blank(weight), opener=_blank(opener), at=_blank(at)
        )
    except FiresideError as exc:
        return _refused(request, "talks.html", _talks_context(request), exc)
    return _page(
        request,
        "talks.html",
        {**_talks_context(request), "check": saved.check, "saved": SAVED["talk"]},
    )


@router.post("/journal/talks/{entry_id}/plan", response_class=HTMLResponse)
def plan_talk(request: Request, entry_id: str, at: Annotated[str, Form()] = "") -> HTMLResponse:
    store = pages.state_of(request).store
    try:
        saved = journal.plan_talk(store, entry_id, at=at)
    except FiresideError as exc:
        return _refused(request, "talks.html", _talks_context(request), exc)
    return _page(
        request,
        "talks.html",
        {**_talks_context(request), "check": saved.check, "saved": SAVED["talk"]},
    )


@router.post("/journal/talks/{entry_id}/{action}")
def talk_status(request: Request, entry_id: str, action: str) -> Response:
    store = pages.state_of(request).store
    if action == "hold":
        journal.hold_talk(store, entry_id)
    elif action == "let-go":
        journal.let_go_talk(store, entry_id)
    else:
        from fireside.errors import NotFoundError

        raise NotFoundError("There is no such action for a talk.", hint="Hold it or let it go.")
    return _back("/journal/talks", "talk")


@router.post("/journal/space-message", response_class=HTMLResponse)
def space_message(
    request: Request,
    doing: Annotated[str | None, Form()] = None,
    back: Annotated[str | None, Form()] = None,
) -> HTMLResponse:
    drafted = journal.draft_space_message(
        pages.state_of(request).store, doing=_blank(doing), back=_blank(back)
    )
    return _page(request, "talks.html", {**_talks_context(request), "space": drafted})
