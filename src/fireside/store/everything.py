"""Export-all and erase-all: every row the owner has, in every table.

Works from the schema's metadata, so tables added by later migrations are covered without
touching this module.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Connection, delete, select

from fireside.store.schema import metadata


def export_rows(connection: Connection, owner_id: str) -> dict[str, list[dict[str, Any]]]:
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in metadata.sorted_tables:
        rows = connection.execute(select(table).where(table.c.owner_id == owner_id)).mappings()
        tables[table.name] = [{k: _jsonable(v) for k, v in row.items()} for row in rows]
    return tables


def erase_rows(connection: Connection, owner_id: str) -> dict[str, int]:
    """Delete the owner's rows, children first. Returns rows deleted per table."""
    counts: dict[str, int] = {}
    for table in reversed(metadata.sorted_tables):
        result = connection.execute(delete(table).where(table.c.owner_id == owner_id))
        counts[table.name] = result.rowcount or 0
    return counts


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value
