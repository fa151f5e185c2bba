"""The profile: who the two people are and the partner's routine.

Pure data and its rules; reading and writing it is the store's job.
"""

from __future__ import annotations

from datetime import time
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from fireside.errors import InvalidValueError
from fireside.profile_text import FIELD_HELP, WORKWEEK, Weekday, read_field
from fireside.pronouns import PronounSet
from fireside.zones import is_zone, system_timezone


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
        if not is_zone(name):
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
            value = read_field(field, text)
            return self.model_validate({**self.model_dump(), field: value})
        except (ValueError, ValidationError) as exc:
            raise InvalidValueError(field.replace("_", "-"), text, FIELD_HELP[field]) from exc
