"""Profile fields as a person types them: what each accepts, and how the text is read.

Kept apart from the profile model (fireside.profile) so that the command line can describe
the fields without loading the validation library.
"""

from __future__ import annotations

import re
from datetime import time
from enum import StrEnum
from typing import Any


class Weekday(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def ordinal(self) -> int:
        """Monday is 0, as in ``datetime.weekday()``."""
        return list(Weekday).index(self)


WEEKDAYS = list(Weekday)
WORKWEEK = WEEKDAYS[:5]


WEEKDAY_RANGE = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)-(mon|tue|wed|thu|fri|sat|sun)$")


def parse_workdays(text: str) -> list[Weekday]:
    """``mon-fri``, ``mon,wed,fri``, ``sat-sun`` or ``none``."""
    cleaned = text.strip().lower().replace(" ", "")
    if cleaned in ("", "none", "-"):
        return []
    days: list[Weekday] = []
    for part in cleaned.split(","):
        short = part[:3] if part.isalpha() else part
        if match := WEEKDAY_RANGE.match(part):
            first, last = Weekday(match[1]).ordinal, Weekday(match[2]).ordinal
            span = range(first, last + 1) if first <= last else [*range(first, 7), *range(last + 1)]
            days.extend(WEEKDAYS[i] for i in span)
        elif short in Weekday._value2member_map_:
            days.append(Weekday(short))
        else:
            raise ValueError(part)
    return days


def parse_clock(text: str) -> time:
    """``18:00``, ``6pm``, ``6:30 pm``."""
    match = re.fullmatch(r"\s*(\d{1,2})(?::(\d{2}))?\s*([ap]\.?m\.?)?\s*", text.lower())
    if not match:
        raise ValueError(text)
    hour, minute = int(match[1]), int(match[2] or 0)
    if match[3]:
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if match[3].startswith("p") else 0)
    return time(hour, minute)


def parse_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("yes", "y", "true", "on", "1"):
        return True
    if lowered in ("no", "n", "false", "off", "0"):
        return False
    raise ValueError(text)


FIELD_HELP: dict[str, str] = {
    "my_names": "one or more names separated by commas, e.g. 'Anna, Anna B.'",
    "partner_name": "any name",
    "partner_pronouns": "he, she or they",
    "workdays": "day ranges or lists such as mon-fri, mon,wed,fri, or none",
    "work_end": "a time of day such as 17:30 or 5:30pm",
    "commute_minutes": "a whole number of minutes from 0 to 300",
    "bedtime": "a time of day such as 23:00 or 11pm",
    "timezone": "a time zone or city such as Europe/Berlin, London, new york or EST",
    "keep_partner_text": "yes or no",
}
_READERS: dict[str, Any] = {
    "my_names": lambda t: t.split(","),
    "workdays": parse_workdays,
    "work_end": parse_clock,
    "bedtime": parse_clock,
    "keep_partner_text": parse_bool,
    "partner_pronouns": lambda t: t.strip().lower(),
    "timezone": lambda t: _zone(t),
    "commute_minutes": lambda t: int(t.strip()),
}


def _zone(text: str) -> str:
    from fireside.zones import resolve_timezone

    return resolve_timezone(text)


def read_field(field: str, text: str) -> Any:
    """The value of a profile field from its text (raises ValueError when it can't be read)."""
    reader = _READERS.get(field)
    return reader(text) if reader else text
