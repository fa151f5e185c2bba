"""Facebook Messenger and Instagram JSON ("Download your information"): message_1..N.json.

See ../shared/formats/CHAT-EXPORTS.md, section 3. Give any message_N.json of a thread; its
siblings in the same folder are merged and everything is sorted by time (the files list the
newest first). Meta writes every non-ASCII character as its UTF-8 bytes escaped one by one
("\\u00c3\\u00a9" for "é"); each string is repaired only when the repair round-trips, so a
correctly encoded export is left as it is. Photos, stickers, calls and the like are contact;
reactions ("Liked a message") are not messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl

from fireside.importers import jsonstream
from fireside.importers.columns import MAX_EPOCH_MS, from_epoch_ms, to_schema
from fireside.importers.model import (
    ImportError_,
    Parsed,
    ParseOptions,
    Problem,
    Progress,
    streamed,
)

FORMAT = "messenger"
MEDIA_KEYS = ("photos", "videos", "audio_files", "gifs", "files", "share")
REACTION = re.compile(
    r"^(?:liked a message|.{1,80} reacted .{1,8} to your message)\s*$", re.IGNORECASE
)
SIBLING = re.compile(r"^message_(\d+)\.json$")


def sniff(head: str) -> bool:
    text = head.lstrip("\ufeff").lstrip()
    # Only Meta writes "sender_name"; "participants" is missing from some minimal files.
    return (
        text.startswith("{")
        and '"sender_name"' in head
        and ('"participants"' in head or '"timestamp_ms"' in head)
    )


def read(path: Path, options: ParseOptions, progress: Progress | None = None) -> Parsed:
    return streamed(FORMAT, _frames, path, options, progress)


def repair(text: str) -> str:
    """Undo Meta's byte-by-byte escaping, only where doing so round-trips exactly."""
    if text.isascii():
        return text
    try:
        fixed = text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
    return fixed if fixed.encode("utf-8").decode("latin-1") == text else text


def siblings(path: Path) -> list[Path]:
    """message_1.json … message_N.json beside ``path``, in number order (or just ``path``)."""
    if not SIBLING.match(path.name):
        return [path]
    found = [p for p in path.parent.iterdir() if SIBLING.match(p.name)]
    return sorted(found, key=lambda p: int(SIBLING.match(p.name).group(1)))  # type: ignore[union-attr]


AGAIN = "Download your information again"
BATCH = 100_000  # messages per frame


def _messages(path: Path, encoding: str) -> Iterator[Any]:
    """One message_N.json's messages, one at a time, read as a stream."""
    keys = jsonstream.top_level_keys(path, again=AGAIN, stop_at={"messages"}, encoding=encoding)
    if not keys or keys[-1] != "messages":
        raise ImportError_(
            f"{path}: no messages in this file.", hint="Give a message_1.json of a thread."
        )
    yield from jsonstream.items(path, "messages.item", again=AGAIN, encoding=encoding)


def _kind(message: dict[str, Any]) -> str:
    if message.get("is_unsent"):
        return "deleted"
    if "sticker" in message:
        return "sticker"
    if "call_duration" in message or message.get("type") == "Call":
        return "call"
    if any(key in message for key in MEDIA_KEYS):
        return "media"
    return "text"


def _frames(
    path: Path, options: ParseOptions, progress: Progress | None, parsed: Parsed
) -> Iterator[pl.DataFrame]:
    files = siblings(path)
    total = sum(f.stat().st_size for f in files)
    rows = _empty_rows()
    done = 0
    for number, file in enumerate(files):
        for index, message in enumerate(_messages(file, options.encoding), 1):
            if not isinstance(message, dict):
                parsed.note(Problem(index, f"{file.name}: not a message object"))
                continue
            if message.get("type") in ("Subscribe", "Unsubscribe"):
                parsed.system_lines += 1
                continue
            content = repair(_string(message.get("content")))
            if REACTION.match(content) and not any(k in message for k in MEDIA_KEYS):
                parsed.system_lines += 1
                continue
            stamp = _stamp(message.get("timestamp_ms"))
            if stamp is None:
                parsed.note(Problem(index, f"{file.name}: message without a readable time"))
                continue
            rows["line"].append(number * 10_000_000 + index)
            rows["ms"].append(stamp)
            rows["sender"].append(repair(_string(message.get("sender_name")) or "Unknown"))
            rows["kind"].append(_kind(message))
            rows["text"].append(content)
            if len(rows["line"]) >= BATCH:
                yield _frame(rows, options)
                rows = _empty_rows()
        done += file.stat().st_size
        if progress:
            progress(done, total)
    if rows["line"]:
        yield _frame(rows, options)


def _string(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _stamp(value: Any) -> int | None:
    """Epoch milliseconds from ``timestamp_ms``; None for anything else (Infinity, text, …)."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return None
    if isinstance(value, Decimal) and not value.is_finite():
        return None
    stamp = int(value)
    return stamp if abs(stamp) < MAX_EPOCH_MS else None  # past any real date: None


def _empty_rows() -> dict[str, list[Any]]:
    return {name: [] for name in ("line", "ms", "sender", "kind", "text")}


def _frame(rows: dict[str, list[Any]], options: ParseOptions) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema_overrides={"ms": pl.Int64})
    frame = from_epoch_ms(frame, options.tz.key).with_columns(edited=pl.lit(False))
    return to_schema(frame, sort=True)
