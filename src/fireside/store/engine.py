"""Engine factory: the SQLite file by default, any SQLAlchemy URL (PostgreSQL) on request.

SQLite is opened in WAL mode with a busy timeout so the CLI and the web app can use one
database at the same time without corrupting it or failing on a momentary lock.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from fireside import paths
from fireside.errors import StoreError
from fireside.store import cipher, owners
from fireside.store.migrate import ours_or_empty

DATABASE_URL_ENV = "FIRESIDE_DATABASE_URL"
BUSY_TIMEOUT_ENV = "FIRESIDE_BUSY_TIMEOUT"  # seconds to wait for another writer
BUSY_TIMEOUT_MS = 30_000


def busy_timeout_ms() -> int:
    """How long SQLite waits for another writer: ``FIRESIDE_BUSY_TIMEOUT`` seconds, default 30."""
    value = os.environ.get(BUSY_TIMEOUT_ENV)
    if not value:
        return BUSY_TIMEOUT_MS
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1
    if not 0 <= seconds <= 24 * 3600:
        raise StoreError(
            f"{BUSY_TIMEOUT_ENV}={value!r} is not a number of seconds.",
            hint="Use e.g. 30 (the default), or unset it.",
        )
    return round(seconds * 1000)


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
        kwargs["connect_args"] = {"timeout": busy_timeout_ms() / 1000}
        if parsed.database and read_only_file(Path(parsed.database)):
            kwargs["creator"] = _read_only_connector(Path(parsed.database))
        kwargs.update(_encrypted(parsed.database))
    try:
        engine = create_engine(parsed, **kwargs)
    except ModuleNotFoundError as exc:
        raise StoreError(
            f"The database driver for {parsed.drivername!r} is not installed ({exc.name}).",
            hint="For PostgreSQL install the extra: pip install 'fireside[postgres]'.",
        ) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    owners.install(engine)
    return engine


def read_only_file(path: Path) -> bool:
    """Whether ``path`` is an existing SQLite file that this process may read but not write.

    Writing needs the file and its folder (for the journal) to be writable; a read-only
    mount, or a file or folder without write permission, makes the store read-only.
    """
    if str(path) in ("", ":memory:") or not path.is_file():
        return False
    return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def _read_only_connector(path: Path) -> Callable[[], sqlite3.Connection]:
    """Connections that read ``path`` without writing anything beside it.

    With no write-ahead log beside it the file holds everything, and nobody can change it
    (the file or folder is read-only), so it is opened immutable: SQLite then needs no
    ``-shm`` file, which it could not create. A log left beside it is read too (``mode=ro``).
    """
    wal = path.with_name(path.name + "-wal")
    has_log = wal.exists() and wal.stat().st_size > 0
    uri = f"file:{quote(str(path.resolve()))}?mode=ro" + ("" if has_log else "&immutable=1")

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(
            uri, uri=True, timeout=busy_timeout_ms() / 1000, check_same_thread=False
        )

    return connect


def _encrypted(database: str | None) -> dict[str, Any]:
    """For an encrypted file (or one to be made encrypted): SQLCipher, with the key that
    ``cipher.unlock`` or ``cipher.prepare_new`` left for this path."""
    if not database or database == ":memory:":
        return {}
    path = Path(database)
    key = cipher.key_for(path)
    if key is None:
        if cipher.is_encrypted(path):
            raise cipher.PassphraseNeeded(path)
        return {}
    from sqlcipher3 import dbapi2

    def connect() -> Any:
        return cipher.connect(path, key, timeout=busy_timeout_ms() / 1000, check_same_thread=False)

    return {"module": dbapi2, "creator": connect, "connect_args": {}}


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL mode is written into the file, so only a database that is empty or fireside's is
    # switched to it: someone else's file is left exactly as it was (see migrate).
    names = {
        row[0]
        for row in cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
    }
    version = None
    if "alembic_version" in names:
        version = (
            cursor.execute("SELECT max(version_num) FROM alembic_version").fetchone() or [None]
        )[0]
    if ours_or_empty(names, version):
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Deleted rows are overwritten, not just unlinked, so forgetting an import or erasing
    # everything leaves no readable words in the file (some builds default to this; not all).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()
