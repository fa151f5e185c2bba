"""Safe on a shared laptop: the login secret, the session, CSRF, Origin, Host and headers.

- A per-install secret (``web-secret`` in the data folder, mode 0600). ``/login?token=``
  with it sets an HttpOnly, SameSite=Strict session cookie; a wrong token gets 401.
- Without the session every page and API answers 401; only ``/login`` and ``/static`` are
  open.
- Every state-changing request needs the CSRF token (form field ``csrf_token`` or header
  ``X-CSRF-Token``) and an ``Origin`` equal to this server's own; otherwise 403.
- The ``Host`` header must name this server (a DNS-rebinding page gets 400).
- Every answer carries a strict Content-Security-Policy, nosniff, Referrer-Policy
  ``same-origin`` (``no-referrer`` makes Chromium send ``Origin: null`` on forms).

The session and CSRF tokens are derived from the secret with HMAC, so they survive a restart
and ``--new-secret`` ends every session.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from fastapi import Request
from starlette.exceptions import HTTPException

from fireside import paths

SECRET_FILE = "web-secret"
COOKIE = "fireside_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
OPEN_PREFIXES = ("/static/",)
OPEN_PATHS = frozenset({"/login"})
AUTH_KEY = "fireside.auth"  # where the Guard puts who the request is (a web.state.Auth)

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def secret_path() -> Path:
    return paths.data_dir() / SECRET_FILE


def load_secret(*, rotate: bool = False) -> str:
    """The install's secret, made on first use (0600, written whole); ``rotate`` makes a new one."""
    target = secret_path()
    if not rotate:
        with contextlib.suppress(FileNotFoundError):
            text = target.read_text(encoding="ascii").strip()
            if len(text) >= 32:
                if target.stat().st_mode & 0o077:
                    target.chmod(0o600)
                return text
    secret = secrets.token_urlsafe(32)
    temporary = target.with_name(SECRET_FILE + f".{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secret + "\n")
    temporary.replace(target)
    return secret


class Keys:
    """What the secret gives: the session cookie's value and the CSRF token."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.session = self._derive("session")
        self.csrf = self._derive("csrf")

    def _derive(self, purpose: str) -> str:
        return hmac.new(self.secret.encode(), purpose.encode(), hashlib.sha256).hexdigest()

    def token_ok(self, token: str | None) -> bool:
        return token is not None and hmac.compare_digest(token.encode(), self.secret.encode())

    def session_ok(self, value: str | None) -> bool:
        return value is not None and hmac.compare_digest(value.encode(), self.session.encode())

    def csrf_ok(self, value: str | None) -> bool:
        return value is not None and hmac.compare_digest(value.encode(), self.csrf.encode())


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def session_cookie(scope: Scope) -> str | None:
    raw = _header(scope, b"cookie")
    if not raw:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # a malformed Cookie header is simply no session
        return None
    morsel = jar.get(COOKIE)
    return morsel.value if morsel else None


def is_open(path: str) -> bool:
    return path in OPEN_PATHS or path.startswith(OPEN_PREFIXES)


Authenticate = Callable[[str | None], Awaitable[Any]]  # the cookie → an Auth, or None


def local_authenticator(keys: Keys) -> Authenticate:
    """The personal install: the cookie derived from the secret is the one session."""
    from fireside.web.state import LOCAL_OWNER, Auth

    async def authenticate(cookie: str | None) -> Auth | None:
        return Auth(LOCAL_OWNER, keys.csrf) if keys.session_ok(cookie) else None

    return authenticate


class Guard:
    """ASGI middleware: Host check, the session check and the security headers.

    ``authenticate`` turns the session cookie into who the request is (``scope["fireside.auth"]``)
    or None: the loopback secret's cookie, or a server account's session.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        authenticate: Authenticate,
        hosts: Iterable[str] | None,
        unauthorised: Callable[[Scope], Awaitable[tuple[int, str, bytes]]],
        max_body: int,
    ) -> None:
        self.app = app
        self.max_body = max_body
        self.authenticate = authenticate
        self.hosts = {h.lower() for h in hosts} if hosts is not None else None
        self.unauthorised = unauthorised

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k not in dict(HEADERS)]
                message["headers"] = headers + HEADERS
            await send(message)

        host = (_header(scope, b"host") or "").lower()
        if self.hosts is not None and host not in self.hosts:
            await _plain(with_headers, 400, "text/plain", b"Unknown host name.\n")
            return
        if not is_open(scope["path"]):
            auth = await self.authenticate(session_cookie(scope))
            if auth is None:
                status, kind, body = await self.unauthorised(scope)
                await _plain(with_headers, status, kind, body)
                return
            scope[AUTH_KEY] = auth
        length = _header(scope, b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _plain(with_headers, 413, "text/plain", b"That file is too large.\n")
            return
        seen = 0

        async def capped() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise HTTPException(413, "That file is too large.")
            return message

        await self.app(scope, capped, with_headers)


async def _plain(send: Send, status: int, kind: str, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", f"{kind}; charset=utf-8".encode()),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def allowed_hosts(host: str, port: int) -> list[str]:
    """The Host headers this server answers to: the bound address and, on loopback, localhost."""
    names = {host}
    if host in ("127.0.0.1", "localhost", "::1"):
        names |= {"127.0.0.1", "localhost", "[::1]"}
    if host == "0.0.0.0":
        names |= {"127.0.0.1", "localhost"}
    found = []
    for name in names:
        shown = f"[{name}]" if ":" in name and not name.startswith("[") else name
        found += [f"{shown}:{port}"] + ([shown] if port == 80 else [])
    return found


LOGIN_COOKIE = "fireside_login"  # server mode: the sign-in form's own CSRF token (double submit)


def login_token(request: Request) -> str | None:
    """The sign-in form's token: the value of its cookie, which only this site can set."""
    value = request.cookies.get(LOGIN_COOKIE)
    return value if value and 32 <= len(value) <= 64 else None


async def csrf_protect(request: Request) -> None:
    """A global dependency: state-changing requests need a same-origin Origin and the token
    (the session's; before signing in on a server, the sign-in form's)."""
    if request.method in SAFE_METHODS:
        return
    auth = request.scope.get(AUTH_KEY)
    expected_token = auth.csrf if auth is not None else login_token(request)
    origin = request.headers.get("origin")
    expected = f"{request.url.scheme}://{request.headers.get('host', '')}"
    if origin is None or origin.lower() != expected.lower():
        raise HTTPException(403, "This request did not come from a fireside page.")
    token = request.headers.get(CSRF_HEADER)
    if token is None:
        kind = request.headers.get("content-type", "")
        if kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            token = value if isinstance(value, str) else None
    if (
        expected_token is None
        or token is None
        or not hmac.compare_digest(token.encode(), expected_token.encode())
    ):
        raise HTTPException(403, "This form has expired. Reload the page and try again.")
