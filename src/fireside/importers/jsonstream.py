"""Large JSON exports read as a stream: items come one at a time, the file is never whole.

``json.load`` holds a whole export as Python objects, about ten times the file's size (a
million Telegram messages: 2 GB). ijson's C parser hands over one item at a time, and is
faster too. A broken or cut-off file is named with its line and column, as with json.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import ijson

from fireside.importers.model import ImportError_, Progress

READ_BYTES = 1 << 16


class CountingReader:
    """A binary file that reports progress and remembers how far it has been read."""

    def __init__(self, handle: IO[bytes], total: int, progress: Progress | None) -> None:
        self._handle = handle
        self._total = total
        self._progress = progress
        self.done = 0
        self.lines = 0  # newlines in what has been read
        self.column = 0  # bytes since the last newline read
        self.block_lines = 0  # newlines before the block read last
        self._first = True

    def read(self, size: int = -1) -> bytes:
        data = self._handle.read(size)
        self.block_lines = self.lines
        if self._first and data:  # (ijson first reads 0 bytes to learn the file's type)
            self._first = False
            data = data.removeprefix(codecs.BOM_UTF8)
        self.done += len(data)
        newlines = data.count(b"\n")
        self.lines += newlines
        self.column = len(data) - data.rfind(b"\n") - 1 if newlines else self.column + len(data)
        if self._progress:
            self._progress(min(self.done, self._total), self._total)
        return data


def items(
    path: Path, prefix: str, *, again: str, progress: Progress | None = None
) -> Iterator[Any]:
    """The items at ``prefix`` (ijson's notation, e.g. ``"messages.item"``), one at a time."""
    with path.open("rb") as handle:
        reader = CountingReader(handle, path.stat().st_size, progress)
        try:
            yield from ijson.items(reader, prefix, use_float=True, buf_size=READ_BYTES)
        except ijson.JSONError as exc:
            raise _broken(path, reader, exc, again) from None


def top_level_keys(path: Path, *, again: str, stop_at: set[str]) -> list[str]:
    """The object's keys in file order, up to the first one in ``stop_at`` (read no further)."""
    keys: list[str] = []
    with path.open("rb") as handle:
        reader = CountingReader(handle, path.stat().st_size, None)
        try:
            for prefix, event, value in ijson.parse(reader, buf_size=READ_BYTES):
                if prefix == "" and event == "map_key":
                    keys.append(str(value))
                    if value in stop_at:
                        break
                elif prefix == "" and event not in ("start_map", "end_map"):
                    break  # not an object
        except ijson.JSONError as exc:
            raise _broken(path, reader, exc, again) from None
    return keys


def _broken(path: Path, reader: CountingReader, exc: Exception, again: str) -> ImportError_:
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else "broken JSON"
    if "utf8" in reason.lower() or "utf-8" in reason.lower():
        return ImportError_(
            f"{path}: lines {reader.block_lines + 1}–{reader.lines + 1}: not valid UTF-8 text "
            f"({reason}).",
            hint="Name the file's encoding with --encoding if it is not UTF-8; nothing was imported.",
        )
    if "premature eof" in reason.lower() or "incomplete" in reason.lower():
        where = f"line {reader.lines + 1}, column {reader.column + 1}"
        return ImportError_(
            f"{path}: {where}: the JSON is cut off (the file ends in the middle).",
            hint=f"{again}; nothing was imported.",
        )
    # The parser reads ahead in blocks, so a fault inside the file is placed to its block.
    return ImportError_(
        f"{path}: lines {reader.block_lines + 1}–{reader.lines + 1}: the JSON is broken "
        f"({reason}).",
        hint=f"{again}; nothing was imported.",
    )
