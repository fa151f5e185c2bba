"""Parsed messages as JSON lines (what ``fireside parse`` prints), written column-wise."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import BinaryIO

import polars as pl

from fireside import names


def offset_text(minutes: int) -> str:
    """An ISO-8601 offset: 60 -> "+01:00", -330 -> "-05:30"."""
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def json_lines(frame: pl.DataFrame, me: Iterable[str], partner: str | None) -> pl.DataFrame:
    """The printed columns: ts (ISO-8601 with the original offset), sender, role, kind, text.

    Names match as the import matches them (``fireside.names``: case, emoji and surnames
    aside); everyone who is neither me nor the partner is "other". Offsets and roles are
    mapped from their few distinct values, not formatted per row.
    """
    senders = frame.get_column("sender").unique().to_list()
    mate = names.find_one(senders, partner)
    mine = set(names.find(senders, list(me))) - {mate}
    roles = {
        sender: "me" if sender in mine else "partner" if sender == mate else "other"
        for sender in senders
    }
    offsets = {m: offset_text(m) for m in frame.get_column("offset_minutes").unique().to_list()}
    local = pl.col("ts").dt.replace_time_zone(None) + pl.duration(minutes=pl.col("offset_minutes"))
    return frame.select(
        ts=pl.concat_str(
            local.dt.strftime("%Y-%m-%dT%H:%M:%S"),
            pl.col("offset_minutes").replace_strict(offsets, return_dtype=pl.String),
        ),
        sender=pl.col("sender"),
        role=pl.col("sender").replace_strict(roles, return_dtype=pl.String),
        kind=pl.col("kind"),
        text=pl.col("text"),
    )


def write_json_lines(
    frames: Iterable[pl.DataFrame],
    out: BinaryIO,
    *,
    me: Iterable[str],
    partner: str | None,
    limit: int | None = None,
    escape: Callable[[str], str] | None = None,
) -> int:
    """Write every message of ``frames`` (at most ``limit``) to ``out``; returns how many.

    ``escape`` rewrites each chunk of JSON text before it is written (the command line
    passes one that writes bidi and C1 controls as ``\\uXXXX``, so a partner's message
    cannot drive the terminal; the data parses back the same)."""
    me = list(me)
    written = 0
    for frame in frames:
        if limit is not None:
            frame = frame.head(limit - written)
        if frame.height:
            lines = json_lines(frame, me, partner)
            if escape is None:
                lines.write_ndjson(out)
            else:
                out.write(escape(lines.write_ndjson()).encode())
            written += frame.height
        if limit is not None and written >= limit:
            break
    out.flush()
    return written
