"""``/login?token=``: the only door. The right token sets the session cookie."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fireside.web import pages
from fireside.web.security import COOKIE

router = APIRouter()


@router.get("/login")
def login(request: Request, token: str | None = None) -> Response:
    keys = pages.state_of(request).keys
    if not keys.token_ok(token):
        return HTMLResponse(pages.locked_page(), status_code=401)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        COOKIE, keys.session, httponly=True, samesite="strict", path="/", max_age=30 * 86400
    )
    response.headers["cache-control"] = "no-store"
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
