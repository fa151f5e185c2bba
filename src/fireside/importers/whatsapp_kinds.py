"""What a WhatsApp message body is: text, media, sticker, call, deleted, edited, or a notice.

The localised markers live in whatsapp_markers.toml.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any

import polars as pl

MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"  # direction marks WhatsApp sprinkles in


@cache
def markers() -> dict[str, Any]:
    raw = resources.files("fireside.importers").joinpath("whatsapp_markers.toml").read_bytes()
    return tomllib.loads(raw.decode("utf-8"))


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


CLASSIFIED = ["kind", "edited", "system", "text", "sender"]


def classify(frame: pl.DataFrame) -> pl.DataFrame:
    """Kind, edited flag, system notices and the text to keep, from the message body.

    Most messages are plain text. A cheap test picks the few bodies that could carry a
    marker (a placeholder, a notice, an attachment, an edit mark); only those go through
    the full classification. The test errs on the side of picking a body.
    """
    maybe = _maybe_marked(frame)
    plain = frame.with_columns(
        kind=pl.lit("text"),
        edited=pl.lit(False),
        system=pl.lit(False),
        text=pl.col("body").str.strip_chars(),
        sender=_stripped_senders(frame.get_column("sender")),
    )
    at = maybe.arg_true()
    if at.len() == 0:
        return plain
    special = classify_all(frame[at])
    return plain.with_columns(
        plain.get_column(name).scatter(at, special.get_column(name)) for name in CLASSIFIED
    )


def _stripped_senders(senders: pl.Series) -> pl.Series:
    """Names without marks, spaces or the "~" of unsaved contacts; each distinct name once."""
    names = senders.unique()
    return senders.replace_strict(names, names.str.strip_chars(MARKS + " ~\u202f"))


@cache
def _marker_hint() -> str:
    """A regex that finds, ignoring case, a substring every marked body contains."""
    m = markers()
    words = [
        word
        for key in (
            "system_contains",
            "system_exact",
            "media_android",
            "media_ios",
            "sticker",
            "deleted",
            "calls",
        )
        for word in m[key]
    ]
    hints = ["<", ">", ")", *MARKS, *words]
    return "(?i)" + "|".join(re.escape(h) for h in sorted(set(hints), key=len, reverse=True))


def _maybe_marked(frame: pl.DataFrame) -> pl.Series:
    body = pl.col("body")
    return frame.select(body.is_null() | body.str.contains(_marker_hint())).to_series()


def classify_all(frame: pl.DataFrame) -> pl.DataFrame:
    """The full classification of any body (see _classify).

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
