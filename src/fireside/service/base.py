"""Opening the data: what every face does first. Light to import (SQLAlchemy loads on use)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fireside import paths

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
