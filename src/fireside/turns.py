"""Who spoke last, as one fact both the coach and the waiting reading use.

Pure: a list of (time, is it mine) in time order in, the run of my messages at the end of the
chat out. No Polars, so the coach's check stays quick to start.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class Unanswered:
    """My messages since the partner's last one, at the end of the chat."""

    count: int  # how many of mine in a row, at the end
    first: datetime | None  # the first of them: what I have been waiting on since
    last_mine: datetime | None  # my latest message, answered or not
    last: datetime | None  # the chat's latest message, anyone's (where the data ends)


def unanswered(turns: Sequence[tuple[int, bool]]) -> Unanswered:
    """``turns``: (epoch milliseconds, mine) in time order, me and the partner only."""
    count = 0
    first_ms: int | None = None
    for ts, mine in reversed(turns):
        if not mine:
            break
        count += 1
        first_ms = ts
    last_mine_ms = next((ts for ts, mine in reversed(turns) if mine), None)
    return Unanswered(
        count=count,
        first=_utc(first_ms),
        last_mine=_utc(last_mine_ms),
        last=_utc(turns[-1][0]) if turns else None,
    )


def _utc(ms: int | None) -> datetime | None:
    return None if ms is None else datetime.fromtimestamp(ms / 1000, UTC)
