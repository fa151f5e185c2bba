"""Export-all and erase-all: every row the owner has, in every table.

Works from the schema's metadata, so tables added by later migrations are covered without
touching this module. The server's own tables (accounts, sessions: ``AUTH_TABLES``) are
neither the person's data to export nor erased with it. Values computed from the data
(``DERIVED_TABLES``) are erased with it but not exported: they are not the person's data.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Connection, Table, delete, func, select

from fireside.store.schema import AUTH_TABLES, DERIVED_TABLES, metadata


def export_rows(connection: Connection, owner_id: str) -> dict[str, list[dict[str, Any]]]:
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in data_tables(derived=False):
        rows = connection.execute(select(table).where(table.c.owner_id == owner_id)).mappings()
        tables[table.name] = [{k: _jsonable(v) for k, v in row.items()} for row in rows]
    return tables


def count_rows(connection: Connection, owner_id: str) -> dict[str, int]:
    """How many rows the owner has in each of their tables (what ``export_rows`` would give,
    counted by the database)."""
    return {
        table.name: int(
            connection.execute(
                select(func.count()).select_from(table).where(table.c.owner_id == owner_id)
            ).scalar_one()
        )
        for table in data_tables(derived=False)
    }


def erase_rows(connection: Connection, owner_id: str) -> dict[str, int]:
    """Delete the owner's rows, children first. Returns rows deleted per table."""
    counts: dict[str, int] = {}
    for table in reversed(data_tables()):
        result = connection.execute(delete(table).where(table.c.owner_id == owner_id))
        counts[table.name] = result.rowcount or 0
    return counts


def data_tables(*, derived: bool = True) -> list[Table]:
    """The person's tables, parents first (``derived``: with the values computed from them)."""
    return [
        t
        for t in metadata.sorted_tables
        if t.name not in AUTH_TABLES and (derived or t.name not in DERIVED_TABLES)
    ]


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value
