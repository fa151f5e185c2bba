"""WhatsApp dates and times: their order inferred from the whole file, read once per value."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import polars as pl

from fireside.importers.model import AmbiguousDateOrder, DateOrder, ImportError_

_FIELDS = re.compile(r"\d+")


def to_date(text: str, order: DateOrder) -> date | None:
    parts = _FIELDS.findall(text)
    if len(parts) != 3:
        return None
    a, b, c = (int(p) for p in parts)
    if order is DateOrder.YMD:
        year, month, day = a, b, c
    elif order is DateOrder.DMY:
        day, month, year = a, b, c
    else:
        month, day, year = a, b, c
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def infer_order(dates: dict[str, None], path: Path, *, final: bool) -> DateOrder | None:
    day_first = month_first = False
    for text in dates:
        parts = _FIELDS.findall(text)
        if len(parts) != 3:
            continue
        if len(parts[0]) == 4:
            return DateOrder.YMD
        a, b = int(parts[0]), int(parts[1])
        day_first = day_first or a > 12
        month_first = month_first or b > 12
    if day_first and month_first:
        raise ImportError_(
            f"{path}: the dates fit neither day-first nor month-first order.",
            hint="Name the order with --date-order dmy, mdy or ymd.",
        )
    if day_first:
        return DateOrder.DMY
    if month_first:
        return DateOrder.MDY
    if not final:
        return None
    # No day above 12 anywhere: the export is chronological, so see which order keeps it so.
    fitting = [o for o in (DateOrder.DMY, DateOrder.MDY) if _chronological(dates, o)]
    if len(fitting) == 1:
        return fitting[0]
    # A date as written may end in the comma before the time ("01/02/2023,"): drop it.
    examples = [text.strip().rstrip(",").strip() for text in list(dates)[:3]]
    raise AmbiguousDateOrder(
        f"{path}: the date order is ambiguous (no day above 12, e.g. {', '.join(examples)}).",
        hint="Tell fireside how your phone writes dates: --date-order dmy (31/12/2023), "
        "mdy (12/31/2023) or ymd (2023/12/31). `fireside parse FILE --limit 5` shows the result.",
        candidates=(DateOrder.DMY, DateOrder.MDY),
        examples=examples,
    )


def _chronological(dates: dict[str, None], order: DateOrder) -> bool:
    previous = None
    for text in dates:
        current = to_date(text, order)
        if current is None:
            return False
        if previous is not None and current < previous:
            return False
        previous = current
    return True


# hours, minutes, optional seconds, optional a/p of "AM", "a.m.", "a. m." (spaces normalised)
TIME_PARTS = r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*(?:([AaPp])\.?\s?[Mm]\.?)?$"


# The usual 24-hour shapes, read straight from each row: "22:15" and "22:15:07".
_PLAIN_CLOCKS = {5: ("%H:%M", r"^\d\d:[0-5]\d$"), 8: ("%H:%M:%S", r"^\d\d:[0-5]\d:[0-5]\d$")}


def seconds_of_day(times: pl.Series) -> pl.Series:
    """Seconds after midnight of each time text, row by row (null when it is not a time).

    A file writes every time the same way. When that is a plain 24-hour clock, each row is
    read directly (an iOS chat with seconds has almost as many distinct times as messages);
    rows of any other shape (12-hour clocks, dots, odd spaces) are read from their distinct
    values by the full pattern.
    """
    first = times.drop_nulls().head(1).to_list()
    clock = _PLAIN_CLOCKS.get(len(first[0])) if first else None
    if clock is None:
        return _by_distinct_value(times)
    layout, shape = clock
    direct = times.str.to_time(layout, strict=False)  # lenient: "  8:0:14" reads as 08:00:14
    plain = direct.is_not_null() & times.str.contains(shape)
    secs = (direct.cast(pl.Int64) // 1_000_000_000).alias(times.name)
    rest = (~plain & times.is_not_null()).arg_true()
    if rest.len():
        secs = secs.scatter(rest, _by_distinct_value(times.gather(rest)))
    return secs


def _by_distinct_value(times: pl.Series) -> pl.Series:
    table = _distinct_seconds(times)
    return times.replace_strict(
        table.get_column("time"), table.get_column("secs"), default=None, return_dtype=pl.Int64
    )


def _distinct_seconds(times: pl.Series) -> pl.DataFrame:
    """Each distinct time text with its seconds after midnight (null when not a time)."""
    parts = (
        times.unique()
        .to_frame("time")
        .with_columns(
            parts=pl.col("time")
            .str.replace_all("[\u202f\u00a0]", " ")
            .str.strip_chars()
            .str.extract_groups(TIME_PARTS)
        )
        .unnest("parts")
        .with_columns(
            hour=pl.col("1").cast(pl.Int64),
            minute=pl.col("2").cast(pl.Int64),
            second=pl.col("3").cast(pl.Int64).fill_null(0),
            pm=pl.col("4").str.to_lowercase() == "p",
        )
    )
    twelve = pl.col("pm").is_not_null()
    hour = (
        pl.when(~twelve)
        .then(pl.col("hour"))
        .when(pl.col("hour").is_between(1, 12))
        .then(pl.col("hour") % 12 + pl.when(pl.col("pm")).then(12).otherwise(0))
    )
    valid = (hour <= 23) & (pl.col("minute") <= 59) & (pl.col("second") <= 59)
    return parts.select(
        "time", secs=pl.when(valid).then(hour * 3600 + pl.col("minute") * 60 + pl.col("second"))
    )
