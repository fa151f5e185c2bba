"""What was imported: the list, and forgetting one import with its messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select

from fireside.errors import NotFoundError
from fireside.ingest.report import utc_iso
from fireside.store import Store
from fireside.store.computed import forget_values
from fireside.store.schema import MAX_ID, chat_import, message


@dataclass(frozen=True)
class ImportRow:
    id: int
    format: str
    file: str
    imported_at: str
    messages: int
    duplicates: int
    first: str | None
    last: str | None

    def as_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


def list_imports(store: Store) -> list[ImportRow]:
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(chat_import)
            .where(chat_import.c.owner_id == store.owner_id)
            .order_by(chat_import.c.id)
        ).mappings()
        return [
            ImportRow(
                id=r["id"],
                format=r["source_format"],
                file=r["file_name"],
                imported_at=r["imported_at"].isoformat(timespec="seconds")
                if r["imported_at"]
                else "",
                messages=r["messages"],
                duplicates=r["duplicates"],
                first=utc_iso(r["first_ts"]) if r["first_ts"] is not None else None,
                last=utc_iso(r["last_ts"]) if r["last_ts"] is not None else None,
            )
            for r in rows
        ]


def forget_import(store: Store, import_id: int) -> int:
    """Remove one import and its messages; returns how many messages went with it."""
    if not 1 <= import_id <= MAX_ID:  # no such id; PostgreSQL would refuse the number itself
        raise NotFoundError(
            f"There is no import {import_id}.", hint="`fireside imports` lists them."
        )
    with store.engine.begin() as connection:
        exists = connection.execute(
            select(chat_import.c.id).where(
                chat_import.c.id == import_id, chat_import.c.owner_id == store.owner_id
            )
        ).first()
        if exists is None:
            raise NotFoundError(
                f"There is no import {import_id}.", hint="`fireside imports` lists them."
            )
        removed = connection.execute(
            delete(message).where(
                message.c.import_id == import_id, message.c.owner_id == store.owner_id
            )
        ).rowcount
        connection.execute(
            delete(chat_import).where(
                chat_import.c.id == import_id, chat_import.c.owner_id == store.owner_id
            )
        )
        forget_values(connection, store.owner_id)  # nothing computed from it stays behind
    return int(removed or 0)
