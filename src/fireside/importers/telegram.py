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

from fireside.importers import jsonstream
from fireside.importers.columns import localise, to_schema
from fireside.importers.model import (
    ImportError_,
    Parsed,
    ParseOptions,
    Problem,
    Progress,
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


AGAIN = "Export the chat again from Telegram Desktop"
BATCH = 100_000  # messages per frame


def _name(value: Any, number: int) -> str:
    return str(value) if value else f"(unnamed chat {number})"


def _chosen(names: list[str], path: Path, wanted: str | None) -> int:
    """The index of the chat --chat names in an account export; a clear error otherwise."""
    if wanted is None:
        shown = ", ".join(names[:15]) + (" …" if len(names) > 15 else "")
        raise ImportError_(
            f"{path}: this account export holds {len(names)} chats: {shown}.",
            hint="Pick one with --chat NAME.",
        )
    matches = [i for i, n in enumerate(names) if n.casefold() == wanted.casefold()]
    if len(matches) != 1:
        raise ImportError_(
            f"{path}: no chat called {wanted!r} ({'several match' if matches else 'chats: ' + ', '.join(names[:15])}).",
            hint="Use the name exactly as Telegram shows it.",
        )
    return matches[0]


def _no_messages(path: Path) -> ImportError_:
    return ImportError_(
        f"{path}: a Telegram export without messages or chats.",
        hint="Export with 'Personal chats' and the JSON format ticked.",
    )


def _messages(path: Path, options: ParseOptions, progress: Progress | None) -> Iterator[Any]:
    """The chosen chat's messages, one at a time, read as a stream."""
    encoding = options.encoding
    keys = jsonstream.top_level_keys(
        path, again=AGAIN, stop_at={"messages", "chats"}, encoding=encoding
    )
    if not keys:
        raise _not_an_object(path)
    if keys[-1] == "messages":  # one chat
        yield from jsonstream.items(
            path, "messages.item", again=AGAIN, progress=progress, encoding=encoding
        )
        return
    if keys[-1] != "chats":
        raise _no_messages(path)
    names = [
        _name(name, number)
        for number, name in enumerate(
            jsonstream.items(path, "chats.list.item.name", again=AGAIN, encoding=encoding), 1
        )
    ]
    if not names:
        raise _no_messages(path)
    index = _chosen(names, path, options.chat)
    # Only the chosen chat's messages are built; the chats around it pass as parser events.
    yield from jsonstream.items_of_one(
        path,
        "chats.list",
        index,
        "messages.item",
        again=AGAIN,
        progress=progress,
        encoding=encoding,
    )


def _not_an_object(path: Path) -> ImportError_:
    return ImportError_(
        f"{path}: not a Telegram export (the JSON is not an object).", hint="Check the file."
    )


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(_piece(p) for p in value)
    return ""


def _piece(piece: Any) -> str:
    """One piece of a ``text`` list: a string, or an entity object with its own text."""
    if isinstance(piece, str):
        return piece
    if isinstance(piece, dict) and isinstance(piece.get("text"), str):
        return str(piece["text"])
    return ""  # a number or anything else is not text a person wrote


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
    rows = _empty_rows()
    for index, message in enumerate(_messages(path, options, progress), 1):
        if not isinstance(message, dict):
            parsed.note(Problem(index, "not a message object"))
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
        except (TypeError, ValueError, OverflowError, OSError):
            parsed.note(Problem(index, "time not understood"))
            continue
        if utc is None and local is None:
            parsed.note(Problem(index, "message without a time"))
            continue
        rows["line"].append(index)
        rows["utc"].append(utc)
        rows["local"].append(local)
        rows["sender"].append(str(message.get("from") or "Deleted Account"))
        rows["kind"].append(_kind(message))
        rows["edited"].append("edited" in message or "edited_unixtime" in message)
        rows["text"].append(_text(message.get("text")))
        if len(rows["line"]) >= BATCH:
            yield _frame(rows, options)
            rows = _empty_rows()
    if rows["line"]:
        yield _frame(rows, options)


def _empty_rows() -> dict[str, list[Any]]:
    return {name: [] for name in ("line", "utc", "local", "sender", "kind", "edited", "text")}


def _frame(rows: dict[str, list[Any]], options: ParseOptions) -> pl.DataFrame:
    frame = pl.DataFrame(
        {
            **rows,
            "utc": pl.Series(rows["utc"], dtype=pl.Datetime("ms")),
            "local": pl.Series(rows["local"], dtype=pl.Datetime("ms")),
        }
    )
    zone_utc, zone_offset = localise(pl.col("local"), options.tz.key)
    # Wall clock minus UTC is the sender's offset; no clock on Earth is more than 14 hours
    # off, so a larger gap means the two fields disagree and the zone decides instead, as it
    # does when there is no wall clock at all.
    written = (pl.col("local") - pl.col("utc")).dt.total_minutes()
    utc = pl.col("utc").dt.replace_time_zone("UTC")
    zone_wall = utc.dt.convert_time_zone(options.tz.key).dt.replace_time_zone(None)
    frame = frame.with_columns(
        ts=pl.coalesce(utc, zone_utc),
        offset_minutes=pl.when(written.abs() <= MAX_OFFSET_MINUTES)
        .then(written)
        .when(pl.col("utc").is_not_null())
        .then((zone_wall - pl.col("utc")).dt.total_minutes())
        .otherwise(zone_offset)
        .cast(pl.Int16),
    )
    return to_schema(frame, sort=True)
