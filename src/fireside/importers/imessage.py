"""iMessage: macOS ``~/Library/Messages/chat.db`` (or ``sms.db`` from an iPhone backup).

See ../shared/formats/CHAT-EXPORTS.md, section 6. The database is opened read-only. Dates
count from 2001-01-01 UTC, in seconds on old databases and nanoseconds on newer ones (told
apart by size). Newer macOS versions leave ``text`` empty and keep the words in the
``attributedBody`` archive; fireside reads the string out of it. Tapbacks (reactions) are
rows of their own and are not messages. One conversation is chosen by the other person's
phone number or e-mail address (``--chat``); without it the conversations are listed.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl

from fireside.importers.columns import MAX_EPOCH_MS, from_epoch_ms, to_schema
from fireside.importers.model import (
    ImportError_,
    Parsed,
    ParseOptions,
    Problem,
    Progress,
    streamed,
)

FORMAT = "imessage"
SELF = "Me"
APPLE_EPOCH_MS = 978_307_200_000  # 2001-01-01T00:00:00Z in Unix milliseconds
SQLITE_MAGIC = b"SQLite format 3\x00"


def sniff_file(path: Path) -> bool:
    """A SQLite database with iMessage's message and handle tables."""
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            return False
    try:
        with _connect(path) as connection:
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            return {"message", "handle"} <= tables
    except sqlite3.Error:
        return False


def read(path: Path, options: ParseOptions, progress: Progress | None = None) -> Parsed:
    parsed = streamed(FORMAT, _frames, path, options, progress)
    parsed.self_sender = SELF
    return parsed


def _connect(path: Path) -> sqlite3.Connection:
    """Read-only and immutable: nothing is written beside the person's file (no -wal, -shm).

    Immutable means SQLite does not look at a -wal file either: messages the Messages app
    has not yet moved into chat.db are not seen (quitting Messages moves them).
    """
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def body_from_archive(blob: bytes | None) -> str:
    """The message text inside an ``attributedBody`` typedstream archive ("" if none).

    The archive stores an NSString: after the class name comes a marker byte "+" and a length
    (one byte, or 0x81 followed by two little-endian bytes, or 0x82 and four), then UTF-8 text.
    """
    if not blob or not isinstance(blob, bytes):
        return ""
    at = blob.find(b"NSString")
    if at < 0:
        return ""
    plus = blob.find(b"+", at)
    if plus < 0 or plus + 2 > len(blob):
        return ""
    size_byte = blob[plus + 1]
    start = plus + 2
    if size_byte == 0x81:
        size, start = int.from_bytes(blob[start : start + 2], "little"), start + 2
    elif size_byte == 0x82:
        size, start = int.from_bytes(blob[start : start + 4], "little"), start + 4
    else:
        size = size_byte
    return blob[start : start + size].decode("utf-8", errors="replace")


def _millis(value: int | None) -> int | None:
    if value is None:
        return None
    seconds_or_nanos = int(value)
    if abs(seconds_or_nanos) > 10**12:  # nanoseconds since 2001
        ms = APPLE_EPOCH_MS + seconds_or_nanos // 1_000_000
    else:
        ms = APPLE_EPOCH_MS + seconds_or_nanos * 1000
    return ms if abs(ms) < MAX_EPOCH_MS else None


def _handle(value: object) -> str:
    """A handle's phone number or address as text ("" when unknown), whatever its type."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _words(value: object) -> str:
    """The ``text`` column as text: a string, or bytes where a damaged database has them."""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return value if isinstance(value, str) else ""


def _rows(connection: sqlite3.Connection) -> list[Any]:
    """Every message with its sender's handle, oldest first (older schemas lack some columns)."""
    columns = {row[1] for row in connection.execute("PRAGMA table_info(message)")}
    body = "m.attributedBody" if "attributedBody" in columns else "NULL"
    tapback = "m.associated_message_type" if "associated_message_type" in columns else "0"
    attachments = (
        "COALESCE(m.cache_has_attachments, 0)" if "cache_has_attachments" in columns else "0"
    )
    return connection.execute(
        f"SELECT m.ROWID, m.date, m.is_from_me, m.text, {body}, {tapback}, {attachments}, h.id "
        "FROM message m LEFT JOIN handle h ON h.ROWID = m.handle_id ORDER BY m.date"
    ).fetchall()


def _frames(
    path: Path, options: ParseOptions, progress: Progress | None, parsed: Parsed
) -> Iterator[pl.DataFrame]:
    try:
        connection = _connect(path)
    except sqlite3.Error as exc:
        raise ImportError_(
            f"{path}: can't open the database read-only ({exc}).",
            hint="Check the path and permissions.",
        ) from None
    try:
        rows = _rows(connection)
    except sqlite3.Error as exc:
        raise ImportError_(
            f"{path}: not an iMessage database ({exc}).",
            hint="Give the chat.db from ~/Library/Messages, or sms.db from an iPhone backup.",
        ) from None
    finally:
        connection.close()
    if progress:
        progress(1, 1)
    rows = [(*row[:7], _handle(row[7])) for row in rows]
    handles: dict[str, int] = {}
    for row in rows:
        handles[row[7]] = handles.get(row[7], 0) + 1
    wanted = options.chat
    if not wanted:
        listed = ", ".join(
            f"{h or '(unknown)'} ({n})"
            for h, n in sorted(handles.items(), key=lambda kv: -kv[1])[:12]
        )
        raise ImportError_(
            f"{path}: this database holds {len(handles)} conversations: {listed}.",
            hint="Pick one with --chat followed by the phone number or e-mail address.",
        )
    digits = re.sub(r"\D", "", wanted)[-9:]
    matches = {
        h
        for h in handles
        if h.casefold() == wanted.casefold() or (digits and re.sub(r"\D", "", h)[-9:] == digits)
    }
    if not matches:
        raise ImportError_(
            f"{path}: no conversation with {wanted!r}.",
            hint="Conversations: " + ", ".join(h or "(unknown)" for h in list(handles)[:12]) + ".",
        )
    data: dict[str, list[Any]] = {"line": [], "ms": [], "sender": [], "kind": [], "text": []}
    for rowid, date, from_me, text, body, tapback, attachments, handle in rows:
        if handle not in matches:
            continue
        try:
            reaction = bool(tapback) and 2000 <= int(tapback) <= 3999
            ms = _millis(date)
        except (TypeError, ValueError, OverflowError):
            parsed.note(Problem(int(rowid), "time not understood"))
            continue
        if reaction:  # tapbacks: not messages
            parsed.system_lines += 1
            continue
        if ms is None:
            parsed.note(Problem(int(rowid), "time missing or out of range"))
            continue
        words = _words(text) or body_from_archive(body)
        words = words.replace("\ufffc", "").strip()  # the object-replacement mark of attachments
        data["line"].append(int(rowid))
        data["ms"].append(ms)
        data["sender"].append(SELF if from_me else str(handle))
        data["kind"].append("media" if attachments and not words else "text")
        data["text"].append(words)
    if not data["line"]:
        return
    frame = from_epoch_ms(pl.DataFrame(data), options.tz.key).with_columns(edited=pl.lit(False))
    yield to_schema(frame, sort=True)
