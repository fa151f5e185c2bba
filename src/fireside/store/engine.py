"""Engine factory: the SQLite file by default, any SQLAlchemy URL (PostgreSQL) on request.

SQLite is opened in WAL mode with a busy timeout so the CLI and the web app can use one
database at the same time without corrupting it or failing on a momentary lock.
"""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from fireside import paths
from fireside.errors import StoreError

DATABASE_URL_ENV = "FIRESIDE_DATABASE_URL"
BUSY_TIMEOUT_MS = 30_000


def resolve_url(url: str | None = None) -> str:
    """The explicit URL, else ``FIRESIDE_DATABASE_URL``, else the SQLite file in the data dir."""
    chosen = url or os.environ.get(DATABASE_URL_ENV)
    if chosen:
        return chosen
    return f"sqlite:///{paths.default_database_path()}"


def make_engine(url: str | None = None) -> Engine:
    resolved = resolve_url(url)
    try:
        parsed = make_url(resolved)
    except ArgumentError as exc:
        raise StoreError(
            f"{resolved!r} is not a database URL.",
            hint="Use e.g. sqlite:////path/to/fireside.db or "
            "postgresql+psycopg://user@host/dbname.",
        ) from exc
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000}
    try:
        engine = create_engine(parsed, **kwargs)
    except ModuleNotFoundError as exc:
        raise StoreError(
            f"The database driver for {parsed.drivername!r} is not installed ({exc.name}).",
            hint="For PostgreSQL install the extra: pip install 'fireside[postgres]'.",
        ) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Deleted rows are overwritten, not just unlinked, so forgetting an import or erasing
    # everything leaves no readable words in the file (some builds default to this; not all).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()
