"""A cheap fingerprint of what the store holds, for caches of readings computed from it."""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from fireside.store.schema import chat_import, profile


def data_version(connection: Connection, owner_id: str) -> str:
    """Changes whenever an import is added or forgotten, the data is erased or the profile is
    saved. Reads only the (small) imports and profile tables, never the messages."""
    imports = connection.execute(
        select(func.count(), func.max(chat_import.c.id), func.sum(chat_import.c.messages)).where(
            chat_import.c.owner_id == owner_id
        )
    ).one()
    saved = connection.execute(
        select(profile.c.updated_at).where(profile.c.owner_id == owner_id)
    ).scalar()
    return f"{imports[0]}:{imports[1]}:{imports[2]}:{saved.isoformat() if saved else '-'}"


def nothing_imported(version: str) -> bool:
    """Whether ``data_version`` came from an owner without a single import, so without
    messages (every message belongs to an import)."""
    return version.startswith("0:")
