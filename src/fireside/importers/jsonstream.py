"""Large JSON exports read as a stream: items come one at a time, the file is never whole.

``json.load`` holds a whole export as Python objects, about ten times the file's size (a
million Telegram messages: 2 GB). ijson's C parser hands over one item at a time, and is
faster too. A broken or cut-off file is named with its line and column, as with json.

Every JSON reader of fireside comes through here, and every block of bytes passes a guard
before the parser sees it (see ``Guard``): it bounds the nesting depth, the length of one
string, of one number and of one item, so that memory stays bounded whatever the file
holds. ijson's own costs grow with the depth (each event carries the path from the root,
so 100,000 nested arrays took gigabytes), and its C backend crashed the interpreter on an
integer of more than 4,300 digits (Python's limit for turning digits into an int): the guard
lets no number of more than 100 digits reach it.
"""

from __future__ import annotations

import codecs
import contextlib
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path
from typing import IO, Any

import ijson

from fireside.importers.model import ImportError_, Progress

READ_BYTES = 1 << 16
MAX_DEPTH = 64  # nesting of arrays and objects; chat exports use under ten
MAX_STRING_BYTES = 1 << 20  # one string: a message's text is a few kilobytes at most
MAX_NUMBER_DIGITS = 100  # digits in a row in one number; an epoch in ms has 13
MAX_ITEM_BYTES = 4 << 20  # one item (a message) as JSON text; up to ~25 times as objects

_DIGIT_MAP = bytes(ord("d") if b in b"0123456789" else ord(" ") for b in range(256))
_LONG_RUN = b"d" * (MAX_NUMBER_DIGITS + 1)
_NOT_MARKS = bytes(b for b in range(256) if b not in b'"[]{}')
_STEP = [0] * 256
_STEP[ord("[")] = _STEP[ord("{")] = 1
_STEP[ord("]")] = _STEP[ord("}")] = -1


class Guard:
    """Checks JSON text block by block, at the speed of a few regular expressions.

    Strings are cut out with one pattern (their brackets don't count), the brackets left
    give the depth by a running sum, and runs of number characters give a number's length.
    State that crosses a block (inside a string, after a backslash, a number's digits so
    far, the size of the item being read) is carried over. The quick pass may overestimate
    (a string or item begun in a block counts the whole block); when it sees a limit passed,
    a character-by-character pass over that one block decides, and places the fault.

    ``item_depth`` is the depth of the items being built (``messages.item`` of an object:
    3); a container at that depth may span at most ``MAX_ITEM_BYTES``.
    """

    def __init__(self, path: Path, item_depth: int | None) -> None:
        self.path = path
        self.item_depth = item_depth
        self.offset = 0  # bytes checked before this block
        self.state = _State()

    def check(self, block: bytes) -> None:
        quick = self.state.copy()
        if not _quick(quick, block, self.item_depth):
            at, what = _exact(self.state, block, self.item_depth)
            if what:
                raise ImportError_(
                    f"{self.path}: byte {self.offset + at:,}: {what}; a chat export never "
                    "does, so nothing was imported.",
                    hint="Check that this is the export itself, or export it again.",
                )
        else:
            self.state = quick
        self.offset += len(block)


class _State:
    __slots__ = ("depth", "escaped", "in_string", "item_bytes", "number_chars", "string_bytes")

    def __init__(self) -> None:
        self.depth = 0
        self.in_string = False
        self.escaped = False  # a backslash inside a string ended the block before
        self.string_bytes = 0
        self.number_chars = 0  # number characters at the end of the block before
        self.item_bytes = 0  # bytes of the item (at ``item_depth``) being read

    def copy(self) -> _State:
        other = _State()
        for name in self.__slots__:
            setattr(other, name, getattr(self, name))
        return other


def _quick(state: _State, block: bytes, item_depth: int | None) -> bool:
    """Update ``state`` past ``block``; False when a limit may be passed in it.

    Escaped backslashes and escaped quotes are dropped first (pairs from the left, as a
    string is read), so every quote left begins or ends a string. Only quotes and brackets
    are kept, and two quotes side by side are dropped too: that changes no bracket's side of
    a string, and leaves a few bytes to split where the block had thousands of strings.
    String lengths are counted by whole blocks (at most one block too many).
    """
    depth_before, was_in_string = state.depth, state.in_string
    if state.escaped:  # the block begins with an escaped character
        return _quick_by_pattern(state, block, item_depth)
    plain = block.replace(b"\\\\", b"").replace(b'\\"', b"") if b"\\" in block else block
    marks = plain.translate(None, _NOT_MARKS).replace(b'""', b"")
    quotes = marks.count(b'"')
    open_string = (quotes + was_in_string) % 2 == 1
    if was_in_string:
        state.string_bytes += len(block)
        if state.string_bytes > MAX_STRING_BYTES:
            return False
    if open_string:
        if quotes or not was_in_string:  # a string begins here and runs past the block
            state.string_bytes = len(block)
        state.escaped = _ends_escaped(block)
    if quotes:
        parts = marks.split(b'"')
        marks = b"".join(parts[1::2] if was_in_string else parts[0::2])
    elif was_in_string:
        marks = b""
    low = depth_before
    if marks:
        levels = list(accumulate(map(_STEP.__getitem__, marks), initial=state.depth))
        low = min(levels)
        state.depth = levels[-1]
        if max(levels) > MAX_DEPTH:
            return False
    digits = block.translate(_DIGIT_MAP)
    if _LONG_RUN in digits:  # (perhaps inside a text: the exact pass will tell)
        return False
    lead = 0 if was_in_string else len(digits) - len(digits.lstrip(b"d"))
    if state.number_chars + lead > MAX_NUMBER_DIGITS:
        return False
    if open_string:
        state.number_chars = 0
    elif lead == len(digits):
        state.number_chars += lead
    else:
        state.number_chars = len(digits) - len(digits.rstrip(b"d"))
    state.in_string = open_string
    return _item(state, len(block), depth_before, low, item_depth)


def _quick_by_pattern(state: _State, block: bytes, item_depth: int | None) -> bool:
    """The exact pass for the rare block that begins with an escaped character."""
    return not _exact(state, block, item_depth)[1]


def _ends_escaped(block: bytes) -> bool:
    return (len(block) - len(block.rstrip(b"\\"))) % 2 == 1


def _item(state: _State, size: int, before: int, low: int, item_depth: int | None) -> bool:
    """Count the block towards the item being read; False when it may be past the limit."""
    if item_depth is None:
        return True
    if state.depth >= item_depth:
        # Still inside the item the block before was in, or in one begun in this block.
        state.item_bytes = state.item_bytes + size if low >= item_depth else size
        return state.item_bytes <= MAX_ITEM_BYTES
    ended_here = before >= item_depth and state.item_bytes + size > MAX_ITEM_BYTES
    state.item_bytes = 0
    return not ended_here


def _exact(state: _State, block: bytes, item_depth: int | None) -> tuple[int, str]:
    """``state`` moved past ``block`` byte by byte; the first fault's place and what it is."""
    depth, in_string, escaped = state.depth, state.in_string, state.escaped
    string_bytes, number, item_bytes = state.string_bytes, state.number_chars, state.item_bytes
    for at, byte in enumerate(block):
        if item_depth is not None:
            item_bytes = item_bytes + 1 if depth >= item_depth else 0
            if item_bytes > MAX_ITEM_BYTES:
                return at, f"one item is longer than {MAX_ITEM_BYTES >> 20} MB"
        if in_string:
            string_bytes += 1
            if string_bytes > MAX_STRING_BYTES:
                return at, f"one text is longer than {MAX_STRING_BYTES >> 20} MB"
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
            continue
        if 0x30 <= byte <= 0x39:  # a digit
            number += 1
            if number > MAX_NUMBER_DIGITS:
                return at, f"a number has more than {MAX_NUMBER_DIGITS} digits"
            continue
        number = 0
        if byte == 0x22:
            in_string, string_bytes = True, 0
        elif byte in b"[{":
            depth += 1
            if depth > MAX_DEPTH:
                return at, f"the JSON nests more than {MAX_DEPTH} levels deep"
        elif byte in b"]}":
            depth -= 1
    state.depth, state.in_string, state.escaped = depth, in_string, escaped
    state.string_bytes, state.number_chars, state.item_bytes = string_bytes, number, item_bytes
    return len(block), ""


class CountingReader:
    """A binary file, as UTF-8, that reports progress, guards its JSON and knows its place."""

    def __init__(
        self,
        handle: IO[bytes],
        total: int,
        progress: Progress | None,
        guard: Guard,
        encoding: str = "utf-8",
    ) -> None:
        self._handle = handle
        self._total = total
        self._progress = progress
        self._guard = guard
        self._decoder = (
            None
            if codecs.lookup(encoding).name == "utf-8"
            else codecs.getincrementaldecoder(encoding)()
        )
        self.done = 0
        self.lines = 0  # newlines in what has been read
        self.column = 0  # bytes since the last newline read
        self.block_lines = 0  # newlines before the block read last
        self._first = True

    def read(self, size: int = -1) -> bytes:
        if size == 0:  # (ijson first reads 0 bytes to learn the file's type)
            return b""
        data = self._handle.read(size)
        self.done += len(data)
        if self._decoder is not None:
            data = self._decoder.decode(data, final=not data).encode("utf-8")
        if self._first and data:
            self._first = False
            data = data.removeprefix(codecs.BOM_UTF8)
        self._guard.check(data)
        self.block_lines = self.lines
        newlines = data.count(b"\n")
        self.lines += newlines
        self.column = len(data) - data.rfind(b"\n") - 1 if newlines else self.column + len(data)
        if self._progress:
            self._progress(min(self.done, self._total), self._total)
        return data


def _item_depth(prefix: str) -> int | None:
    """How deep the items at ``prefix`` sit: ``messages.item`` of the root object is 3.

    Only the items of an array are bounded (messages); ``chats.list.item.name`` picks one
    field of each chat, and the chat around it (its messages array too) is not being built.
    """
    if not prefix.endswith("item"):
        return None
    return len(prefix.split(".")) + 1


def items(
    path: Path,
    prefix: str,
    *,
    again: str,
    progress: Progress | None = None,
    encoding: str = "utf-8",
) -> Iterator[Any]:
    """The items at ``prefix`` (ijson's notation, e.g. ``"messages.item"``), one at a time."""
    with _reader(path, progress, Guard(path, _item_depth(prefix)), encoding) as reader:
        try:
            yield from ijson.items(reader, prefix, buf_size=READ_BYTES)
        except ijson.JSONError as exc:
            raise _broken(path, reader, exc, again) from None
        except UnicodeDecodeError as exc:
            raise _not_text(path, encoding, reader.done, exc) from None
        except ArithmeticError:  # a float beyond what Decimal holds: 1e999999999999999999
            raise _too_large(path, reader, again) from None


def items_of_one(
    path: Path,
    container: str,
    index: int,
    inner: str,
    *,
    again: str,
    progress: Progress | None = None,
    encoding: str = "utf-8",
) -> Iterator[Any]:
    """The items at ``inner`` within the ``index``-th item of ``container`` only.

    For one chat of a whole-account export (``chats.list.item`` number 3, its
    ``messages.item``): the other chats pass as parser events and are never built.
    """
    start = f"{container}.item" if container else "item"
    full = f"{start}.{inner}"
    guard = Guard(path, _item_depth(full))
    with _reader(path, progress, guard, encoding) as reader:
        events = ijson.parse(reader, buf_size=READ_BYTES)

        def chosen() -> Iterator[tuple[str, str, Any]]:
            number = -1
            for event in events:
                event_prefix, kind, _ = event
                if event_prefix == start and kind not in ("map_key", "end_map", "end_array"):
                    number += 1  # the next item of the container begins
                if number == index:
                    yield event
                elif number > index:
                    return

        try:
            yield from ijson.items(chosen(), full)
        except ijson.JSONError as exc:
            raise _broken(path, reader, exc, again) from None
        except UnicodeDecodeError as exc:
            raise _not_text(path, encoding, reader.done, exc) from None
        except ArithmeticError:  # a float beyond what Decimal holds: 1e999999999999999999
            raise _too_large(path, reader, again) from None


def top_level_keys(
    path: Path, *, again: str, stop_at: set[str], encoding: str = "utf-8"
) -> list[str]:
    """The object's keys in file order, up to the first one in ``stop_at`` (read no further)."""
    keys: list[str] = []
    with _reader(path, None, Guard(path, None), encoding) as reader:
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
        except UnicodeDecodeError as exc:
            raise _not_text(path, encoding, reader.done, exc) from None
        except ArithmeticError:  # a float beyond what Decimal holds: 1e999999999999999999
            raise _too_large(path, reader, again) from None
    return keys


@contextlib.contextmanager
def _reader(
    path: Path, progress: Progress | None, guard: Guard, encoding: str
) -> Iterator[CountingReader]:
    try:
        handle = path.open("rb")
        total = path.stat().st_size
    except OSError as exc:
        raise ImportError_(
            f"Could not read {path}: {exc.strerror}.", hint="Check the path."
        ) from None
    with handle:
        yield CountingReader(handle, total, progress, guard, encoding)


def _too_large(path: Path, reader: CountingReader, again: str) -> ImportError_:
    return ImportError_(
        f"{path}: lines {reader.block_lines + 1}–{reader.lines + 1}: a number too large for "
        "any chat export.",
        hint=f"{again}; nothing was imported.",
    )


def _not_text(path: Path, encoding: str, done: int, exc: UnicodeDecodeError) -> ImportError_:
    return ImportError_(
        f"{path}: near byte {done:,}: not valid {encoding} text ({exc.reason}).",
        hint="Name the file's encoding with --encoding if it is another; nothing was imported.",
    )


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
    if "overflow" in reason.lower():
        return ImportError_(
            f"{path}: lines {reader.block_lines + 1}–{reader.lines + 1}: a number too large "
            f"for any chat export ({reason}).",
            hint=f"{again}; nothing was imported.",
        )
    # The parser reads ahead in blocks, so a fault inside the file is placed to its block.
    return ImportError_(
        f"{path}: lines {reader.block_lines + 1}–{reader.lines + 1}: the JSON is broken "
        f"({reason}).",
        hint=f"{again}; nothing was imported.",
    )
