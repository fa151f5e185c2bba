"""Imported messages as a Polars frame for the rhythm: ts (UTC), role, kind, words."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select

from fireside.store.schema import message

if TYPE_CHECKING:
    import polars as pl


def load_messages(
    connection: Connection,
    owner_id: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
) -> pl.DataFrame:
    import polars as pl  # only the rhythm needs Polars here

    query = select(message.c.ts, message.c.role, message.c.kind, message.c.words).where(
        message.c.owner_id == owner_id, message.c.role.in_(("me", "partner"))
    )
    if since is not None:
        query = query.where(message.c.ts >= int(since.timestamp() * 1000))
    if until is not None:
        query = query.where(message.c.ts < int(until.timestamp() * 1000))
    rows = connection.execute(query.order_by(message.c.ts)).all()
    frame = pl.DataFrame(
        {
            "ts": [r[0] for r in rows],
            "role": [r[1] for r in rows],
            "kind": [r[2] for r in rows],
            "words": [r[3] for r in rows],
        },
        schema={"ts": pl.Int64, "role": pl.String, "kind": pl.String, "words": pl.Int64},
    )
    return frame.with_columns(
        pl.from_epoch(pl.col("ts"), time_unit="ms").dt.replace_time_zone("UTC")
    )
