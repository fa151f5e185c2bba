"""The journal's tables: plain rows in, plain rows out (the domain makes entries of them).

Ids are counted per owner (the next one is the owner's largest plus one, inside the insert's
transaction); two writers racing for one id make one of them try again (``Store``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, select, update

from fireside.errors import InvalidValueError
from fireside.store.schema import JOURNAL_TABLES

_REFERENCES = {"his_world": "world_id", "strength": "strength_id"}  # columns of journal_gesture


def table_of(kind: str) -> Table:
    try:
        return JOURNAL_TABLES[kind]
    except KeyError:
        raise InvalidValueError("kind", kind, ", ".join(JOURNAL_TABLES)) from None


def _order(table: Table) -> list[Any]:
    moment = table.c.at if "at" in table.c else table.c.on
    return [moment, table.c.id]


def rows(connection: Connection, owner_id: str, kind: str) -> list[dict[str, Any]]:
    """Every row of one kind this owner has, oldest first."""
    table = table_of(kind)
    query = select(table).where(table.c.owner_id == owner_id).order_by(*_order(table))
    return [dict(row) for row in connection.execute(query).mappings()]


def row(connection: Connection, owner_id: str, kind: str, entry_id: int) -> dict[str, Any] | None:
    table = table_of(kind)
    found = (
        connection.execute(
            select(table).where(table.c.owner_id == owner_id, table.c.id == entry_id)
        )
        .mappings()
        .first()
    )
    return dict(found) if found is not None else None


def insert_row(connection: Connection, owner_id: str, kind: str, values: dict[str, Any]) -> int:
    """Add a row with the owner's next id; returns the id."""
    table = table_of(kind)
    largest = connection.execute(
        select(func.max(table.c.id)).where(table.c.owner_id == owner_id)
    ).scalar()
    entry_id = int(largest or 0) + 1
    now = datetime.now(UTC)
    connection.execute(
        insert(table).values(
            owner_id=owner_id, id=entry_id, created_at=now, updated_at=now, **values
        )
    )
    return entry_id


def update_row(
    connection: Connection, owner_id: str, kind: str, entry_id: int, values: dict[str, Any]
) -> bool:
    table = table_of(kind)
    changed = connection.execute(
        update(table)
        .where(table.c.owner_id == owner_id, table.c.id == entry_id)
        .values(updated_at=datetime.now(UTC), **values)
    ).rowcount
    return bool(changed)


def delete_row(connection: Connection, owner_id: str, kind: str, entry_id: int) -> bool:
    """Delete one row; gestures that pointed at a deleted his-world item or strength keep
    their date and note but point nowhere."""
    table = table_of(kind)
    gone = connection.execute(
        delete(table).where(table.c.owner_id == owner_id, table.c.id == entry_id)
    ).rowcount
    reference = _REFERENCES.get(kind)
    if gone and reference:
        gestures = JOURNAL_TABLES["gesture"]
        connection.execute(
            update(gestures)
            .where(gestures.c.owner_id == owner_id, gestures.c[reference] == entry_id)
            .values({reference: None})
        )
    return bool(gone)
