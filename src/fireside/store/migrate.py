"""Run Alembic migrations on open, safely when two processes open the store at once."""

from __future__ import annotations

import contextlib
import fcntl
import re
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
HEAD_REVISION = "0011"
# Every revision fireside has had: numbered from 0001 without gaps (a test checks Alembic).
KNOWN_REVISIONS = frozenset(f"{n:04d}" for n in range(1, int(HEAD_REVISION) + 1))
_PG_LOCK_KEY = 0x66697265  # "fire"


def ours_or_empty(names: set[str], version: str | None) -> bool:
    """Whether a database with these tables (and this Alembic version) may be fireside's."""
    return not names or ("alembic_version" in names and version in KNOWN_REVISIONS)


def current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(
    engine: Engine, revision: str = "head", *, message_partitions: int | None = None
) -> None:
    """Bring the database to ``revision`` (default: the newest).

    ``message_partitions`` (PostgreSQL, when migration 0009 runs): make ``message``
    hash-partitioned by owner in that many partitions; default ``FIRESIDE_MESSAGE_PARTITIONS``.

    A database that is already current is only read: no lock is taken and nothing is
    written, so a read-only store can still be read. A database that is neither empty nor
    fireside's is never touched (its tables are not ours to add to).
    """
    _check_folder(engine)
    with engine.connect() as connection:  # first only read: no lock, no file beside it
        current = current_revision(connection)
        if revision == "head" and current == HEAD_REVISION:
            return
        _refuse_if_not_ours(connection, current, engine)
    with _migration_lock(engine), engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
        current = current_revision(connection)
        if revision == "head" and current == HEAD_REVISION:
            return
        _refuse_if_not_ours(connection, current, engine)
        from alembic import command  # imported only when there is work to do

        config = alembic_config()
        config.attributes["connection"] = connection
        if message_partitions is not None:
            config.attributes["message_partitions"] = message_partitions
        command.upgrade(config, revision)


def _refuse_if_not_ours(connection: Connection, current: str | None, engine: Engine) -> None:
    """Raise unless the database is empty or was made by this fireside (or an older one)."""
    where = engine.url.render_as_string(hide_password=True)
    if current is not None:
        if current in KNOWN_REVISIONS:
            return
        if re.fullmatch(r"\d{4}", current) and current > HEAD_REVISION:
            raise StoreError(
                f"{where} was made by a newer fireside (schema {current}; this one knows up "
                f"to {HEAD_REVISION}).",
                hint="Upgrade fireside to use it; it was left as it is.",
            )
        raise StoreError(
            f"{where} belongs to another program (its schema version is {current!r}), "
            "so fireside leaves it alone.",
            hint="Point --database-url at an empty database or a new file, or leave it unset "
            "to use fireside's own.",
        )
    found = inspect(connection)
    names = sorted({*found.get_table_names(), *found.get_view_names()})
    if names:
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        raise StoreError(
            f"{where} is not a fireside database: it already holds other tables ({shown}), "
            "so fireside leaves it alone.",
            hint="Point --database-url at an empty database or a new file, or leave it unset "
            "to use fireside's own.",
        )


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    location = resources.files("fireside.store").joinpath("migrations")
    config.set_main_option("script_location", str(location))
    return config


def _check_folder(engine: Engine) -> None:
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    db_path = Path(database)
    if not db_path.parent.is_dir():
        raise StoreError(
            f"Could not open the database {db_path}: the folder {db_path.parent} does not exist.",
            hint="Create the folder first, or choose another --database-url.",
        )


@contextlib.contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """An OS file lock beside a SQLite database; PostgreSQL uses an advisory lock instead."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    db_path = Path(database)
    lock_path = db_path.with_name(db_path.name + ".migrate-lock")
    try:
        handle = lock_path.open("a")
    except OSError as exc:
        raise StoreError(
            f"The database {db_path} needs setting up or upgrading for this version of "
            f"fireside, and that needs write access to its folder ({exc.strerror}).",
            hint="Run fireside once where you may write to that folder; it was left as it is.",
        ) from exc
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
