"""``/import``: upload an export, say who is who (and the date order when it must be
chosen), the privacy choice, the report; the list of imports with forget."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from fireside.errors import FiresideError
from fireside.service import background, chats, uploads
from fireside.web import pages
from fireside.web.jobs import Job

router = APIRouter()
CHUNK = 1024 * 1024


def chunks_of(upload: UploadFile) -> Iterator[bytes]:
    while chunk := upload.file.read(CHUNK):
        yield chunk


def stage(request: Request, file: UploadFile) -> Any:
    """The upload, kept privately in the data folder (capped)."""
    return uploads.stage_upload(
        chunks_of(file), file.filename or "upload", limit=request.app.state.max_upload
    )


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request) -> HTMLResponse:
    state = pages.state_of(request)
    return pages.render(
        request,
        "import.html",
        {"imports": chats.list_imports(state.store), "set_up": state.set_up()},
    )


@router.post("/import")
def upload(
    request: Request,
    file: Annotated[UploadFile, File()],
    keep_partner_text: Annotated[bool, Form()] = False,
) -> Response:
    state = pages.state_of(request)
    path = stage(request, file)
    store = state.store

    def work(job: Job) -> chats.Preview:
        return background.submit_preview(
            state.background, store, path, progress=job.progress
        ).result()

    job = state.jobs.start(
        "preview",
        work,
        owner=store.owner_id,
        upload=uploads.upload_token(path),
        keep=keep_partner_text,
    )
    return RedirectResponse(f"/import/jobs/{job.id}", status_code=303)


@router.post("/import/confirm")
def confirm(
    request: Request,
    upload: Annotated[str, Form()],
    me: Annotated[str, Form()],
    partner: Annotated[str, Form()],
    date_order: Annotated[str | None, Form()] = None,
    keep_partner_text: Annotated[bool, Form()] = False,
) -> Response:
    state = pages.state_of(request)
    if me == partner:
        raise FiresideError(
            "You and your partner can't be the same person in the chat.",
            hint="Go back and pick two different names.",
        )
    store = state.store
    if state.server and not state.jobs.owns_upload(store.owner_id, upload):
        raise FiresideError("That upload is not known.", hint="Upload the file again.")
    path = uploads.find_upload(upload)

    def work(job: Job) -> Any:
        try:
            return background.submit_import(
                state.background,
                state.cache,
                store,
                path,
                me=[me],
                partner=partner,
                date_order=date_order or None,
                keep_partner_text=keep_partner_text,
                progress=job.progress,
                saving=job.saving,
            ).result()
        finally:
            uploads.discard_upload(path)

    job = state.jobs.start("import", work, owner=store.owner_id)
    return RedirectResponse(f"/import/jobs/{job.id}", status_code=303)


def _job(request: Request, job_id: str) -> Job:
    state = pages.state_of(request)
    job = state.jobs.get(job_id, state.store.owner_id)
    if job is None:
        raise HTTPException(
            404, "This import is no longer known. Start it again from the Import page."
        )
    return job


@router.get("/import/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str) -> HTMLResponse:
    return pages.render(request, "import_job.html", {"job": _job(request, job_id)})


@router.get("/import/jobs/{job_id}/status", response_class=HTMLResponse)
def job_status(request: Request, job_id: str) -> HTMLResponse:
    return pages.render(request, "_job.html", {"job": _job(request, job_id)})


@router.get("/import/{import_id}/forget", response_class=HTMLResponse)
def forget_page(request: Request, import_id: int) -> HTMLResponse:
    state = pages.state_of(request)
    found = [row for row in chats.list_imports(state.store) if row.id == import_id]
    if not found:
        raise HTTPException(404, "There is no such import.")
    return pages.render(request, "forget.html", {"row": found[0]})


@router.post("/import/{import_id}/forget")
def forget(request: Request, import_id: int) -> Response:
    state = pages.state_of(request)
    removed = chats.forget_import(state.store, import_id)
    state.forget_readings()
    return RedirectResponse(f"/import?forgot={removed}", status_code=303)
