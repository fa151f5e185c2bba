"""Shared fixtures. Every test gets its own FIRESIDE_HOME; nothing touches the real home."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from tests import pg

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(autouse=True)
def fireside_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "fireside-home"
    monkeypatch.setenv("FIRESIDE_HOME", str(home))
    monkeypatch.delenv("FIRESIDE_DATABASE_URL", raising=False)
    for name in list(os.environ):
        if name.startswith("FIRESIDE_") and name not in (
            "FIRESIDE_HOME",
            "FIRESIDE_TEST_POSTGRES_URL",
        ):
            monkeypatch.delenv(name)
    return home


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    if not pg.available():
        if os.environ.get("CI"):
            pytest.fail("CI must run the PostgreSQL tests, but no PostgreSQL is installed")
        pytest.skip("PostgreSQL is not installed (scripts/ensure-postgres.sh installs it)")
    with pg.server() as url:
        yield url


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty database on the throwaway server, dropped afterwards."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    base, _, _ = postgres_server.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, fireside_home: Path) -> str:
    """Each store test runs twice: on the SQLite file and on a real PostgreSQL database."""
    if request.param == "sqlite":
        fireside_home.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{fireside_home}/test.db"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
