"""Columns every importer shares, computed in bulk with Polars."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import polars as pl

from fireside.importers.model import FRAME_SCHEMA

# Emoji: pictographs, symbols, dingbats, flags (regional indicators count per pair).
EMOJI = r"[\x{1F300}-\x{1FAFF}\x{2600}-\x{27BF}\x{1F1E6}-\x{1F1FF}\x{2B50}\x{2B55}\x{2934}\x{2935}\x{3030}\x{303D}\x{3297}\x{3299}]"


def with_counts(frame: pl.LazyFrame | pl.DataFrame) -> pl.LazyFrame:
    """Add chars, words and emoji counts of the text (0 for media without a caption)."""
    text = pl.col("text").fill_null("")
    return frame.lazy().with_columns(
        chars=text.str.len_chars().cast(pl.Int32),
        words=text.str.count_matches(r"\S+").cast(pl.Int32),
        emoji=text.str.count_matches(EMOJI).cast(pl.Int32),
    )


def localise(local: pl.Expr, tz: str) -> tuple[pl.Expr, pl.Expr]:
    """Wall-clock times of ``tz`` as UTC timestamps, and their offsets in minutes.

    A wall time that happens twice (the hour after clocks go back) is read as the earlier one;
    a wall time that never happens (the hour skipped in spring) is read as if the clock had
    not changed yet. Intervals stay non-negative because the import later keeps times in file
    order (see ``monotonic``).
    """
    earliest = local.dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")
    shifted = (local - pl.duration(hours=1)).dt.replace_time_zone(
        tz, ambiguous="earliest", non_existent="null"
    ) + pl.duration(hours=1)
    aware = pl.coalesce(earliest, shifted)
    utc = aware.dt.convert_time_zone("UTC")
    offset = ((local - utc.dt.replace_time_zone(None)).dt.total_minutes()).cast(pl.Int16)
    return utc, offset


def localised(local: pl.Series, tz: str) -> pl.DataFrame:
    """``localise`` for a column of wall-clock times, as columns ``ts`` and ``offset_minutes``.

    The same answers, faster: a day on which the clocks do not change has one offset, found
    once per distinct day, so only the rows of the few days with a change take the full
    conversion.
    """
    zone = ZoneInfo(tz)
    days = local.dt.date()
    steady: dict[date, int] = {}
    for day in days.unique().drop_nulls().to_list():
        try:
            first = datetime.combine(day, time.min, zone).utcoffset()
            last = datetime.combine(day, time.max, zone).utcoffset()
        except (OverflowError, ValueError):
            continue
        if first is not None and first == last:
            steady[day] = int(first.total_seconds() // 60)
    frame = pl.DataFrame(
        {"local": local, "offset": days.replace_strict(steady, default=None, return_dtype=pl.Int16)}
    )
    utc = frame.select(
        ts=(pl.col("local") - pl.duration(minutes=pl.col("offset"))).dt.replace_time_zone("UTC"),
        offset_minutes=pl.col("offset"),
    )
    changing = (frame.get_column("offset").is_null() & local.is_not_null()).arg_true()
    if changing.len():
        utc_of, offset_of = localise(pl.col("local"), tz)
        slow = frame[changing].select(ts=utc_of, offset_minutes=offset_of)
        utc = utc.with_columns(
            utc.get_column("ts").scatter(changing, slow.get_column("ts")),
            utc.get_column("offset_minutes").scatter(changing, slow.get_column("offset_minutes")),
        )
    return utc


def monotonic(ts: pl.Expr) -> pl.Expr:
    """Exports are chronological: a time that jumps back (DST) is held at the one before it."""
    return ts.cum_max()


MAX_EPOCH_MS = 10**14  # about the year 5138: beyond it no date arithmetic is safe


def from_epoch_ms(frame: pl.DataFrame, tz: str, column: str = "ms") -> pl.DataFrame:
    """UTC timestamps from epoch milliseconds, with the wall-clock offset of ``tz`` then."""
    # A number too big for a time becomes a missing time (left out, with a problem noted).
    ms = pl.col(column).cast(pl.Int64, strict=False)
    ms = pl.when(ms.abs() < MAX_EPOCH_MS).then(ms)
    utc = pl.from_epoch(ms, time_unit="ms").dt.replace_time_zone("UTC")
    local = utc.dt.convert_time_zone(tz).dt.replace_time_zone(None)
    return frame.with_columns(ts=utc).with_columns(
        offset_minutes=(local - pl.col("ts").dt.replace_time_zone(None))
        .dt.total_minutes()
        .cast(pl.Int16)
    )


def to_schema(frame: pl.DataFrame, *, sort: bool = False) -> pl.DataFrame:
    """The columns every importer yields, in order and type; optionally in time order."""
    if sort:
        frame = frame.sort("ts", maintain_order=True)
    return frame.select(list(FRAME_SCHEMA)).cast(FRAME_SCHEMA)  # type: ignore[arg-type]
