"""Section 3 of issue 12: every rule of the local web app's security, over HTTP."""

from __future__ import annotations

import re
import stat
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from starlette.testclient import TestClient

from fireside.web.security import COOKIE, CSP, load_secret, secret_path
from tests.webclient import ORIGIN, SECRET, anonymous, csrf, make_app, signed_in

PAGES = [
    "/",
    "/plan",
    "/coach",
    "/rhythm",
    "/import",
    "/practices",
    "/practices/P08",
    "/settings",
    "/setup",
    "/ground",
]
API = ["/api/v1/reading", "/api/v1/imports", "/api/v1/practices?q=space", "/api/v1/openapi.json"]


@pytest.fixture
def app():  # type: ignore[no-untyped-def]
    return make_app()


def test_the_secret_is_made_once_private_and_rotates() -> None:
    first = load_secret()
    assert len(first) >= 32
    assert stat.S_IMODE(secret_path().stat().st_mode) == 0o600
    assert load_secret() == first
    rotated = load_secret(rotate=True)
    assert rotated != first and load_secret() == rotated


def test_login_with_the_secret_sets_a_strict_httponly_cookie_and_redirects(app) -> None:  # type: ignore[no-untyped-def]
    response = anonymous(app).get(f"/login?token={SECRET}")
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower() and "Path=/" in cookie
    assert SECRET not in cookie  # the cookie is derived from the secret, not the secret itself


@pytest.mark.parametrize("token", ["", "wrong", SECRET + "x", SECRET[:-1]])
def test_a_wrong_token_gets_401(app, token: str) -> None:  # type: ignore[no-untyped-def]
    response = anonymous(app).get(f"/login?token={token}")
    assert response.status_code == 401
    assert "set-cookie" not in response.headers


@pytest.mark.parametrize("path", [*PAGES, "/no/such/page"])
def test_without_the_session_every_page_is_401_saying_how_to_open_fireside(app, path: str) -> None:  # type: ignore[no-untyped-def]
    response = anonymous(app).get(path)
    assert response.status_code == 401
    assert "fireside serve" in response.text and "text/html" in response.headers["content-type"]


@pytest.mark.parametrize("path", API)
def test_without_the_session_every_api_call_is_401_json(app, path: str) -> None:  # type: ignore[no-untyped-def]
    response = anonymous(app).get(path)
    assert response.status_code == 401
    assert response.json()["error"]


def test_a_forged_cookie_is_not_a_session(app) -> None:  # type: ignore[no-untyped-def]
    client = anonymous(app)
    client.cookies.set(COOKIE, "0" * 64)
    assert client.get("/").status_code == 401


def test_static_files_and_login_are_open(app) -> None:  # type: ignore[no-untyped-def]
    client = anonymous(app)
    assert client.get("/static/htmx.min.js").status_code == 200
    assert client.get("/static/fireside.css").status_code == 200


def test_a_new_secret_ends_every_session() -> None:
    old = make_app()
    client = signed_in(old)
    cookie = client.cookies.get(COOKIE)
    from fireside.web import create_app

    rotated = create_app(secret=load_secret(rotate=True))
    other = TestClient(rotated, base_url=ORIGIN, follow_redirects=False)
    other.cookies.set(COOKIE, cookie or "")
    assert other.get("/").status_code == 401


def _routes(routes, prefix: str = ""):  # type: ignore[no-untyped-def]
    for route in routes:
        if isinstance(route, APIRoute):
            yield prefix + route.path, route.methods
        elif hasattr(route, "original_router"):  # FastAPI >= 0.16x keeps included routers
            inner = route.include_context.prefix if hasattr(route.include_context, "prefix") else ""
            yield from _routes(route.original_router.routes, prefix + (inner or ""))


def _state_changing_routes(app) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    found = []
    for path, methods in _routes(app.routes):
        for method in methods - {"GET", "HEAD", "OPTIONS"}:
            found.append((method, re.sub(r"\{[^}]+\}", "1", path)))
    return found


def test_there_are_state_changing_routes_to_check(app) -> None:  # type: ignore[no-untyped-def]
    routes = _state_changing_routes(app)
    assert ("POST", "/api/v1/check") in routes and ("POST", "/settings/erase") in routes
    assert len(routes) >= 10


def test_every_state_changing_request_without_the_csrf_token_is_403(app) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(app)
    for method, path in _state_changing_routes(app):
        response = client.request(method, path, data={"confirm": "erase", "text": "hi"})
        assert response.status_code == 403, (method, path, response.status_code)
        wrong = client.request(method, path, data={"csrf_token": "nope", "confirm": "erase"})
        assert wrong.status_code == 403, (method, path)


def test_every_state_changing_request_from_another_origin_is_403(app) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(app)
    token = csrf(app)
    for method, path in _state_changing_routes(app):
        for origin in ("http://evil.example", "null", None):
            headers = {"x-csrf-token": token}
            client.headers.pop("origin", None)
            if origin:
                headers["origin"] = origin
            response = client.request(method, path, headers=headers, data={"csrf_token": token})
            assert response.status_code == 403, (method, path, origin)


def test_the_token_works_as_a_form_field_or_a_header(app) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(app)
    token = csrf(app)
    by_field = client.post("/coach", data={"csrf_token": token, "text": "I miss you"})
    assert by_field.status_code == 200
    by_header = client.post(
        "/api/v1/check", json={"text": "I miss you"}, headers={"x-csrf-token": token}
    )
    assert by_header.status_code == 200 and by_header.json()["verdict"]
    multipart = client.post(
        "/api/v1/imports",
        data={"csrf_token": token},
        files={"file": ("empty.txt", b"", "text/plain")},
    )
    assert multipart.status_code == 400  # through the CSRF check: the empty file is refused


def test_every_page_carries_the_csrf_meta_tag(app) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(app)
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert f'<meta name="csrf-token" content="{csrf(app)}">' in response.text


@pytest.mark.parametrize(
    "path", ["/", "/login", "/static/fireside.css", "/api/v1/reading", "/nowhere"]
)
def test_security_headers_on_every_answer(app, path: str) -> None:  # type: ignore[no-untyped-def]
    for client in (anonymous(app), signed_in(app)):
        response = client.get(path)
        policy = response.headers["content-security-policy"]
        assert policy == CSP
        scripts = re.search(r"script-src ([^;]+)", policy)
        assert scripts and "unsafe-inline" not in scripts[1] and "unsafe-eval" not in scripts[1]
        assert "frame-ancestors 'none'" in policy
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"


def test_an_unknown_host_header_is_refused(app) -> None:  # type: ignore[no-untyped-def]
    """A page on another site that points its own name at 127.0.0.1 (DNS rebinding)."""
    client = TestClient(app, base_url="http://evil.example:8765")
    client.cookies.set(COOKIE, app.state.keys.session)
    assert client.get("/").status_code == 400
    assert client.get("/api/v1/reading").status_code == 400


def test_localhost_is_the_same_server(app) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(app, base_url="http://localhost:8765", follow_redirects=False)
    assert client.get(f"/login?token={SECRET}").status_code == 303


def test_uploads_over_the_cap_are_refused_and_nothing_is_kept(fireside_home: Path) -> None:
    app = make_app(max_upload=1000)
    client = signed_in(app)
    response = client.post(
        "/api/v1/imports",
        headers={"x-csrf-token": csrf(app)},
        files={"file": ("big.txt", b"x" * 5000, "text/plain")},
    )
    assert response.status_code in (413, 422)
    uploads = fireside_home / "uploads"
    assert not uploads.exists() or not any(p.is_file() for p in uploads.rglob("*"))


def test_an_upload_is_checked_like_a_file_on_the_command_line(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A zip with a path that climbs out is refused by the same archive rules as the CLI."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../escape.txt", "12/01/2024, 10:00 - Maya: hi\n")
    client = signed_in(app)
    response = client.post(
        "/api/v1/imports",
        headers={"x-csrf-token": csrf(app)},
        files={"file": ("chat.zip", buffer.getvalue(), "application/zip")},
    )
    assert 400 <= response.status_code < 500
    assert response.json()["error"]
    assert not (tmp_path.parent / "escape.txt").exists()


def test_the_session_cookie_is_never_readable_by_page_scripts(app) -> None:  # type: ignore[no-untyped-def]
    response = anonymous(app).get(f"/login?token={SECRET}")
    assert "httponly" in response.headers["set-cookie"].lower()
