"""Recent conversation facts for the coach's waiting gate, from the last messages' times.

The store hands over plain (time, mine) rows; the facts are computed here, once.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from fireside.coach.model import History
from fireside.turns import unanswered

RECENT_MESSAGES = 2_000  # enough replies for a stable median, read in a few milliseconds


def history_from_turns(
    turns: Sequence[tuple[int, bool]], now: datetime | None = None
) -> History | None:
    """My unanswered run at the end of the chat, time since my last message, the partner's
    median reply time (a partner message right after one of mine). None without messages.

    ``turns``: (epoch milliseconds, mine) in time order, me and the partner only.
    """
    if not turns:
        return None
    run = unanswered(turns)
    replies = [
        (later - earlier) / 1000
        for (earlier, first_mine), (later, second_mine) in itertools.pairwise(turns)
        if first_mine and not second_mine and later >= earlier
    ]
    moment = now or datetime.now(UTC)
    since = moment - run.last_mine if run.last_mine is not None else None
    return History(
        unanswered=run.count,
        since_last_mine=since if since is None or since >= timedelta(0) else timedelta(0),
        partner_median_reply=timedelta(seconds=statistics.median(replies)) if replies else None,
    )
