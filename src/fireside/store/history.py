"""The latest messages' times and sides, as plain rows: the coach turns them into facts."""

from __future__ import annotations

from sqlalchemy import Connection, select

from fireside.store.schema import message


def recent_turns(connection: Connection, owner_id: str, limit: int) -> list[tuple[int, bool]]:
    """(epoch milliseconds, mine) of the newest ``limit`` messages of me and the partner,
    oldest first."""
    newest_first = connection.execute(
        select(message.c.ts, message.c.role)
        .where(message.c.owner_id == owner_id, message.c.role.in_(("me", "partner")))
        .order_by(message.c.ts.desc())
        .limit(limit)
    ).all()
    return [(int(ts), role == "me") for ts, role in reversed(newest_first)]
