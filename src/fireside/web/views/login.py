"""``/login``: the only door. On a personal install the secret token sets the session cookie;
on a server (``fireside serve --server``) a form takes the account's name and password."""

from __future__ import annotations

import secrets
from typing import Annotated

from anyio import to_thread
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fireside.service import accounts
from fireside.web import pages
from fireside.web.security import COOKIE, LOGIN_COOKIE, login_token, session_cookie
from fireside.web.signin import Busy, SignIn

router = APIRouter()
SESSION_SECONDS = accounts.SESSION_DAYS * 86400


def _signin(request: Request) -> SignIn | None:
    found = request.app.state.signin
    return found if isinstance(found, SignIn) else None


def _form(
    request: Request, *, status: int = 200, error: str | None = None, name: str = ""
) -> Response:
    token = login_token(request) or secrets.token_urlsafe(32)
    request.scope["fireside.login_csrf"] = token
    response = pages.render(request, "login.html", {"error": error, "name": name}, status=status)
    response.set_cookie(
        LOGIN_COOKIE, token, httponly=True, samesite="strict", path="/login", max_age=3600
    )
    response.headers["cache-control"] = "no-store"
    return response


@router.get("/login")
def login(request: Request, token: str | None = None) -> Response:
    if _signin(request) is not None:
        return _form(request)
    keys = pages.app_state(request).keys
    assert keys is not None
    if not keys.token_ok(token):
        return HTMLResponse(pages.locked_page(), status_code=401)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        COOKIE, keys.session, httponly=True, samesite="strict", path="/", max_age=30 * 86400
    )
    response.headers["cache-control"] = "no-store"
    return response


@router.post("/login")
async def sign_in(
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    signin = _signin(request)
    if signin is None:
        return HTMLResponse(pages.locked_page(), status_code=401)
    name = username.strip().lower()
    address = request.client.host if request.client else "unknown"
    state = pages.app_state(request)
    wait = await to_thread.run_sync(signin.wait_s, state.store, name, address)
    if wait:
        response = _form(
            request,
            status=429,
            name=name,
            error=f"Too many tries. Please wait {int(wait // 60) + 1} minutes and try again.",
        )
        response.headers["retry-after"] = str(int(wait))
        return response
    try:
        ok = await signin.verify(state, name, password)
    except Busy:
        response = _form(
            request,
            status=503,
            name=name,
            error="Many people are signing in right now. Try again in a moment.",
        )
        response.headers["retry-after"] = "5"
        return response
    await to_thread.run_sync(lambda: signin.record(state.store, name, address, ok=ok))
    if not ok:
        return _form(request, status=401, name=name, error="That name and password don't match.")
    cookie = await to_thread.run_sync(accounts.start_session, state.store, name)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        COOKIE, cookie, httponly=True, samesite="strict", path="/", max_age=SESSION_SECONDS
    )
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    response.headers["cache-control"] = "no-store"
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    state = pages.app_state(request)
    if state.server:
        accounts.end_session(state.store, session_cookie(request.scope))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
