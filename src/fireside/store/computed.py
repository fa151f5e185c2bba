"""Values computed from a person's data, kept as JSON text under the data version they came
from (``computed_value``; what they are is the service's business, not the store's)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, delete, insert, select

from fireside.store.schema import computed_value


def read_value(connection: Connection, owner_id: str, name: str) -> tuple[str, str] | None:
    """(data version, payload) of the value kept under ``name``, or None."""
    row = connection.execute(
        select(computed_value.c.data_version, computed_value.c.payload).where(
            computed_value.c.owner_id == owner_id, computed_value.c.name == name
        )
    ).first()
    return (str(row.data_version), str(row.payload)) if row else None


def write_value(
    connection: Connection, owner_id: str, name: str, version: str, payload: str
) -> None:
    """Keep ``payload`` under ``name`` (replacing what was there) and drop the owner's values
    of other data versions: what was computed from data that has changed goes."""
    connection.execute(
        delete(computed_value).where(
            computed_value.c.owner_id == owner_id,
            (computed_value.c.name == name) | (computed_value.c.data_version != version),
        )
    )
    connection.execute(
        insert(computed_value).values(
            owner_id=owner_id,
            name=name,
            data_version=version,
            payload=payload,
            computed_at=datetime.now(UTC),
        )
    )


def forget_values(connection: Connection, owner_id: str) -> None:
    """Drop every value computed from the owner's data (its data is about to change)."""
    connection.execute(delete(computed_value).where(computed_value.c.owner_id == owner_id))
