"""What every importer produces: batches of messages as Polars frames, and problems as values.

An importer is a pure function from a file to a stream of frames (see registry.py). Storage,
roles, dedupe and progress happen once, in fireside.ingest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

import polars as pl

from fireside.errors import ExitCode, FiresideError

# The columns of every batch an importer yields.
FRAME_SCHEMA: dict[str, pl.DataType] = {
    "line": pl.Int64(),  # where the message starts in the file (1-based), or its index
    "ts": pl.Datetime("ms", "UTC"),
    "offset_minutes": pl.Int16(),  # the sender's wall-clock offset from UTC
    "sender": pl.String(),  # as written in the export
    "kind": pl.String(),  # text | media | sticker | call | deleted
    "edited": pl.Boolean(),
    "text": pl.String(),  # the body; "" for media without a caption
}
Progress = Callable[[int, int], None]  # (bytes done, bytes total)
MAX_PROBLEMS_NOTED = 1000  # unreadable lines listed per file; more would not help anyone
MAX_LINE_CHARS = 1 << 20  # one line of a line-based export (CSV, Signal): a million characters
MAX_MESSAGE_CHARS = 64 << 20  # one message of many lines (Signal), as WhatsApp's 64 MB


class DateOrder(StrEnum):
    DMY = "dmy"
    MDY = "mdy"
    YMD = "ymd"


NOT_A_MESSAGE_LINE = "not a message line (no date and sender before it)"


@dataclass(frozen=True)
class Problem:
    """A line (or record) that could not be read; the import goes on without it.

    ``reason`` says what is wrong in fixed words, never with the line's own text: problem
    records are stored and exported, and the partner's words are not kept unless asked.
    """

    line: int
    reason: str

    def as_json(self) -> dict[str, object]:
        return {"line": self.line, "reason": self.reason}


@dataclass(frozen=True)
class ParseOptions:
    tz: ZoneInfo
    date_order: DateOrder | None = None
    chat: str | None = None  # which chat of a whole-account export
    encoding: str = "utf-8"


@dataclass
class Parsed:
    """A stream of frames and what was learnt while reading it (filled as frames are read)."""

    format: str
    frames: Iterator[pl.DataFrame]
    problems: list[Problem] = field(default_factory=list)
    system_lines: int = 0  # notices such as "Messages and calls are end-to-end encrypted"
    self_sender: str | None = None  # a sender label that is known to be you (SMS: "Me")
    unreadable: int = 0  # every line that could not be read; ``problems`` keeps the first ones

    def note(self, problem: Problem) -> None:
        """Count one unreadable line and keep it while there is room."""
        self.note_all([problem], 1)

    def note_all(self, first: list[Problem], total: int) -> None:
        """Count ``total`` unreadable lines, of which ``first`` are described; keep what fits."""
        self.unreadable += total
        self.problems.extend(first[: max(0, MAX_PROBLEMS_NOTED - len(self.problems))])


Reader = Callable[[Path, ParseOptions, Progress | None], Parsed]


class ImportError_(FiresideError):
    """The file can't be imported as it is; the message names the file and the fix."""

    exit_code = ExitCode.INVALID_INPUT


class AmbiguousDateOrder(ImportError_):
    """No day above 12 anywhere and the file reads in time order both ways: the person chooses.

    ``candidates`` are the orders that fit; ``examples`` a few of the file's dates as written.
    """

    def __init__(
        self, message: str, *, hint: str, candidates: tuple[DateOrder, ...], examples: list[str]
    ) -> None:
        super().__init__(message, hint=hint)
        self.candidates = candidates
        self.examples = examples


FrameSource = Callable[[Path, ParseOptions, "Progress | None", Parsed], Iterator[pl.DataFrame]]


# Times outside these are a damaged field, not a message: texting is younger than 1990.
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def bounded_lines(handle: IO[str], path: Path) -> Iterator[str]:
    """The lines of a text file, none held longer than ``MAX_LINE_CHARS`` (refused past it).

    Iterating a text file reads a whole line whatever its length, so a file without line
    breaks (random bytes forced through a format) would be read whole into memory.
    """
    number = 0
    while line := handle.readline(MAX_LINE_CHARS + 1):
        number += 1
        if len(line) > MAX_LINE_CHARS:
            raise ImportError_(
                f"{path}: line {number:,} is longer than {MAX_LINE_CHARS:,} characters; "
                "this does not look like the export.",
                hint="Check the file and the --format; nothing was imported.",
            )
        yield line


def not_text(
    path: Path, encoding: str, exc: UnicodeDecodeError, line: int | None = None
) -> ImportError_:
    """A file that is not text in ``encoding``: said with the flag that fixes it."""
    where = f"line {line:,}" if line else "the file"
    return ImportError_(
        f"{path}: {where} is not valid {encoding} text ({exc.reason}).",
        hint="If the file was saved in another encoding, name it with --encoding "
        "(for example --encoding cp1252 or --encoding utf-16); nothing was imported.",
    )


def streamed(
    format: str, source: FrameSource, path: Path, options: ParseOptions, progress: Progress | None
) -> Parsed:
    """A Parsed whose frames come from ``source`` as they are read (nothing is read yet)."""
    parsed = Parsed(format=format, frames=iter(()))
    parsed.frames = _plausible(source(path, options, progress, parsed), parsed)
    return parsed


def _day(when: datetime | None) -> str:
    return "missing" if when is None else when.date().isoformat()


def _plausible(frames: Iterator[pl.DataFrame], parsed: Parsed) -> Iterator[pl.DataFrame]:
    """Every format's frames, less messages whose time is missing or out of range."""
    ts = pl.col("ts")
    wrong = ts.is_null() | (ts < EARLIEST) | (ts >= LATEST)
    for frame in frames:
        bad = frame.filter(wrong)
        if bad.height:
            first = [
                Problem(int(line), f"time out of range ({_day(when)}); left out")
                for line, when in bad.select("line", "ts").head(MAX_PROBLEMS_NOTED).iter_rows()
            ]
            parsed.note_all(first, bad.height)
            frame = frame.filter(~wrong)
        if frame.height:
            yield frame
