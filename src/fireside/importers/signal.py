"""Signal, as written by signal-export (chat.md): ``[2024-01-05 10:11:12] Name: text``.

Both the current form and the older ``[2019-05-29, 15:04] Name: text`` are read (see
../shared/formats/CHAT-EXPORTS.md, section 4). Lines without a header continue the message
before. Attachments and stickers (``![name](./path)``) are contact; reaction notes
``(- Name: 👍 -)`` are removed from the text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl

from fireside.importers.columns import localise, to_schema
from fireside.importers.model import (
    MAX_MESSAGE_CHARS,
    NOT_A_MESSAGE_LINE,
    ImportError_,
    Parsed,
    ParseOptions,
    Problem,
    Progress,
    bounded_lines,
    not_text,
    streamed,
)

FORMAT = "signal"
HEADER = re.compile(r"^\[(\d{4}-\d{2}-\d{2}),? (\d{2}:\d{2}(?::\d{2})?)\] ([^:\n]+?): ?(.*)$")
ATTACHMENT = re.compile(r"!\[[^\]]*\]\([^)]*\)")
REACTION = re.compile(r"\s*\(- [^()]*? -\)")
BATCH = 50_000


OLD_FORM = re.compile(r"^\[\d{4}-\d{2}-\d{2}, \d{2}:\d{2}\] ", re.MULTILINE)


def sniff(head: str) -> bool:
    """Signal's lines look like a year-first WhatsApp iOS export (Swedish phones write
    "[2024-01-05 10:11:12] Name: text" too), so only what signal-export alone writes counts:
    attachment links, reaction notes, or the older form without seconds. ``--format signal``
    settles a file without any of them (it reads the same either way, apart from media)."""
    text = head.lstrip("\ufeff")
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if not lines or sum(1 for line in lines if HEADER.match(line)) < max(1, len(lines) // 3):
        return False
    return "](./" in text or REACTION.search(text) is not None or OLD_FORM.search(text) is not None


def read(path: Path, options: ParseOptions, progress: Progress | None = None) -> Parsed:
    return streamed(FORMAT, _frames, path, options, progress)


def _frames(
    path: Path, options: ParseOptions, progress: Progress | None, parsed: Parsed
) -> Iterator[pl.DataFrame]:
    total = path.stat().st_size
    rows: dict[str, list[Any]] = {"line": [], "local": [], "sender": [], "text": []}
    more: list[str] = []  # the further lines of the message being read
    size = 0  # its characters so far
    number = 0
    encoding = "utf-8-sig" if options.encoding == "utf-8" else options.encoding
    try:
        with path.open("rb") as raw, io.TextIOWrapper(raw, encoding=encoding) as handle:
            for number, line in enumerate(bounded_lines(handle, path), 1):
                line = line.rstrip("\r\n")
                match = HEADER.match(line)
                if match is None:
                    if rows["text"]:
                        more.append(line)  # joined once the message ends: linear, not quadratic
                        size += len(line) + 1
                        if size > MAX_MESSAGE_CHARS:
                            raise _too_long(path, rows["line"][-1])
                    elif line.strip():
                        parsed.note(Problem(number, NOT_A_MESSAGE_LINE))
                    continue
                if more:
                    rows["text"][-1] = "\n".join([rows["text"][-1], *more])
                    more, size = [], 0
                try:
                    stamp = datetime.fromisoformat(f"{match[1]}T{match[2]}")
                except ValueError:
                    parsed.note(Problem(number, f"time not understood: {match[1]} {match[2]}"))
                    continue
                if len(rows["line"]) >= BATCH:
                    yield _frame(rows, options)
                    rows = {key: [] for key in rows}
                    if progress:
                        progress(min(raw.tell(), total), total)
                rows["line"].append(number)
                rows["local"].append(stamp)
                rows["sender"].append(match[3].strip())
                rows["text"].append(match[4])
    except UnicodeDecodeError as exc:
        raise not_text(path, options.encoding, exc, number + 1) from None
    if more:
        rows["text"][-1] = "\n".join([rows["text"][-1], *more])
    if rows["line"]:
        yield _frame(rows, options)
    if progress:
        progress(total, total)


def _too_long(path: Path, line: int) -> ImportError_:
    return ImportError_(
        f"{path}: line {line:,}: a message longer than {MAX_MESSAGE_CHARS >> 20} MB, or not a "
        "Signal export.",
        hint="Check the file; `fireside parse FILE --limit 5` shows what is read.",
    )


def _frame(rows: dict[str, list[Any]], options: ParseOptions) -> pl.DataFrame:
    frame = pl.DataFrame(rows).with_columns(pl.col("local").cast(pl.Datetime("ms")))
    attached = pl.col("text").str.contains(ATTACHMENT.pattern)
    text = (
        pl.col("text")
        .str.replace_all(REACTION.pattern, "")
        .str.replace_all(ATTACHMENT.pattern, "")
        .str.strip_chars()
    )
    utc, offset = localise(pl.col("local"), options.tz.key)
    frame = frame.with_columns(
        ts=utc,
        offset_minutes=offset,
        kind=pl.when(attached & (text == "")).then(pl.lit("media")).otherwise(pl.lit("text")),
        edited=pl.lit(False),
        text=text,
    )
    return to_schema(frame)
