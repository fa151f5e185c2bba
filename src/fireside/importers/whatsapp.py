"""WhatsApp "Export chat" files: Android and iOS, every date order, .txt or the .zip around it.

Streamed in chunks of a few megabytes and processed column-wise with Polars, so a ten-year
chat parses in about a second with bounded memory. What each line looks like is described in
../shared/formats/CHAT-EXPORTS.md (section 1); the localised markers live in
whatsapp_markers.toml.

Dates carry no marked order (31/12/2023, 12/31/23, 2023/12/31, 20.01.22), so the order is
inferred from every distinct date in the file: a first field above 12 means day-first, a
second field above 12 month-first, a four-digit first field year-first. Rows wait in memory
only while the order is still open; a file that never settles it is checked for which order
keeps its dates in time order, and failing that the import stops and asks for --date-order.
"""

from __future__ import annotations

import codecs
import re
import tomllib
from collections.abc import Callable, Iterator
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import IO, Any

import polars as pl

from fireside.importers import archive
from fireside.importers.columns import localise, to_schema
from fireside.importers.model import (
    DateOrder,
    ImportError_,
    Parsed,
    ParseOptions,
    Problem,
    Progress,
    streamed,
)

FORMAT = "whatsapp"
CHUNK_BYTES = 2 << 20  # about 250 MB peak for any file size; 4 MB is 10% faster but 360 MB
MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
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
_FIELDS = re.compile(r"\d+")


@cache
def markers() -> dict[str, Any]:
    raw = resources.files("fireside.importers").joinpath("whatsapp_markers.toml").read_bytes()
    return tomllib.loads(raw.decode("utf-8"))


def sniff(head: str) -> bool:
    """True when the first lines of a file look like a WhatsApp export."""
    lines = [line for line in head.lstrip("\ufeff").splitlines()[:20] if line.strip()]
    hits = sum(1 for line in lines if _HEADER_PY.match(line))
    return bool(lines) and hits >= max(1, len(lines) // 3)


def read(path: Path, options: ParseOptions, progress: Progress | None = None) -> Parsed:
    return streamed(FORMAT, _frames, path, options, progress)


# ---------------------------------------------------------------------------- reading


def _open(path: Path) -> tuple[IO[bytes], int]:
    if path.suffix.lower() == ".zip":
        member, info = archive.open_member(path, (".txt",))
        return member, info.file_size  # type: ignore[return-value]
    return path.open("rb"), path.stat().st_size


def _lines(
    path: Path, options: ParseOptions, progress: Progress | None
) -> Iterator[tuple[int, pl.Series]]:
    """Blocks of complete lines, as Polars strings, with the line number of their first line.

    UTF-8 is validated and split by Polars straight from the bytes: no Python strings, which
    hold any text with emoji at four bytes a character. Other encodings are decoded in Python.
    A line boundary is always a character boundary in UTF-8 and the single-byte encodings.
    """
    handle, total = _open(path)
    utf8 = codecs.lookup(options.encoding).name == "utf-8"
    line_no, done, carry, first = 1, 0, b"", True
    with handle:
        while True:
            block = handle.read(CHUNK_BYTES)
            final = not block
            data = carry + block
            if first:
                data, first = data.removeprefix(codecs.BOM_UTF8) if utf8 else data, False
            if final:
                cut = len(data)
                carry = b""
            else:
                cut = data.rfind(b"\n")
                if cut < 0:
                    carry = data
                    continue
                carry = data[cut + 1 :]
            piece = data[:cut]
            if b"\r" in piece:  # Windows line endings
                piece = piece.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
            if piece or not final:
                lines = _decode(piece, path, options, line_no, utf8).str.split("\n").explode()
                yield line_no, lines
                line_no += len(lines)
            done += len(block)
            if progress:
                progress(min(done, total), total)
            if final:
                break


def _decode(piece: bytes, path: Path, options: ParseOptions, line_no: int, utf8: bool) -> pl.Series:
    try:
        if utf8:
            return pl.Series([piece], dtype=pl.Binary).cast(pl.String)
        return pl.Series([piece.decode(options.encoding)], dtype=pl.String)
    except (pl.exceptions.ComputeError, pl.exceptions.InvalidOperationError, UnicodeDecodeError):
        try:
            piece.decode(options.encoding)
            position = len(piece)
        except UnicodeDecodeError as exc:
            position = exc.start
        bad_line = line_no + piece[:position].count(b"\n")
        raise ImportError_(
            f"{path}: line {bad_line}: not valid {options.encoding} text.",
            hint="If the file uses another encoding, name it with --encoding "
            "(for example --encoding cp1252 or --encoding latin-1).",
        ) from None


def _frames(
    path: Path, options: ParseOptions, progress: Progress | None, parsed: Parsed
) -> Iterator[pl.DataFrame]:
    order = options.date_order
    seen_dates: dict[str, None] = {}  # distinct dates in order of appearance
    waiting: list[pl.DataFrame] = []
    last_ts: list[Any] = [None]
    caches: dict[str, dict[str, Any]] = {"date": {}, "time": {}}  # parsed once per file
    pending: tuple[int, pl.Series] | None = None  # the last message of a block may continue
    any_header = False
    for start, lines in _lines(path, options, progress):
        if pending is not None:
            start, lines = pending[0], pl.concat([pending[1], lines])
        raw, pending, header_seen = _split_messages(start, lines, parsed, any_header)
        any_header = any_header or header_seen
        if raw is None:
            continue
        for value in raw.get_column("date").unique(maintain_order=True).to_list():
            seen_dates.setdefault(value, None)
        waiting.append(raw)
        if order is None:
            order = _infer_order(seen_dates, path, final=False)
        if order is not None:
            yield from _finish(waiting, order, options, parsed, last_ts, caches)
            waiting = []
    if pending is not None:
        raw, _, header_seen = _split_messages(pending[0], pending[1], parsed, any_header, last=True)
        any_header = any_header or header_seen
        if raw is not None:
            for value in raw.get_column("date").unique(maintain_order=True).to_list():
                seen_dates.setdefault(value, None)
            waiting.append(raw)
    if waiting:
        if order is None:
            order = _infer_order(seen_dates, path, final=True)
        yield from _finish(waiting, order or DateOrder.DMY, options, parsed, last_ts, caches)


def _split_messages(
    start: int, lines: pl.Series, parsed: Parsed, any_header: bool, *, last: bool = False
) -> tuple[pl.DataFrame | None, tuple[int, pl.Series] | None, bool]:
    """Raw columns for the complete messages of a block; the last one is held back."""
    frame = lines.alias("raw").to_frame().with_row_index("line", offset=start)
    frame = frame.with_columns(header=pl.col("raw").str.contains(HEADER))
    heads = frame.get_column("header")
    if not heads.any():
        if any_header and not last:  # a very long message: keep collecting
            return None, (start, lines), False
        if not any_header:
            for line_no, text in (
                frame.filter(pl.col("raw").str.strip_chars() != "")
                .select("line", "raw")
                .iter_rows()
            ):
                if len(parsed.problems) < 1000:
                    parsed.problems.append(
                        Problem(int(line_no), f"not a message line: {text[:40]!r}")
                    )
        return None, None, False
    last_head = int(heads.arg_true()[-1])
    held = None
    if not last:
        held = (start + last_head, lines.slice(last_head))
        frame = frame.head(last_head)
        if frame.height == 0:
            return None, held, True
    frame = frame.with_columns(msg=pl.col("header").cum_sum())
    if not any_header:  # lines before the first header of the file are not messages
        orphans = frame.filter((pl.col("msg") == 0) & (pl.col("raw").str.strip_chars() != ""))
        for line_no, text in orphans.select("line", "raw").iter_rows():
            if len(parsed.problems) < 1000:
                parsed.problems.append(Problem(int(line_no), f"not a message line: {text[:40]!r}"))
    body_more = (
        frame.lazy()
        .filter(~pl.col("header") & (pl.col("msg") > 0))
        .group_by("msg", maintain_order=True)
        .agg(more=pl.col("raw").str.join("\n"))
        .collect()
    )
    first = str(frame.filter(pl.col("header")).item(0, "raw")).lstrip(MARKS)
    cleaned = pl.col("raw").str.strip_chars_start(MARKS)
    if first.startswith("["):  # iOS: "[date, time] author: body"
        split = cleaned.str.strip_prefix("[").str.splitn("] ", 2)
    else:  # Android: "date, time - author: body"
        split = cleaned.str.splitn(" - ", 2)
    messages = (
        frame.lazy()
        .filter(pl.col("header"))
        .select("line", "msg", parts=split)
        .unnest("parts")
        .rename({"field_0": "head", "field_1": "rest"})
        .with_columns(
            head=pl.col("head")
            .str.replace_all("\u202f", " ", literal=True)
            .str.replace_all("\u00a0", " ", literal=True)
            .str.replace(",", "", literal=True)
            .str.splitn(" ", 2),
            rest=pl.col("rest").str.splitn(": ", 2),
        )
        .select(
            "line",
            "msg",
            date=pl.col("head").struct.field("field_0"),
            time=pl.col("head").struct.field("field_1").str.strip_chars(),
            sender=pl.col("rest").struct.field("field_0"),
            body=pl.col("rest").struct.field("field_1"),
        )
    )
    if body_more.height:
        messages = messages.join(
            body_more.lazy(), on="msg", how="left", maintain_order="left"
        ).with_columns(
            body=pl.when(pl.col("more").is_not_null())
            .then(pl.col("body") + "\n" + pl.col("more"))
            .otherwise(pl.col("body"))
        )
    raw = messages.select("line", "date", "time", "sender", "body").collect()
    return raw, held, True


# ---------------------------------------------------------------------------- dates


def _to_date(text: str, order: DateOrder) -> date | None:
    parts = _FIELDS.findall(text)
    if len(parts) != 3:
        return None
    a, b, c = (int(p) for p in parts)
    if order is DateOrder.YMD:
        year, month, day = a, b, c
    elif order is DateOrder.DMY:
        day, month, year = a, b, c
    else:
        month, day, year = a, b, c
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _infer_order(dates: dict[str, None], path: Path, *, final: bool) -> DateOrder | None:
    day_first = month_first = False
    for text in dates:
        parts = _FIELDS.findall(text)
        if len(parts) != 3:
            continue
        if len(parts[0]) == 4:
            return DateOrder.YMD
        a, b = int(parts[0]), int(parts[1])
        day_first = day_first or a > 12
        month_first = month_first or b > 12
    if day_first and month_first:
        raise ImportError_(
            f"{path}: the dates fit neither day-first nor month-first order.",
            hint="Name the order with --date-order dmy, mdy or ymd.",
        )
    if day_first:
        return DateOrder.DMY
    if month_first:
        return DateOrder.MDY
    if not final:
        return None
    # No day above 12 anywhere: the export is chronological, so see which order keeps it so.
    fitting = [o for o in (DateOrder.DMY, DateOrder.MDY) if _chronological(dates, o)]
    if len(fitting) == 1:
        return fitting[0]
    examples = ", ".join(list(dates)[:3])
    raise ImportError_(
        f"{path}: the date order is ambiguous (no day above 12, e.g. {examples}).",
        hint="Tell fireside how your phone writes dates: --date-order dmy (31/12/2023), "
        "mdy (12/31/2023) or ymd (2023/12/31). `fireside parse FILE --limit 5` shows the result.",
    )


def _chronological(dates: dict[str, None], order: DateOrder) -> bool:
    previous = None
    for text in dates:
        current = _to_date(text, order)
        if current is None:
            return False
        if previous is not None and current < previous:
            return False
        previous = current
    return True


_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*(?:([ap])\.?\s?m\.?)?$", re.IGNORECASE)


def _seconds(text: str) -> int | None:
    match = _TIME.match(text.replace("\u202f", " ").replace("\u00a0", " ").strip())
    if not match:
        return None
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if match[4]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match[4].lower() == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour * 3600 + minute * 60 + second


# ---------------------------------------------------------------------------- finishing


def _parsed_values(
    column: pl.Series, parse: Callable[[str], Any], cache: dict[str, Any]
) -> dict[str, Any]:
    """Parse each distinct value once per file (a chunk of iOS times has tens of thousands)."""
    found = {}
    for text in column.unique().to_list():
        if text not in cache:
            cache[text] = parse(text)
        found[text] = cache[text]
    return found


def _finish(
    frames: list[pl.DataFrame],
    order: DateOrder,
    options: ParseOptions,
    parsed: Parsed,
    last_ts: list[Any],
    caches: dict[str, dict[str, Any]],
) -> Iterator[pl.DataFrame]:
    for raw in frames:
        dates = _parsed_values(
            raw.get_column("date"), lambda text: _to_date(text, order), caches["date"]
        )
        times = _parsed_values(raw.get_column("time"), _seconds, caches["time"])
        frame = raw.with_columns(
            day=pl.col("date").replace_strict(dates, return_dtype=pl.Date, default=None),
            secs=pl.col("time").replace_strict(times, return_dtype=pl.Int64, default=None),
        )
        bad = frame.filter(pl.col("day").is_null() | pl.col("secs").is_null())
        for line_no, day_text, time_text in bad.select("line", "date", "time").iter_rows():
            if len(parsed.problems) < 1000:
                parsed.problems.append(
                    Problem(int(line_no), f"date or time not understood: {day_text} {time_text}")
                )
        frame = frame.filter(pl.col("day").is_not_null() & pl.col("secs").is_not_null())
        frame = _classify(frame)
        parsed.system_lines += frame.filter(pl.col("system")).height
        frame = frame.filter(~pl.col("system"))
        if frame.height == 0:
            continue
        local = pl.col("day").cast(pl.Datetime("ms")) + pl.duration(seconds=pl.col("secs"))
        utc, offset = localise(local, options.tz.key)
        frame = frame.with_columns(ts=utc, offset_minutes=offset)
        floor = last_ts[0]
        frame = frame.with_columns(
            ts=pl.col("ts").cum_max()
            if floor is None
            else pl.max_horizontal(pl.col("ts").cum_max(), pl.lit(floor))
        )
        last_ts[0] = frame.get_column("ts")[-1]
        yield to_schema(frame)


@cache
def _marker_patterns() -> dict[str, str]:
    """Each marker list as one regex, so a column is scanned once per list, not once per marker."""
    m = markers()

    def alternatives(words: list[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    return {
        "edited": f"(?:{alternatives(m['edited_suffixes'])})$",
        "attached_ios": f"^(?:{alternatives(m['attached_ios_prefixes'])})",
        "attached_android": f"(?:{alternatives(m['attached_android_suffixes'])})$",
        "system": alternatives(m["system_contains"]),
    }


def _classify(frame: pl.DataFrame) -> pl.DataFrame:
    """Kind, edited flag, system notices and the text to keep, from the message body.

    Intermediate columns are computed once (eager Polars would re-evaluate a shared
    expression at every use, which made this step forty times slower).
    """
    m = markers()
    patterns = _marker_patterns()
    staged = (
        frame.lazy()
        .with_columns(
            bare=pl.col("body").fill_null("").str.replace_all(f"[{MARKS}]", "").str.strip_chars()
        )
        .with_columns(lower=pl.col("bare").str.to_lowercase())
    )
    lower = pl.col("lower")
    staged = staged.with_columns(
        edited=lower.str.contains(patterns["edited"]),
        first_line=lower.str.split("\n").list.first(),
    ).with_columns(
        plain=pl.when(pl.col("edited"))
        .then(lower.str.replace(r"\s*<[^<>\n]*>\s*$", ""))
        .otherwise(lower),
        text=pl.when(pl.col("edited"))
        .then(pl.col("bare").str.replace(r"\s*<[^<>\n]*>\s*$", ""))
        .otherwise(pl.col("bare")),
        attached=lower.str.contains(patterns["attached_ios"])
        | pl.col("first_line").str.contains(patterns["attached_android"]),
        system=pl.col("body").is_null()
        | lower.str.contains(patterns["system"])
        | lower.is_in(m["system_exact"]),
    )
    plain = pl.col("plain")
    is_media = plain.is_in(m["media_android"]) | plain.is_in(m["media_ios"]) | pl.col("attached")
    staged = staged.with_columns(
        kind=pl.when(plain.is_in(m["sticker"]))
        .then(pl.lit("sticker"))
        .when(is_media)
        .then(pl.lit("media"))
        .when(plain.str.strip_chars_end(".").is_in(m["deleted"]))
        .then(pl.lit("deleted"))
        .when(plain.is_in(m["calls"]))
        .then(pl.lit("call"))
        .otherwise(pl.lit("text"))
    )
    caption = pl.when(pl.col("attached") & pl.col("text").str.contains("\n")).then(
        pl.col("text").str.splitn("\n", 2).struct.field("field_1")
    )
    return staged.with_columns(
        text=pl.when(pl.col("kind") == "text")
        .then(pl.col("text"))
        .otherwise(caption.fill_null("")),
        sender=pl.col("sender").str.strip_chars(MARKS + " ~\u202f"),
    ).collect()
