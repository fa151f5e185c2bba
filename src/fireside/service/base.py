"""Opening the data: what every face does first. Light to import (SQLAlchemy loads on use)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from fireside import paths
from fireside.errors import FiresideError, StoreError

if TYPE_CHECKING:
    from fireside.store import Store

__all__ = ["Store", "existing_store", "open_store"]


def open_store(database_url: str | None = None) -> Store:
    """Open (and create or upgrade) the database; the default is the file in the data folder."""
    from fireside.store import open_store as _open

    return _open(database_url)


def existing_store(database_url: str | None = None) -> Store | None:
    """The store if there is one: a use-case that only reads never creates a database."""
    if database_url is None and not paths.default_database_path(create_dir=False).exists():
        return None
    return open_store(database_url)


# --- encryption at rest (a SQLite store) ------------------------------------------------


def database_file(database_url: str | None) -> Path | None:
    """The SQLite file behind the URL, or None for PostgreSQL and in-memory databases."""
    from fireside.store.engine import resolve_url

    url = resolve_url(database_url)
    if not url.startswith("sqlite"):
        return None
    from sqlalchemy.engine import make_url

    database = make_url(url).database
    return Path(database) if database and database != ":memory:" else None


def needs_passphrase(database_url: str | None = None) -> bool:
    """Whether the store is encrypted and not unlocked yet in this process."""
    from fireside.store import cipher

    path = database_file(database_url)
    return path is not None and cipher.is_encrypted(path) and cipher.key_for(path) is None


def unlock(database_url: str | None, passphrase: str) -> None:
    """Unlock an encrypted store for this process (a wrong passphrase: WrongPassphrase)."""
    from fireside.store import cipher

    path = database_file(database_url)
    if path is not None and cipher.is_encrypted(path):
        cipher.unlock(path, passphrase)


def _sqlite_file(database_url: str | None, what: str) -> Path:
    path = database_file(database_url)
    if path is None:
        raise FiresideError(
            f"{what} is for fireside's own SQLite store.",
            hint="A PostgreSQL server keeps its data on the server: use its own tools "
            "(for a copy, pg_dump).",
        )
    return path


def create_encrypted(database_url: str | None, passphrase: str) -> Store:
    """Make a new, encrypted store (``fireside init --encrypt``)."""
    from fireside.store import cipher

    path = _sqlite_file(database_url, "Encryption")
    if cipher.is_encrypted(path):
        unlock(database_url, passphrase)
    else:
        cipher.prepare_new(path, passphrase)
    return open_store(database_url)


def is_encrypted(database_url: str | None = None) -> bool:
    from fireside.store import cipher

    path = database_file(database_url)
    return path is not None and cipher.is_encrypted(path)


def encrypt_store(database_url: str | None, passphrase: str) -> Path:
    """Encrypt the existing store in place (a new file, checked, then swapped in)."""
    from fireside.store import cipher

    path = _sqlite_file(database_url, "Encryption")
    if not path.exists():
        raise FiresideError(
            f"There is no store at {path} yet.", hint="`fireside init --encrypt` makes one."
        )
    if cipher.is_encrypted(path):
        raise StoreError(f"{path} is already encrypted.", hint="Nothing to do.")
    open_store(database_url).close()  # current migrations first
    cipher.encrypt(path, passphrase)
    return path


def decrypt_store(database_url: str | None) -> Path:
    """Decrypt the (unlocked) store in place."""
    from fireside.store import cipher

    path = _sqlite_file(database_url, "Decryption")
    if not cipher.is_encrypted(path):
        raise FiresideError(f"{path} is not encrypted.", hint="Nothing to do.")
    cipher.decrypt(path)
    return path


def backup_store(database_url: str | None, target: Path) -> Path:
    """A consistent copy while fireside runs; an encrypted store's copy stays encrypted
    (its salt file is copied beside it)."""
    from fireside.store import cipher

    path = _sqlite_file(database_url, "`fireside backup`")
    if not path.exists():
        raise FiresideError(f"There is no store at {path} yet.", hint="Nothing to back up.")
    if target.resolve() == path.resolve():
        raise FiresideError(
            "The backup can't replace the store itself.", hint="Choose another file."
        )
    if not target.parent.is_dir():
        raise FiresideError(
            f"The folder {target.parent} does not exist.", hint="Create it or choose another."
        )
    cipher.backup(path, target)
    return target
