"""The weekly plan's offers: plain rows in, plain rows out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from fireside.store.schema import plan_offer


def offer_rows(connection: Connection, owner_id: str) -> list[dict[str, Any]]:
    """Every offer row of the owner (a few a week: small), by week and position."""
    query = (
        select(plan_offer)
        .where(plan_offer.c.owner_id == owner_id)
        .order_by(plan_offer.c.week, plan_offer.c.position)
    )
    return [dict(row) for row in connection.execute(query).mappings()]


def record_offers(
    connection: Connection, owner_id: str, week: str, offer_ids: Sequence[str]
) -> None:
    """This week's offers are ``offer_ids``, in order: new ones are added, unmarked ones no
    longer offered are dropped, marked ones stay (what was done is remembered)."""
    table = plan_offer
    where = (table.c.owner_id == owner_id, table.c.week == week)
    rows = list(
        connection.execute(select(table.c.offer_id, table.c.mark, table.c.position).where(*where))
    )
    existing = {row.offer_id: row.mark for row in rows}
    placed = {row.offer_id: row.position for row in rows}
    gone = [i for i, mark in existing.items() if i not in offer_ids and mark is None]
    if gone:
        connection.execute(delete(table).where(*where, table.c.offer_id.in_(gone)))
    now = datetime.now(UTC)
    added = []
    for position, offer_id in enumerate(offer_ids):
        if offer_id not in existing:
            added.append(
                {
                    "owner_id": owner_id,
                    "week": week,
                    "offer_id": offer_id,
                    "position": position,
                    "offered_at": now,
                }
            )
        elif placed[offer_id] != position:  # as it was: a page view writes nothing
            connection.execute(
                update(table).where(*where, table.c.offer_id == offer_id).values(position=position)
            )
    if added:  # one statement for a new week's offers (its compiled form cached)
        connection.execute(insert(table), added)


def mark_offer(
    connection: Connection, owner_id: str, week: str, offer_id: str, mark: str | None
) -> bool:
    """Mark one offer of a week (None takes the mark back); False when it was not offered."""
    table = plan_offer
    changed = connection.execute(
        update(table)
        .where(table.c.owner_id == owner_id, table.c.week == week, table.c.offer_id == offer_id)
        .values(mark=mark, marked_at=datetime.now(UTC) if mark else None)
    ).rowcount
    return bool(changed)
