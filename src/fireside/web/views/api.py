"""The JSON API under ``/api/v1``: the same use-cases as the pages, ids instead of words."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from fireside.service import (
    background,
    cache,
    chats,
    guardrail,
    journal,
    plan,
    practices,
    uploads,
)
from fireside.web import pages
from fireside.web.views.imports import stage

router = APIRouter(tags=["fireside"])


class CheckRequest(BaseModel):
    text: str = Field(max_length=5000, description="The draft to check.")
    mood: int | None = Field(None, ge=0, le=4, description="0 calm … 4 very upset.")
    at: str | None = Field(None, description="now, a time today such as 18:10, or an ISO time.")


@router.post("/check", response_model=dict[str, Any])
async def check(request: Request, body: CheckRequest) -> JSONResponse:
    """Check a draft: what `fireside check --json` prints."""
    state = pages.state_of(request)

    def work() -> dict[str, Any]:
        store = state.reading_store()
        return cache.check_draft(
            state.cache, store, body.text, mood=body.mood, at=body.at or "now"
        ).as_json()

    return JSONResponse(await pages.checks_of(request).run(work))


@router.get("/reading")
def reading(
    request: Request, since: date | None = None, until: date | None = None
) -> dict[str, Any]:
    """The rhythm and the space reading: what `fireside rhythm --json` prints."""
    state = pages.state_of(request)
    return cache.space_reading(
        state.cache, state.reading_store(), since=since, until=until
    ).as_json()


@router.get("/imports")
def list_imports(request: Request) -> list[dict[str, Any]]:
    """What was imported, oldest first."""
    return [row.as_json() for row in chats.list_imports(pages.state_of(request).store)]


@router.post("/imports")
async def import_file(
    request: Request,
    file: Annotated[UploadFile, File()],
    me: Annotated[list[str] | None, Form()] = None,
    partner: Annotated[str | None, Form()] = None,
    chat: Annotated[str | None, Form()] = None,
    tz: Annotated[str | None, Form()] = None,
    date_order: Annotated[str | None, Form()] = None,
    keep_partner_text: Annotated[bool | None, Form()] = None,
) -> dict[str, Any]:
    """Import an export (multipart), all or nothing: the import report."""
    state = pages.state_of(request)
    path = await run_in_threadpool(stage, request, file)
    try:  # in a worker process at a lower priority; this request only waits for it
        report = await asyncio.wrap_future(
            background.submit_import(
                state.background,
                state.cache,
                await run_in_threadpool(lambda: state.store),
                path,
                me=me or None,
                partner=partner,
                chat=chat,
                tz=tz,
                date_order=date_order,
                keep_partner_text=keep_partner_text,
            )
        )
    finally:
        uploads.discard_upload(path)
    return report.as_json()


@router.get("/practices")
def find(request: Request, q: str | None = None, tag: str | None = None) -> list[dict[str, Any]]:
    """Practices matching the words (best first) and a tag; all of them without."""
    store = pages.state_of(request).reading_store()
    return practices.find_practices(store, q, tag=tag).as_json()


@router.get("/plan")
def weekly_plan(request: Request, week: str | None = None) -> dict[str, Any]:
    """The week's plan: what `fireside plan --json` prints (`week` as 2026-W05)."""
    return plan.weekly_plan(pages.state_of(request).reading_store(), week=week).as_json()


class MarkRequest(BaseModel):
    offer_id: str = Field(max_length=64, description="An offer of this week's plan.")
    mark: str | None = Field(None, description="done, not_for_me, or null to take it back.")


@router.post("/plan/marks")
def mark_offer(request: Request, body: MarkRequest) -> dict[str, Any]:
    """Mark one of this week's offers done or not for me (never offered again)."""
    store = pages.state_of(request).reading_store()
    return plan.mark_offer(store, body.offer_id, body.mark).as_json()


class IntentionRequest(BaseModel):
    text: str = Field(
        max_length=4 * guardrail.MAX_CHARS,
        description="What you are thinking of doing (the guardrail reads up to 2,000 "
        "characters, after trimming).",
    )


@router.post("/intention")
def intention(request: Request, body: IntentionRequest) -> dict[str, Any]:
    """Is this plan a game? What `fireside intention --json` prints. The text is not stored."""
    store = pages.state_of(request).reading_store()
    return guardrail.read_intention(body.text, store).as_json()


# ---------------------------------------------------------------- the journal

Kind = Literal["activities", "gestures", "his-world", "strengths", "reveals", "talks", "checkins"]
Fields = dict[str, str | int | bool | None]


@router.get("/balance")
def balance(request: Request, since: str | None = None, until: str | None = None) -> dict[str, Any]:
    """The journal's readings over a period: what `fireside balance --json` prints."""
    store = pages.state_of(request).store
    return journal.journal_balance(store, since=since, until=until).as_json()


@router.get("/{kind}")
def list_entries(request: Request, kind: Kind) -> dict[str, Any]:
    """Every entry of one kind, oldest first: what `fireside log list --json` (…) prints."""
    return journal.list_entries(pages.state_of(request).store, kind).as_json()


@router.post("/{kind}", status_code=201)
def add_entry(request: Request, kind: Kind, body: Fields) -> dict[str, Any]:
    """Add an entry; fields are named like the service's arguments (``title``, ``minutes``,
    ``side``, ``category``, ``on``, …) and take text as typed on the command line."""
    return journal.add_entry(pages.state_of(request).store, kind, body).as_json()


@router.patch("/{kind}/{entry_id}")
def edit_entry(request: Request, kind: Kind, entry_id: int, body: Fields) -> dict[str, Any]:
    """Change some fields of an entry."""
    return journal.edit_entry(pages.state_of(request).store, kind, entry_id, body).as_json()


@router.delete("/{kind}/{entry_id}")
def delete_entry(request: Request, kind: Kind, entry_id: int) -> dict[str, Any]:
    """Delete an entry."""
    return journal.delete_entry(pages.state_of(request).store, kind, entry_id).as_json()
