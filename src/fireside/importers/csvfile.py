"""The escape hatch: a CSV with columns timestamp,sender,text (ISO-8601 timestamps)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl

from fireside.importers.columns import localise, to_schema
from fireside.importers.model import (
    EARLIEST,
    LATEST,
    ImportError_,
    Parsed,
    ParseOptions,
    Problem,
    Progress,
    bounded_lines,
    not_text,
    streamed,
)

FORMAT = "csv"
COLUMNS = ("timestamp", "sender", "text")
BATCH = 50_000


def sniff(head: str) -> bool:
    first = head.lstrip("\ufeff").splitlines()[:1]
    return bool(first) and [c.strip().lower() for c in first[0].split(",")][:3] == list(COLUMNS)


def read(path: Path, options: ParseOptions, progress: Progress | None = None) -> Parsed:
    return streamed(FORMAT, _frames, path, options, progress)


def _frames(
    path: Path, options: ParseOptions, progress: Progress | None, parsed: Parsed
) -> Iterator[pl.DataFrame]:
    total = path.stat().st_size
    encoding = "utf-8-sig" if options.encoding == "utf-8" else options.encoding
    try:
        raw = path.open("rb")
        handle = io.TextIOWrapper(raw, encoding=encoding, newline="")
    except OSError as exc:
        raise ImportError_(
            f"Could not read {path}: {exc.strerror}.", hint="Check the path."
        ) from exc
    line = 0
    with handle:
        reader = csv.reader(bounded_lines(handle, path))
        try:
            header = [c.strip().lower() for c in next(reader, [])]
            if header[:3] != list(COLUMNS):
                raise ImportError_(
                    f"{path}: line 1: expected the columns timestamp,sender,text, found "
                    f"{','.join(header)[:80] or 'nothing'}.",
                    hint="The first line of the CSV must name the columns.",
                )
            rows = _empty_rows()
            for record in reader:
                line = reader.line_num
                if not any(field.strip() for field in record):
                    continue
                if len(record) < 3:
                    parsed.note(Problem(line, "expected 3 columns: timestamp,sender,text"))
                    continue
                stamp = _time(record[0])
                if stamp is None:
                    parsed.note(Problem(line, "not an ISO-8601 time, or one out of range"))
                    continue
                rows["line"].append(line)
                rows["local"].append(stamp if isinstance(stamp, datetime) else None)
                rows["aware"].append(stamp if isinstance(stamp, tuple) else None)
                rows["sender"].append(record[1].strip())
                rows["text"].append(record[2])
                if len(rows["line"]) >= BATCH:
                    yield _frame(rows, options)
                    rows = _empty_rows()
                    if progress:
                        progress(min(raw.tell(), total), total)
        except UnicodeDecodeError as exc:
            raise not_text(path, options.encoding, exc, line + 1) from None
        except csv.Error as exc:
            raise ImportError_(
                f"{path}: line {line + 1}: {exc}.",
                hint="Check the file's quoting, or name its encoding with --encoding.",
            ) from None
        if rows["line"]:
            yield _frame(rows, options)
    if progress:
        progress(total, total)


def _empty_rows() -> dict[str, list[object]]:
    return {name: [] for name in ("line", "local", "aware", "sender", "text")}


def _time(text: str) -> datetime | tuple[int, int] | None:
    """A wall-clock time (no offset), or (epoch ms, offset minutes), or None if unreadable.

    Years far from now are a damaged field: under some zones their conversion overflows.
    """
    try:
        stamp = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if not EARLIEST.year <= stamp.year < LATEST.year:
        return None
    offset = stamp.utcoffset()
    if offset is None:
        return stamp
    try:
        return int(stamp.timestamp() * 1000), int(offset.total_seconds() // 60)
    except (OverflowError, ValueError, OSError):
        return None


def _frame(rows: dict[str, list[object]], options: ParseOptions) -> pl.DataFrame:
    aware: list[Any] = rows["aware"]
    frame = pl.DataFrame(
        {
            "line": rows["line"],
            "local": pl.Series(rows["local"], dtype=pl.Datetime("ms")),
            "aware": pl.Series([a[0] if a else None for a in aware], dtype=pl.Int64),
            "offset_aware": pl.Series([a[1] if a else None for a in aware], dtype=pl.Int16),
            "sender": rows["sender"],
            "text": rows["text"],
        }
    )
    utc, offset = localise(pl.col("local"), options.tz.key)
    frame = frame.with_columns(
        ts=pl.coalesce(pl.col("aware").cast(pl.Datetime("ms")).dt.replace_time_zone("UTC"), utc),
        offset_minutes=pl.coalesce(pl.col("offset_aware"), offset),
        kind=pl.lit("text"),
        edited=pl.lit(False),
    )
    return to_schema(frame)
