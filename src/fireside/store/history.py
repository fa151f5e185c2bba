"""Recent conversation facts for the coach's waiting gate, read from imported messages."""

from __future__ import annotations

import itertools
import statistics
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, select

from fireside.coach.model import History
from fireside.store.schema import message

RECENT_MESSAGES = 2_000  # enough replies for a stable median, read in a few milliseconds


def recent_history(
    connection: Connection, owner_id: str, now: datetime | None = None
) -> History | None:
    """My unanswered run at the end of the chat, time since my last message, the partner's
    median reply time (a partner message right after one of mine). None without messages."""
    newest_first = connection.execute(
        select(message.c.ts, message.c.role)
        .where(message.c.owner_id == owner_id, message.c.role.in_(("me", "partner")))
        .order_by(message.c.ts.desc())
        .limit(RECENT_MESSAGES)
    ).all()
    if not newest_first:
        return None
    rows = [(int(ts), str(role)) for ts, role in reversed(newest_first)]
    unanswered = 0
    for _ts, role in reversed(rows):
        if role != "me":
            break
        unanswered += 1
    replies = [
        (later - earlier) / 1000
        for (earlier, first_role), (later, second_role) in itertools.pairwise(rows)
        if first_role == "me" and second_role == "partner" and later >= earlier
    ]
    moment = now or datetime.now(UTC)
    last_mine = next((ts for ts, role in reversed(rows) if role == "me"), None)
    since = (
        moment - datetime.fromtimestamp(last_mine / 1000, UTC) if last_mine is not None else None
    )
    return History(
        unanswered=unanswered,
        since_last_mine=since if since is None or since >= timedelta(0) else timedelta(0),
        partner_median_reply=timedelta(seconds=statistics.median(replies)) if replies else None,
    )
