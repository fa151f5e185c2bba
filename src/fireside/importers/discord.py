"""Discord, as exported by DiscordChatExporter (JSON): a DM or a channel.

See ../shared/formats/CHAT-EXPORTS.md, section 7. Timestamps carry their offset. Ordinary
messages and replies are messages; calls are contact; joins, pins and other notices are not.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl

from fireside.importers import jsonstream
from fireside.importers.columns import to_schema
from fireside.importers.model import (
    ImportError_,
    Parsed,
    ParseOptions,
    Problem,
    Progress,
    streamed,
)

FORMAT = "discord"
MESSAGE_TYPES = {"Default", "Reply", "Call"}


def sniff(head: str) -> bool:
    text = head.lstrip("\ufeff").lstrip()
    return text.startswith("{") and '"guild"' in head and '"channel"' in head


def read(path: Path, options: ParseOptions, progress: Progress | None = None) -> Parsed:
    return streamed(FORMAT, _frames, path, options, progress)


AGAIN = "Export the channel again"
BATCH = 100_000  # messages per frame


def _messages(path: Path, progress: Progress | None) -> Iterator[Any]:
    """The export's messages, one at a time, read as a stream."""
    keys = jsonstream.top_level_keys(path, again=AGAIN, stop_at={"messages"})
    if not keys or keys[-1] != "messages":
        raise ImportError_(
            f"{path}: no messages in this export.", hint="Export as JSON with DiscordChatExporter."
        )
    yield from jsonstream.items(path, "messages.item", again=AGAIN, progress=progress)


def _frames(
    path: Path, options: ParseOptions, progress: Progress | None, parsed: Parsed
) -> Iterator[pl.DataFrame]:
    rows = _empty_rows()
    for index, message in enumerate(_messages(path, progress), 1):
        if not isinstance(message, dict):
            parsed.note(Problem(index, "not a message object"))
            continue
        kind_of = message.get("type", "Default")
        if not isinstance(kind_of, str) or kind_of not in MESSAGE_TYPES:
            parsed.system_lines += 1
            continue
        try:
            stamp = datetime.fromisoformat(str(message["timestamp"]))
        except (KeyError, ValueError):
            parsed.note(Problem(index, "time not understood"))
            continue
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=options.tz)
        offset = stamp.utcoffset()
        author = message.get("author")
        author = author if isinstance(author, dict) else {}
        text = str(message.get("content") or "")
        if kind_of == "Call":
            kind = "call"
        elif message.get("stickers"):
            kind = "sticker"
        elif message.get("attachments") and not text:
            kind = "media"
        else:
            kind = "text"
        rows["line"].append(index)
        rows["ts"].append(stamp)
        rows["offset_minutes"].append(
            int(offset.total_seconds() // 60) if offset is not None else 0
        )
        rows["sender"].append(str(author.get("nickname") or author.get("name") or "Unknown"))
        rows["kind"].append(kind)
        rows["edited"].append(bool(message.get("timestampEdited")))
        rows["text"].append(text)
        if len(rows["line"]) >= BATCH:
            yield _frame(rows)
            rows = _empty_rows()
    if rows["line"]:
        yield _frame(rows)


def _empty_rows() -> dict[str, list[Any]]:
    names = ("line", "ts", "offset_minutes", "sender", "kind", "edited", "text")
    return {name: [] for name in names}


def _frame(rows: dict[str, list[Any]]) -> pl.DataFrame:
    frame = pl.DataFrame(
        {**rows, "ts": pl.Series([t.timestamp() * 1000 for t in rows["ts"]]).cast(pl.Int64)}
    ).with_columns(ts=pl.from_epoch(pl.col("ts"), time_unit="ms").dt.replace_time_zone("UTC"))
    return to_schema(frame, sort=True)
