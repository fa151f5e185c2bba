"""WhatsApp "Export chat" files: Android and iOS, every date order, .txt or the .zip around it.

Read in blocks of a few megabytes, each cut just before a message header so that it holds
whole messages; blocks are parsed column-wise with Polars on every core and come out in file
order, so a ten-year chat parses in about a second with bounded memory. What each line looks
like is described in ../shared/formats/CHAT-EXPORTS.md (section 1). What a body is (media,
a notice, …) is decided in whatsapp_kinds.py; dates and times are read in whatsapp_dates.py.

Dates carry no marked order (31/12/2023, 12/31/23, 2023/12/31, 20.01.22), so the order is
inferred from every distinct date in the file: a first field above 12 means day-first, a
second field above 12 month-first, a four-digit first field year-first. Blocks are read one
at a time until the order is settled (usually by the first); a file that never settles it is
checked for which order keeps its dates in time order, and failing that the import stops and
asks for --date-order.
"""

from __future__ import annotations

import codecs
import dataclasses
import os
import re
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

import polars as pl

from fireside.importers import archive
from fireside.importers.columns import localised, to_schema
from fireside.importers.model import (
    MAX_PROBLEMS_NOTED,
    NOT_A_MESSAGE_LINE,
    DateOrder,
    ImportError_,
    Parsed,
    ParseOptions,
    Problem,
    Progress,
    streamed,
)
from fireside.importers.timeline import Timeline
from fireside.importers.whatsapp_dates import infer_order, seconds_of_day, to_date
from fireside.importers.whatsapp_kinds import MARKS, classify

FORMAT = "whatsapp"
CHUNK_BYTES = 2 << 20  # about 250 MB peak for any file size; 1 MB is slower, 4 MB 360 MB
MAX_MESSAGE_BYTES = 64 << 20  # one message longer than this is not a chat message
MAX_PREAMBLE_BYTES = 1 << 20  # text before the first message header, at most
HEADER_BYTES = 96  # enough of a line to see whether it begins a message
WORKERS = min(2, os.cpu_count() or 1)  # blocks at once; Polars releases the GIL. Four: 310 MB
SPACE = r"[ \u202f\u00a0]"
DATE = r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}"
TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?"
AMPM = r"[AaPp]\.?" + SPACE + r"?[Mm]\.?"
# One pattern for both platforms; used by Polars (Rust regex) and by the sniffer (Python re).
HEADER = (
    rf"^[{MARKS}]*(?:\[{DATE},?{SPACE}{TIME}(?:{SPACE}?{AMPM})?\]{SPACE}"
    rf"|{DATE},?{SPACE}{TIME}(?:{SPACE}?{AMPM})?{SPACE}-{SPACE})"
)
_HEADER_PY = re.compile(HEADER)


def sniff(head: str) -> bool:
    """True when the first lines of a file look like a WhatsApp export."""
    lines = [line for line in head.lstrip("\ufeff").splitlines()[:20] if line.strip()]
    hits = sum(1 for line in lines if _HEADER_PY.match(line))
    return bool(lines) and hits >= max(1, len(lines) // 3)


def read(path: Path, options: ParseOptions, progress: Progress | None = None) -> Parsed:
    return streamed(FORMAT, _frames, path, options, progress)


# ---------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class _Block:
    """Whole messages: every block after the first starts with a message header."""

    line_no: int  # the file's line number of the block's first line
    data: bytes
    first: bool


@dataclass
class _Split:
    """A block's messages as raw text columns, and the lines that were not messages."""

    raw: pl.DataFrame | None
    problems: list[Problem] = field(default_factory=list)  # the first few
    unreadable: int = 0  # all of them


@dataclass
class _Done:
    frame: pl.DataFrame | None
    problems: list[Problem] = field(default_factory=list)  # the first few
    system_lines: int = 0
    unreadable: int = 0  # all of them


def _open(path: Path, source: str | None = None) -> tuple[IO[bytes], int]:
    """The chat file's bytes (inside a .zip or not), as UTF-8 when ``source`` names another
    encoding to read it from (UTF-16 exports)."""
    if path.suffix.lower() == ".zip":
        member, info = archive.open_member(path, (".txt",))
        handle, total = member, info.file_size
    else:
        handle, total = path.open("rb"), path.stat().st_size  # type: ignore[assignment]
    if source is not None:
        return archive.Transcoded(handle, source), total  # type: ignore[return-value]
    return handle, total  # type: ignore[return-value]  # (read and close)


def _utf16_source(path: Path, options: ParseOptions) -> str | None:
    """The UTF-16 codec to read the file with: named by --encoding, or seen in its bytes."""
    if codecs.lookup(options.encoding).name.startswith("utf-16"):
        return options.encoding
    handle, _ = _open(path)
    with handle:
        head = handle.read(4096)
    return archive.utf16_of(head)


def _blocks(
    path: Path, options: ParseOptions, progress: Progress | None, source: str | None = None
) -> Iterator[_Block]:
    """The file in blocks of a few megabytes, each cut just before a message header.

    Cutting at a header (not merely at a line end) makes every block self-contained, so
    blocks can be parsed in any order and on any core.
    """
    handle, total = _open(path, source)
    utf8 = codecs.lookup(options.encoding).name == "utf-8"
    scale = 2 if source else 1  # progress counts the UTF-8 read against the UTF-16 size
    line_no, done, carry, first = 1, 0, b"", True
    with handle:
        while True:
            block = handle.read(CHUNK_BYTES)
            done += len(block) * scale
            final = not block
            data = carry + block
            if first and utf8:
                data = data.removeprefix(codecs.BOM_UTF8)
            if final:
                piece, carry = data, b""
            else:
                # A header cut short at the end of the last read is looked at again.
                since = max(0, len(carry) - HEADER_BYTES)
                cut = _last_message_start(data, options.encoding, since)
                if cut < 0:
                    if (
                        first
                        and len(data) > MAX_PREAMBLE_BYTES
                        and not _starts_message(data, options.encoding)
                    ):
                        raise ImportError_(
                            f"{path}: no WhatsApp message in the first "
                            f"{MAX_PREAMBLE_BYTES >> 20} MB; this is not a WhatsApp export.",
                            hint="Check the file and the --format; nothing was imported.",
                        )
                    if len(data) > MAX_MESSAGE_BYTES:
                        raise ImportError_(
                            f"{path}: line {line_no}: a message longer than "
                            f"{MAX_MESSAGE_BYTES >> 20} MB, or not a WhatsApp export.",
                            hint="Check the file; `fireside parse FILE --limit 5` shows what is read.",
                        )
                    carry = data
                    continue
                piece, carry = data[:cut], data[cut:]
            if b"\r" in piece:  # Windows line endings (a cut never parts "\r\n": it follows "\n")
                piece = piece.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
            if piece:
                yield _Block(line_no, piece, first)
                line_no += piece.count(b"\n")
                first = False
            if progress:
                progress(min(done, total), total)
            if final:
                break


def _last_message_start(data: bytes, encoding: str, since: int = 0) -> int:
    """Where the last line that starts a message begins (never 0), or -1 if no line does.

    Lines that begin before ``since`` were looked at already (a message of many lines comes
    in many reads: looking at all of it each time was quadratic).
    """
    end = len(data)
    while (newline := data.rfind(b"\n", max(0, since - 1), end)) >= 0:
        start = newline + 1
        head = data[start : start + HEADER_BYTES].decode(encoding, errors="ignore")
        if _HEADER_PY.match(head):
            return start
        end = newline
    return -1


def _starts_message(data: bytes, encoding: str) -> bool:
    return _HEADER_PY.match(data[:HEADER_BYTES].decode(encoding, errors="ignore")) is not None


def _text(block: _Block, path: Path, options: ParseOptions) -> pl.Series:
    """The block as one Polars string (UTF-8 validated by Polars, not decoded by Python)."""
    data = block.data[:-1] if block.data.endswith(b"\n") else block.data
    try:
        if codecs.lookup(options.encoding).name == "utf-8":
            text = pl.Series([data], dtype=pl.Binary).cast(pl.String)
        else:
            text = pl.Series([data.decode(options.encoding)], dtype=pl.String)
    except (pl.exceptions.ComputeError, pl.exceptions.InvalidOperationError, UnicodeDecodeError):
        try:
            data.decode(options.encoding)
            position = len(data)
        except UnicodeDecodeError as exc:
            position = exc.start
        bad_line = block.line_no + data[:position].count(b"\n")
        raise ImportError_(
            f"{path}: line {bad_line}: not valid {options.encoding} text.",
            hint="If the file uses another encoding, name it with --encoding "
            "(for example --encoding cp1252 or --encoding latin-1).",
        ) from None
    return text


def _frames(
    path: Path, options: ParseOptions, progress: Progress | None, parsed: Parsed
) -> Iterator[pl.DataFrame]:
    """Split blocks here until the date order is known, then parse the rest on every core."""
    source = _utf16_source(path, options)
    if source is not None:  # read as UTF-8 from here on, transcoded a block at a time
        options = dataclasses.replace(options, encoding="utf-8")
    order = options.date_order
    seen_dates: dict[str, None] = {}  # distinct dates in order of appearance
    timeline = Timeline(parsed)  # times kept in file order, a far-off date left out
    date_cache: dict[str, date | None] = {}  # dates parsed once per file
    blocks = _blocks(path, options, progress, source)
    waiting: list[pl.DataFrame] = []
    for block in blocks:
        split = _split_messages(block, path, options)
        parsed.note_all(split.problems, split.unreadable)
        if split.raw is None:
            continue
        waiting.append(split.raw)
        if order is None:
            for value in split.raw.get_column("date").unique(maintain_order=True).to_list():
                seen_dates.setdefault(value, None)
            order = infer_order(seen_dates, path, final=False)
        if order is not None:
            break
    if order is None and waiting:
        order = infer_order(seen_dates, path, final=True)
    settled = order or DateOrder.DMY
    for raw in waiting:
        yield from _emit(_finish(raw, settled, options, date_cache), parsed, timeline)

    def parse_block(block: _Block) -> _Done:
        split = _split_messages(block, path, options)
        if split.raw is None:
            return _Done(None, split.problems, unreadable=split.unreadable)
        done = _finish(split.raw, settled, options, date_cache)
        done.problems[:0] = split.problems
        done.unreadable += split.unreadable
        return done

    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="whatsapp") as pool:
        for done in _in_order(pool, parse_block, blocks, window=WORKERS + 1):
            yield from _emit(done, parsed, timeline)
    yield from timeline.finish()


def _in_order(
    pool: ThreadPoolExecutor, work: Callable[[_Block], _Done], items: Iterator[_Block], window: int
) -> Iterator[_Done]:
    """``work`` on each item in the pool, results in item order, at most ``window`` at once."""
    running: deque[Future[_Done]] = deque()
    try:
        for item in items:
            running.append(pool.submit(work, item))
            if len(running) >= window:
                yield running.popleft().result()
        while running:
            yield running.popleft().result()
    finally:
        for future in running:
            future.cancel()


def _emit(done: _Done, parsed: Parsed, timeline: Timeline) -> Iterator[pl.DataFrame]:
    """A parsed block, in file order: its problems noted, its times put in order."""
    parsed.note_all(done.problems, done.unreadable)
    parsed.system_lines += done.system_lines
    if done.frame is not None and done.frame.height:
        yield from timeline.push(done.frame)


def _split_messages(block: _Block, path: Path, options: ParseOptions) -> _Split:
    """Raw text columns (line, date, time, sender, body) for the messages of a block."""
    text = _text(block, path, options)
    # Direction marks and odd spaces are rare on Android; skip their passes when absent.
    # (One scan of the block in Polars: a byte search in Python was slower and held the GIL.)
    unusual = bool(text.str.contains(f"[{MARKS}\u202f\u00a0]").item())
    has_marks = unusual and bool(text.str.contains(f"[{MARKS}]").item())
    odd_spaces = unusual and bool(text.str.contains("[\u202f\u00a0]").item())
    frame = (
        text.str.split("\n")
        .explode()
        .alias("raw")
        .to_frame()
        .with_row_index("line", offset=block.line_no)
    )
    frame = frame.with_columns(header=pl.col("raw").str.contains(HEADER))
    frame = frame.with_columns(msg=pl.col("header").cum_sum())
    # Lines before the first header: the preamble of a file that is not quite an export.
    orphans = frame.filter(pl.col("msg") == 0).filter(pl.col("raw").str.strip_chars() != "")
    problems = [
        Problem(int(line_no), NOT_A_MESSAGE_LINE)
        for (line_no,) in orphans.head(MAX_PROBLEMS_NOTED).select("line").iter_rows()
    ]
    heads = frame.filter(pl.col("header"))
    if heads.height == 0:
        return _Split(None, problems, orphans.height)
    line = pl.col("raw").str.strip_chars_start(MARKS) if has_marks else pl.col("raw")
    if str(heads.item(0, "raw")).lstrip(MARKS).startswith("["):  # iOS: "[date, time] author: body"
        split = line.str.strip_prefix("[").str.splitn("] ", 2)
    else:  # Android: "date, time - author: body"
        split = line.str.splitn(" - ", 2)
    head = pl.col("head").str.replace_all("[\u202f\u00a0]", " ") if odd_spaces else pl.col("head")
    # "31/12/2023, 22:15": the date keeps its comma and the time may keep a space; both are
    # read from their distinct values later, where that costs nothing.
    raw = (
        heads.lazy()
        .select("line", parts=split)
        .unnest("parts")
        .rename({"field_0": "head", "field_1": "rest"})
        .with_columns(head=head.str.splitn(" ", 2), rest=pl.col("rest").str.splitn(": ", 2))
        .select(
            "line",
            date=pl.col("head").struct.field("field_0"),
            time=pl.col("head").struct.field("field_1"),
            sender=pl.col("rest").struct.field("field_0"),
            body=pl.col("rest").struct.field("field_1"),
        )
        .collect()
    )
    more = (
        frame.lazy()
        .filter(~pl.col("header") & (pl.col("msg") > 0))
        .group_by("msg", maintain_order=True)
        .agg(more=pl.col("raw").str.join("\n"))
        .collect()
    )
    if more.height:  # multi-line messages: their further lines joined onto the first
        at = more.get_column("msg").cast(pl.Int64) - 1  # heads are messages 1, 2, 3, …
        body = raw.get_column("body")
        longer = body.gather(at) + "\n" + more.get_column("more")
        raw = raw.with_columns(body.scatter(at, longer))
    return _Split(raw, problems, orphans.height)


# ---------------------------------------------------------------------------- finishing


def _finish(
    raw: pl.DataFrame, order: DateOrder, options: ParseOptions, date_cache: dict[str, date | None]
) -> _Done:
    """Times, kinds and system notices of one block's messages."""
    # An export is in time order, so its dates come in runs: each run's date is read once.
    texts = raw.get_column("date")
    days = []
    for text in texts.rle().struct.field("value").to_list():
        if text not in date_cache:
            date_cache[text] = to_date(text, order)
        days.append(date_cache[text])
    frame = raw.with_columns(
        day=pl.Series(days, dtype=pl.Date).gather(texts.rle_id()),
        secs=seconds_of_day(raw.get_column("time")),
    )
    unreadable = frame.select(pl.col("day").is_null() | pl.col("secs").is_null()).to_series()
    problems = [
        Problem(int(line_no), f"date or time not understood: {day_text} {time_text}")
        for line_no, day_text, time_text in frame.filter(unreadable)
        .head(MAX_PROBLEMS_NOTED)
        .select("line", "date", "time")
        .iter_rows()
    ]
    if problems:  # filters copy every column, so they run only when they remove something
        frame = frame.filter(~unreadable)
    frame = classify(frame)
    system = int(frame.get_column("system").sum())
    if system:
        frame = frame.filter(~pl.col("system"))
    unread = int(unreadable.sum())
    if frame.height == 0:
        return _Done(None, problems, system, unread)
    local = frame.select(
        pl.col("day").cast(pl.Datetime("ms")) + pl.duration(seconds=pl.col("secs"))
    ).to_series()
    frame = pl.concat([frame, localised(local, options.tz.key)], how="horizontal")
    return _Done(to_schema(frame), problems, system, unread)
