"""The times of a time-ordered export, kept in order, with a damaged date left out alone.

An export without time zones (WhatsApp) is written in time order, so a time that goes back a
little (clocks changed, the phone travelled) is held at the one before it. A date far from
its neighbours is damage, not a message: one line reading 01/01/2098 would otherwise pull
every later message to 2098, and 31/12/9999 would push them all out of range. Such a line is
noted as a problem with its number and left out; the lines around it are untouched.

A line is far ahead when it is later than the typical time of the lines after it (their
median, so one more damaged line cannot hide it) by more than ``JUMP``; far behind when it
is earlier than the latest time before it by more than ``JUMP``. No clock on Earth changes
by two days, and a long silence is followed by later messages, not earlier ones. Frames come
in file order; the last ``LOOKAHEAD`` rows of each wait for the next frame, so a block's edge
is judged like any other line.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from fireside.importers.model import MAX_PROBLEMS_NOTED, Parsed, Problem

JUMP_MS = 2 * 24 * 3600 * 1000  # two days
LOOKAHEAD = 15  # lines after a line that judge it
JUDGES = 3  # the fewest lines after a line that can call it far ahead (the last two can't)


class Timeline:
    """Feed frames in file order; get them back in time order, far-off dates left out."""

    def __init__(self, parsed: Parsed) -> None:
        self._parsed = parsed
        self._floor: int | None = None  # the latest time kept so far (epoch ms)
        self._held: pl.DataFrame | None = None

    def push(self, frame: pl.DataFrame) -> Iterator[pl.DataFrame]:
        work = frame if self._held is None else pl.concat([self._held, frame])
        if work.height <= LOOKAHEAD:
            self._held = work
            return
        self._held = work.tail(LOOKAHEAD)
        yield from self._settle(work, work.height - LOOKAHEAD)

    def finish(self) -> Iterator[pl.DataFrame]:
        if self._held is not None and self._held.height:
            yield from self._settle(self._held, self._held.height)
        self._held = None

    def _settle(self, work: pl.DataFrame, ready: int) -> Iterator[pl.DataFrame]:
        """The first ``ready`` rows of ``work`` judged (the rest only help judge them)."""
        ms = pl.col("ms")
        floor = pl.lit(self._floor, dtype=pl.Int64)
        after = ms.reverse().rolling_median(window_size=LOOKAHEAD, min_samples=JUDGES).reverse()
        judged = (
            work.select(ms=pl.col("ts").dt.epoch("ms"))
            .with_columns(ahead=((ms - after.shift(-1)) > JUMP_MS).fill_null(False))
            .head(ready)
            .with_columns(
                before=pl.max_horizontal(
                    pl.when(~pl.col("ahead")).then(ms).cum_max().forward_fill().shift(1), floor
                )
            )
            .select(
                "ms",
                far=pl.col("ahead") | ((pl.col("before") - ms) > JUMP_MS).fill_null(False),
            )
        )
        frame = work.head(ready)
        far = judged.get_column("far")
        if far.any():
            bad = frame.filter(far)
            self._parsed.note_all(
                [
                    Problem(
                        int(line),
                        f"date far from the messages around it ({when:%Y-%m-%d}); left out",
                    )
                    for line, when in bad.select("line", "ts").head(MAX_PROBLEMS_NOTED).iter_rows()
                ],
                bad.height,
            )
            frame = frame.filter(~far)
            judged = judged.filter(~far)
        if frame.height == 0:
            return
        # Held in order: a time that goes back a little keeps the one before it.
        steady = judged.select(
            ts=pl.when(ms.is_not_null()).then(pl.max_horizontal(ms.cum_max(), floor))
        ).to_series()
        last = steady.drop_nulls().tail(1).to_list()
        if last:
            self._floor = int(last[0])
        yield frame.with_columns(
            ts=pl.from_epoch(steady, time_unit="ms").dt.replace_time_zone("UTC")
        )
