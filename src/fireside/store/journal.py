"""The journal's tables: plain rows in, plain rows out (the domain makes entries of them).

Ids are counted per owner in ``journal_counter`` (one row per owner and kind, bumped inside the
insert's transaction, so an id is never given twice, even after the newest entry is deleted);
two writers racing to make a kind's first counter make one of them try again (``Store``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, select, update

from fireside.errors import InvalidValueError
from fireside.store.schema import JOURNAL_TABLES, MAX_ID, journal_counter

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


def rows_of_every_kind(connection: Connection, owner_id: str) -> dict[str, list[dict[str, Any]]]:
    """``rows`` of each kind. Only the kinds the owner has a counter for can have rows (every
    insert bumps one), so a new account's journal is one small query, not one per kind."""
    counted = set(
        connection.execute(
            select(journal_counter.c.kind).where(journal_counter.c.owner_id == owner_id)
        ).scalars()
    )
    return {
        kind: rows(connection, owner_id, kind) if kind in counted else [] for kind in JOURNAL_TABLES
    }


def row(connection: Connection, owner_id: str, kind: str, entry_id: int) -> dict[str, Any] | None:
    table = table_of(kind)
    if not 1 <= entry_id <= MAX_ID:
        return None
    found = (
        connection.execute(
            select(table).where(table.c.owner_id == owner_id, table.c.id == entry_id)
        )
        .mappings()
        .first()
    )
    return dict(found) if found is not None else None


def next_id(connection: Connection, owner_id: str, kind: str) -> int:
    """The owner's next id for ``kind``: the counter bumped (which also serialises writers)."""
    counter = journal_counter
    bumped = connection.execute(
        update(counter)
        .where(counter.c.owner_id == owner_id, counter.c.kind == kind)
        .values(last_id=counter.c.last_id + 1)
        .returning(counter.c.last_id)
    ).scalar()
    if bumped is not None:
        return int(bumped)
    table = table_of(kind)
    largest = connection.execute(
        select(func.max(table.c.id)).where(table.c.owner_id == owner_id)
    ).scalar()
    first = int(largest or 0) + 1
    connection.execute(insert(counter).values(owner_id=owner_id, kind=kind, last_id=first))
    return first


def insert_row(connection: Connection, owner_id: str, kind: str, values: dict[str, Any]) -> int:
    """Add a row with the owner's next id; returns the id."""
    table = table_of(kind)
    entry_id = next_id(connection, owner_id, kind)
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
    if not 1 <= entry_id <= MAX_ID:
        return False
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
    if not 1 <= entry_id <= MAX_ID:
        return False
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
