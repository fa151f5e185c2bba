"""The profile: who the two people are and the partner's routine.

Pure data and its rules; reading and writing it is the store's job.
"""

from __future__ import annotations

import re
from datetime import time
from enum import StrEnum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from fireside.errors import InvalidValueError
from fireside.pronouns import PronounSet


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


def system_timezone() -> str:
    """The machine's IANA time zone name, or UTC when it cannot be told."""
    for candidate in (Path("/etc/timezone"),):
        if candidate.is_file():
            name = candidate.read_text().strip()
            if _is_zone(name):
                return name
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            name = target.split("zoneinfo/", 1)[1]
            if _is_zone(name):
                return name
    return "UTC"


def _is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


class Profile(BaseModel):
    """Everything fireside knows about the two people. Nothing here is required."""

    model_config = ConfigDict(validate_assignment=True, extra="forbid")

    my_names: list[str] = Field(
        default_factory=list, description="Your name(s) as they appear in chat exports."
    )
    partner_name: str | None = Field(default=None, description="Your partner's name.")
    partner_pronouns: PronounSet = Field(
        default=PronounSet.HE, description="Pronouns fireside uses for your partner."
    )
    workdays: list[Weekday] = Field(
        default_factory=lambda: list(WORKWEEK), description="Days your partner usually works."
    )
    work_end: time = Field(default=time(17, 30), description="When work usually ends (HH:MM).")
    commute_minutes: int = Field(
        default=30, ge=0, le=300, description="Usual commute home, in minutes (0–300)."
    )
    bedtime: time = Field(default=time(23, 0), description="Your partner's usual bedtime (HH:MM).")
    timezone: str = Field(default_factory=system_timezone, description="Your IANA time zone.")
    keep_partner_text: bool = Field(
        default=False,
        description="Store the text of your partner's messages on import (off by default).",
    )

    @field_validator("my_names")
    @classmethod
    def _names(cls, names: list[str]) -> list[str]:
        cleaned = [n.strip() for n in names if n.strip()]
        return list(dict.fromkeys(cleaned))

    @field_validator("partner_name")
    @classmethod
    def _partner(cls, name: str | None) -> str | None:
        return name.strip() or None if name else None

    @field_validator("workdays")
    @classmethod
    def _workdays(cls, days: list[Weekday]) -> list[Weekday]:
        return sorted(set(days), key=lambda d: d.ordinal)

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, name: str) -> str:
        if not _is_zone(name):
            raise ValueError("unknown time zone")
        return name

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def decompress_until(self) -> time:
        """When the partner has usually had time to get home and unwind (work end + commute)."""
        minutes = self.work_end.hour * 60 + self.work_end.minute + self.commute_minutes
        minutes = min(minutes, 23 * 60 + 59)
        return time(minutes // 60, minutes % 60)

    def as_json(self) -> dict[str, Any]:
        data = self.model_dump(mode="json")
        data["work_end"] = self.work_end.strftime("%H:%M")
        data["bedtime"] = self.bedtime.strftime("%H:%M")
        return data

    def with_value(self, key: str, text: str) -> Profile:
        """A copy with one field set from text, as typed on a command line or in a form."""
        field = key.strip().lower().replace("-", "_")
        if field not in FIELD_HELP:
            raise InvalidValueError(
                "profile key", key, ", ".join(k.replace("_", "-") for k in FIELD_HELP)
            )
        try:
            value = _PARSERS.get(field, _plain)(text)
            return self.model_validate({**self.model_dump(), field: value})
        except (ValueError, ValidationError) as exc:
            raise InvalidValueError(field.replace("_", "-"), text, FIELD_HELP[field]) from exc


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


def _plain(text: str) -> str:
    return text


FIELD_HELP: dict[str, str] = {
    "my_names": "one or more names separated by commas, e.g. 'Anna, Anna B.'",
    "partner_name": "any name",
    "partner_pronouns": "he, she or they",
    "workdays": "day ranges or lists such as mon-fri, mon,wed,fri, or none",
    "work_end": "a time of day such as 17:30 or 5:30pm",
    "commute_minutes": "a whole number of minutes from 0 to 300",
    "bedtime": "a time of day such as 23:00 or 11pm",
    "timezone": "an IANA time zone such as Europe/Berlin or America/New_York",
    "keep_partner_text": "yes or no",
}
_PARSERS: dict[str, Any] = {
    "my_names": lambda t: t.split(","),
    "workdays": parse_workdays,
    "work_end": parse_clock,
    "bedtime": parse_clock,
    "keep_partner_text": parse_bool,
    "partner_pronouns": lambda t: t.strip().lower(),
    "timezone": lambda t: t.strip(),
    "commute_minutes": lambda t: int(t.strip()),
}
