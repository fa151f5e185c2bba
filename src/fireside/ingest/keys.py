"""The dedupe key of a message: where it sits, never what it says.

A message is the same message across overlapping exports when it has the same time, the same
side (me, partner, other) and the same place among the messages of that side at that time
(its number in file order: 0, 1, 2 …). Nothing about its words goes into the key, so an edit
or a deletion in a later export finds the row it changes instead of adding one, and the store
holds no fingerprint of anyone's words. ``content_hash`` = role code × 2**40 + that number;
the time is beside it in the unique index (owner_id, ts, content_hash).

Exports are read in frames; numbering carries across them. When frames come in time order
(every format but a few), only the messages at the latest time so far can continue a count;
when a frame goes back in time, the counts of the messages already staged in its span are
asked for (``staged_counts``).
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

ROLE_CODES = {"me": 1, "partner": 2, "other": 3}
PLACE_BITS = 40  # numbers up to 2**40 within one millisecond and side: never reached

StagedCounts = Callable[[int, int], dict[tuple[int, str], int]]  # (first ms, last ms) → counts


def place_key(role: str, number: int) -> int:
    """The key of the ``number``-th message (from 0) of ``role`` at one time."""
    return ROLE_CODES[role] * (1 << PLACE_BITS) + number


class Numbering:
    """Numbers messages that share a time and a side, in file order, across frames."""

    def __init__(self, staged_counts: StagedCounts) -> None:
        self._staged_counts = staged_counts
        self._top: int | None = None  # the latest time (ms) numbered so far
        self._at_top: dict[str, int] = {}  # messages per role at that time

    def numbers(self, ts: pl.Series, role: pl.Series) -> pl.Series:
        """Each message's number among its side's messages at its time (``ts`` a UTC
        datetime, ``role`` me/partner/other), carried on from the frames before."""
        work = pl.DataFrame({"ms": ts.dt.epoch("ms"), "role": role})
        if work.height == 0:
            return pl.Series("n", [], dtype=pl.Int64)
        work = work.with_columns(n=_numbers_in_frame(work))
        low, high = int(work.get_column("ms").min()), int(work.get_column("ms").max())  # type: ignore[arg-type]
        before: dict[tuple[int, str], int] = {}
        if self._top is not None and low == self._top:
            before = {(low, r): n for r, n in self._at_top.items()}
        elif self._top is not None and low < self._top:  # this frame goes back in time
            before = self._staged_counts(low, self._top)
        if before:
            counts = pl.DataFrame(
                {
                    "ms": [k[0] for k in before],
                    "role": [k[1] for k in before],
                    "seen": list(before.values()),
                },
                schema={"ms": pl.Int64, "role": pl.String, "seen": pl.Int64},
            )
            work = work.join(counts, on=["ms", "role"], how="left", maintain_order="left")
            work = work.with_columns(n=pl.col("n") + pl.col("seen").fill_null(0))
        at_high = work.filter(pl.col("ms") == high).group_by("role").len()
        if self._top is None or high > self._top:
            self._top, self._at_top = high, {}
        if high == self._top:
            for r, n in at_high.iter_rows():
                self._at_top[r] = self._at_top.get(r, 0) + int(n)
        return work.get_column("n")

    def keys(self, ts: pl.Series, role: pl.Series) -> pl.Series:
        """The keys of one frame's messages: role code × 2**40 + number."""
        numbers = self.numbers(ts, role)
        return (
            role.replace_strict(ROLE_CODES, return_dtype=pl.Int64) * (1 << PLACE_BITS) + numbers
        ).alias("content_hash")


def _numbers_in_frame(work: pl.DataFrame) -> pl.Expr:
    """Numbers within the frame, by (ms, role), in row order.

    Frames almost always come in time order, where the rows of one time are side by side:
    then each side's running count, less its count where the time began, is the number (no
    hashing, a few passes). Otherwise, a window over (ms, role).
    """
    if not work.get_column("ms").is_sorted():
        return pl.int_range(pl.len(), dtype=pl.Int64).over("ms", "role")
    starts = pl.col("ms") != pl.col("ms").shift(1)
    number = pl.lit(0, dtype=pl.Int64)
    for name in ROLE_CODES:
        mine = (pl.col("role") == name).cast(pl.Int64)
        before = mine.cum_sum() - mine
        base = pl.when(starts.fill_null(True)).then(before).forward_fill()
        number = pl.when(pl.col("role") == name).then(before - base).otherwise(number)
    return number
