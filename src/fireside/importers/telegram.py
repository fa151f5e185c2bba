"""Telegram Desktop JSON exports: one chat's result.json, or a whole account with many chats.

See ../shared/formats/CHAT-EXPORTS.md, section 2. Service messages (joins, pins, calls logged
as actions) are notices, not messages. A media-only message counts as contact. ``text`` is a
string or a list of pieces (strings and entity objects); the pieces are joined as written.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from fireside.importers.columns import localise, to_schema
from fireside.importers.model import (
    ImportError_,
    Parsed,
    ParseOptions,
    Problem,
    Progress,
    load_json,
    streamed,
)

FORMAT = "telegram"
MAX_OFFSET_MINUTES = 14 * 60
MARKERS = ('"from_id"', '"text_entities"', '"date_unixtime"', '"personal_information"')


def sniff(head: str) -> bool:
    text = head.lstrip("\ufeff").lstrip()
    return text.startswith("{") and any(marker in head for marker in MARKERS)


def read(path: Path, options: ParseOptions, progress: Progress | None = None) -> Parsed:
    return streamed(FORMAT, _frames, path, options, progress)


def choose_chat(data: dict[str, Any], path: Path, wanted: str | None) -> dict[str, Any]:
    """The single chat of a chat export, or the one named by --chat in an account export."""
    if isinstance(data.get("messages"), list):
        return data
    chats = data.get("chats", {}).get("list") if isinstance(data.get("chats"), dict) else None
    if not isinstance(chats, list):
        raise ImportError_(
            f"{path}: a Telegram export without messages or chats.",
            hint="Export with 'Personal chats' and the JSON format ticked.",
        )
    names = [str(c.get("name") or f"(unnamed {c.get('id')})") for c in chats]
    if wanted is None:
        shown = ", ".join(names[:15]) + (" …" if len(names) > 15 else "")
        raise ImportError_(
            f"{path}: this account export holds {len(chats)} chats: {shown}.",
            hint="Pick one with --chat NAME.",
        )
    matches = [c for c, n in zip(chats, names, strict=True) if n.casefold() == wanted.casefold()]
    if len(matches) != 1:
        raise ImportError_(
            f"{path}: no chat called {wanted!r} ({'several match' if matches else 'chats: ' + ', '.join(names[:15])}).",
            hint="Use the name exactly as Telegram shows it.",
        )
    chosen: dict[str, Any] = matches[0]
    return chosen


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(p if isinstance(p, str) else str(p.get("text", "")) for p in value)
    return ""


def _kind(message: dict[str, Any]) -> str:
    if message.get("media_type") == "sticker":
        return "sticker"
    if any(
        key in message
        for key in (
            "photo",
            "file",
            "media_type",
            "location_information",
            "contact_information",
            "poll",
        )
    ):
        return "media"
    return "text"


def _frames(
    path: Path, options: ParseOptions, progress: Progress | None, parsed: Parsed
) -> Iterator[pl.DataFrame]:
    total = path.stat().st_size
    data = load_json(
        path, again="Export the chat again from Telegram Desktop", encoding=options.encoding
    )
    if progress:
        progress(total, total)
    if not isinstance(data, dict):
        raise ImportError_(
            f"{path}: not a Telegram export (the JSON is not an object).", hint="Check the file."
        )
    chat = choose_chat(data, path, options.chat)
    rows: dict[str, list[Any]] = {
        "line": [],
        "utc": [],
        "local": [],
        "sender": [],
        "kind": [],
        "edited": [],
        "text": [],
    }
    for index, message in enumerate(chat.get("messages", []), 1):
        if not isinstance(message, dict):
            parsed.problems.append(Problem(index, "not a message object"))
            continue
        if message.get("type") != "message":
            parsed.system_lines += 1
            continue
        utc = local = None
        try:
            if message.get("date_unixtime") is not None:
                utc = datetime.fromtimestamp(int(message["date_unixtime"]), UTC).replace(
                    tzinfo=None
                )
            if message.get("date"):
                local = datetime.fromisoformat(str(message["date"]))
        except (TypeError, ValueError):
            parsed.problems.append(Problem(index, f"time not understood: {message.get('date')!r}"))
            continue
        if utc is None and local is None:
            parsed.problems.append(Problem(index, "message without a time"))
            continue
        rows["line"].append(index)
        rows["utc"].append(utc)
        rows["local"].append(local)
        rows["sender"].append(str(message.get("from") or "Deleted Account"))
        rows["kind"].append(_kind(message))
        rows["edited"].append("edited" in message or "edited_unixtime" in message)
        rows["text"].append(_text(message.get("text")))
    if not rows["line"]:
        return
    frame = pl.DataFrame(
        {
            **rows,
            "utc": pl.Series(rows["utc"], dtype=pl.Datetime("ms")),
            "local": pl.Series(rows["local"], dtype=pl.Datetime("ms")),
        }
    )
    zone_utc, zone_offset = localise(pl.col("local"), options.tz.key)
    # Wall clock minus UTC is the sender's offset; no clock on Earth is more than 14 hours
    # off, so a larger gap means the two fields disagree and the zone decides instead.
    written = (pl.col("local") - pl.col("utc")).dt.total_minutes()
    frame = frame.with_columns(
        ts=pl.coalesce(pl.col("utc").dt.replace_time_zone("UTC"), zone_utc),
        offset_minutes=pl.when(written.abs() <= MAX_OFFSET_MINUTES)
        .then(written)
        .otherwise(zone_offset)
        .cast(pl.Int16),
    )
    yield to_schema(frame, sort=True)
