"""Server mode in tests: a non-superuser role owning a fresh database on the throwaway
PostgreSQL (superusers skip row-level security), accounts with cheap hashes, signed-in
clients and small chats carrying a marker of their owner."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

from argon2 import PasswordHasher
from fastapi import FastAPI
from sqlalchemy import create_engine, text
from starlette.testclient import TestClient

from fireside.service import accounts
from fireside.store import open_store
from fireside.web import create_app

ORIGIN = "http://127.0.0.1:8765"
ROLE = "fireside_app"
PASSWORD = "correct horse battery"
CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def app_database(postgres_server: str, *, partitions: int = 0) -> Iterator[str]:
    """A database owned by an ordinary role; yields its URL as that role (migrated)."""
    name = f"s_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": ROLE}
        ).first()
        if not exists:
            connection.execute(text(f"CREATE ROLE {ROLE} LOGIN"))
        connection.execute(text(f'CREATE DATABASE "{name}" OWNER {ROLE}'))
    base, _, _ = postgres_server.rpartition("/")
    url = base.replace("postgres@", f"{ROLE}@", 1) + f"/{name}"
    from fireside.store import migrate
    from fireside.store.engine import make_engine

    engine = make_engine(url)
    migrate.upgrade(engine, message_partitions=partitions)
    engine.dispose()
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def add_accounts(url: str, *names: str) -> None:
    accounts.use_hasher(CHEAP)
    with open_store(url) as store:
        for name in names:
            accounts.add_account(store, name, PASSWORD)


def server_app(url: str) -> FastAPI:
    accounts.use_hasher(CHEAP)
    return create_app(url, server=True)


def anonymous(app: FastAPI) -> TestClient:
    return TestClient(app, base_url=ORIGIN, follow_redirects=False)


def login_csrf(client: TestClient) -> str:
    page = client.get("/login")
    assert page.status_code == 200, page.text
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found
    return found.group(1)


def sign_in(app: FastAPI, name: str, password: str = PASSWORD) -> TestClient:
    client = anonymous(app)
    client.headers.update({"origin": ORIGIN})
    response = client.post(
        "/login",
        data={"username": name, "password": password, "csrf_token": login_csrf(client)},
    )
    assert response.status_code == 303, response.text
    return client


def csrf_of(client: TestClient) -> str:
    page = client.get("/settings")
    found = re.search(r'<meta name="csrf-token" content="([^"]+)"', page.text)
    assert found, page.text[:300]
    return found.group(1)


def chat_file(folder: Path, marker: str, messages: int) -> Path:
    """A WhatsApp (Android, en-GB) export between Me<marker> and Pal<marker>."""
    lines = []
    for number in range(messages):
        who = f"Me{marker}" if number % 2 == 0 else f"Pal{marker}"
        minute = number % 60
        hour = 8 + (number // 60) % 12
        day = 13 + (number // 720) % 15  # a day above 12: the order is plain
        lines.append(f"{day:02d}/03/2024, {hour:02d}:{minute:02d} - {who}: note {marker} {number}")
    path = folder / f"WhatsApp Chat with Pal{marker}.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
