"""The escape hatch: a CSV with columns timestamp,sender,text (ISO-8601 timestamps)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import polars as pl

from fireside.importers.columns import localise, to_schema
from fireside.importers.model import (
    ImportError_,
    Parsed,
    ParseOptions,
    Problem,
    Progress,
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
    try:
        handle = path.open(
            encoding="utf-8-sig" if options.encoding == "utf-8" else options.encoding, newline=""
        )
    except OSError as exc:
        raise ImportError_(
            f"Could not read {path}: {exc.strerror}.", hint="Check the path."
        ) from exc
    with handle:
        reader = csv.reader(handle)
        header = [c.strip().lower() for c in next(reader, [])]
        if header[:3] != list(COLUMNS):
            raise ImportError_(
                f"{path}: line 1: expected the columns timestamp,sender,text, found {','.join(header) or 'nothing'}.",
                hint="The first line of the CSV must name the columns.",
            )
        rows: dict[str, list[object]] = {
            "line": [],
            "local": [],
            "aware": [],
            "sender": [],
            "text": [],
        }
        line = 1
        try:
            for record in reader:
                line = reader.line_num
                if not any(field.strip() for field in record):
                    continue
                if len(record) < 3:
                    parsed.note(Problem(line, "expected 3 columns: timestamp,sender,text"))
                    continue
                try:
                    stamp = datetime.fromisoformat(record[0].strip())
                except ValueError:
                    parsed.note(Problem(line, f"not an ISO-8601 time: {record[0][:30]!r}"))
                    continue
                rows["line"].append(line)
                rows["local"].append(stamp.replace(tzinfo=None) if stamp.tzinfo is None else None)
                rows["aware"].append(stamp if stamp.tzinfo is not None else None)
                rows["sender"].append(record[1].strip())
                rows["text"].append(record[2])
                if len(rows["line"]) >= BATCH:
                    yield _frame(rows, options)
                    rows = {k: [] for k in rows}
                    if progress:
                        progress(handle.tell() if hasattr(handle, "tell") else 0, total)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise ImportError_(
                f"{path}: line {line + 1}: {exc}.",
                hint="Check the file's quoting, or name its encoding with --encoding.",
            ) from None
        if rows["line"]:
            yield _frame(rows, options)
    if progress:
        progress(total, total)


def _frame(rows: dict[str, list[object]], options: ParseOptions) -> pl.DataFrame:
    frame = pl.DataFrame(
        {
            "line": rows["line"],
            "local": pl.Series(rows["local"], dtype=pl.Datetime("ms")),
            "aware": pl.Series(
                [a.timestamp() * 1000 if a is not None else None for a in rows["aware"]],  # type: ignore[attr-defined]
                dtype=pl.Float64,
            ),
            "offset_aware": pl.Series(
                [
                    int(a.utcoffset().total_seconds() // 60) if a is not None else None  # type: ignore[attr-defined]
                    for a in rows["aware"]
                ],
                dtype=pl.Int16,
            ),
            "sender": rows["sender"],
            "text": rows["text"],
        }
    )
    utc, offset = localise(pl.col("local"), options.tz.key)
    frame = frame.with_columns(
        ts=pl.coalesce(
            pl.col("aware").cast(pl.Int64).cast(pl.Datetime("ms")).dt.replace_time_zone("UTC"), utc
        ),
        offset_minutes=pl.coalesce(pl.col("offset_aware"), offset),
        kind=pl.lit("text"),
        edited=pl.lit(False),
    )
    return to_schema(frame)
