"""Run Alembic migrations on open, safely when two processes open the store at once."""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from fireside.errors import StoreError

if TYPE_CHECKING:
    from alembic.config import Config

# The newest revision in migrations/versions. Checked against Alembic by a test, and used
# to skip importing Alembic at all when the database is already current (fast start-up).
HEAD_REVISION = "0006"
_PG_LOCK_KEY = 0x66697265  # "fire"


def current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` (default: the newest)."""
    with _migration_lock(engine), engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
        if revision == "head" and current_revision(connection) == HEAD_REVISION:
            return
        from alembic import command  # imported only when there is work to do

        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    location = resources.files("fireside.store").joinpath("migrations")
    config.set_main_option("script_location", str(location))
    return config


@contextlib.contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """An OS file lock beside a SQLite database; PostgreSQL uses an advisory lock instead."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    db_path = Path(database)
    if not db_path.parent.is_dir():
        raise StoreError(
            f"Could not open the database {db_path}: the folder {db_path.parent} does not exist.",
            hint="Create the folder first, or choose another --database-url.",
        )
    lock_path = db_path.with_name(db_path.name + ".migrate-lock")
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
