"""Reading options from what a person typed: each flag checked, each mistake named."""

from __future__ import annotations

import codecs
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fireside.errors import InvalidValueError
from fireside.importers.model import DateOrder, ParseOptions
from fireside.zones import resolve_timezone


def options_from_flags(
    *,
    tz: str,
    date_order: str | None = None,
    chat: str | None = None,
    encoding: str = "utf-8",
) -> ParseOptions:
    """ParseOptions from flag values; a bad one is an InvalidValueError naming the flag."""
    try:
        zone = ZoneInfo(resolve_timezone(tz))
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidValueError(
            "--tz", tz, "a time zone or city such as Europe/Berlin, London or new york"
        ) from None
    try:
        order = DateOrder(date_order.lower()) if date_order else None
    except ValueError:
        raise InvalidValueError("--date-order", date_order, "dmy, mdy or ymd") from None
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InvalidValueError(
            "--encoding", encoding, "a Python codec such as utf-8, cp1252 or latin-1"
        ) from None
    return ParseOptions(tz=zone, date_order=order, chat=chat, encoding=encoding)
