"""Helpers for the web tests: an app on a throwaway home, and clients with or without login."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.testclient import TestClient

from fireside.web import create_app

SECRET = "test-secret-" + "x" * 40
ORIGIN = "http://127.0.0.1:8765"


def make_app(database_url: str | None = None, **kwargs: object) -> FastAPI:
    return create_app(database_url, secret=SECRET, **kwargs)  # type: ignore[arg-type]


def anonymous(app: FastAPI) -> TestClient:
    return TestClient(app, base_url=ORIGIN, follow_redirects=False)


def signed_in(app: FastAPI) -> TestClient:
    client = anonymous(app)
    response = client.get(f"/login?token={SECRET}")
    assert response.status_code == 303
    client.headers.update({"origin": ORIGIN})
    return client


def csrf(app: FastAPI) -> str:
    return str(app.state.keys.csrf)
