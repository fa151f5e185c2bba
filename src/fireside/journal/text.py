"""Journal values as a person types them: choices, minutes, 0–4 scales, days and times.

Each reader takes the text (or a value that is already typed) and returns the value, or
raises ``InvalidValueError`` naming the field and what it takes. The CLI and the web's forms
use the same readers, so ``self-care``, ``Self care`` and ``self_care`` mean one thing.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import TypeVar

from fireside.errors import InvalidValueError
from fireside.journal.model import MAX_MINUTES, allowed
from fireside.profile_text import parse_clock

C = TypeVar("C", bound=StrEnum)

DAY_HELP = "a date such as 2026-11-30, today, yesterday, tomorrow, a weekday (mon … sun) or 3d ago"
WHEN_HELP = (
    "a time such as 19:30 or 7pm (today), a day and a time (sat 19:30, tomorrow 18:00, "
    "2026-12-05 19:30) or an ISO time"
)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_ALIASES = {"meal": "favourite_meal", "favorite_meal": "favourite_meal", "unknown": "dont_know"}


def choice(field: str, value: str | C, kind: type[C]) -> C:
    """``Self care`` → ``Category.SELF_CARE``; anything else names what is allowed."""
    if isinstance(value, kind):
        return value
    key = re.sub(r"[\s\-]+", "_", str(value).strip().lower()).replace("'", "")
    key = _ALIASES.get(key, key)
    try:
        return kind(key)
    except ValueError:
        raise InvalidValueError(field, value, allowed(kind)) from None


def minutes(value: str | int, field: str = "minutes") -> int:
    """``90``, ``1h``, ``1h30``, ``1.5h``, ``45m``: whole minutes, 1 to one day."""
    help_text = f"a number of minutes from 1 to {MAX_MINUTES} such as 90, 45m, 1h or 1h30"
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = str(value).strip().lower().replace(" ", "")
        match = re.fullmatch(r"(?:(\d+(?:\.\d+)?)h)?(?:(\d+)m?(?:in)?)?", text)
        if not text or not match or not (match[1] or match[2]):
            raise InvalidValueError(field, value, help_text)
        number = round(float(match[1] or 0) * 60) + int(match[2] or 0)
    if not 1 <= number <= MAX_MINUTES:
        raise InvalidValueError(field, value, help_text + "; log a longer trip day by day")
    return number


def scale(field: str, value: str | int | None, meaning: str) -> int | None:
    """A 0–4 answer."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = str(value).strip()
        if not re.fullmatch(r"\d", text):
            raise InvalidValueError(field, value, f"a whole number from 0 to 4 ({meaning})")
        number = int(text)
    if not 0 <= number <= 4:
        raise InvalidValueError(field, value, f"a whole number from 0 to 4 ({meaning})")
    return number


def day(value: str | date, today: date, *, field: str = "on", ahead: bool = False) -> date:
    """``2026-11-30``, ``today``, ``yesterday``, ``tomorrow``, ``3d ago``, ``in 2d``, or a
    weekday: the last one (today included), or with ``ahead`` the next one (today included)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = " ".join(str(value).strip().lower().split())
    named = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if text in named:
        return today + timedelta(days=named[text])
    if match := re.fullmatch(r"(\d{1,3}) ?d(?:ays?)? ago", text):
        return today - timedelta(days=int(match[1]))
    if match := re.fullmatch(r"in (\d{1,3}) ?d(?:ays?)?", text):
        return today + timedelta(days=int(match[1]))
    if text[:3] in _WEEKDAYS and (len(text) == 3 or _full_weekday(text)):
        target = _WEEKDAYS.index(text[:3])
        if ahead:
            return today + timedelta(days=(target - today.weekday()) % 7)
        return today - timedelta(days=(today.weekday() - target) % 7)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidValueError(field, value, DAY_HELP) from None


def _full_weekday(text: str) -> bool:
    return text in {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def when(value: str | datetime, now: datetime, zone: tzinfo, *, field: str = "at") -> datetime:
    """A moment for a talk, in ``zone`` unless it says otherwise: ``19:30`` (today),
    ``sat 19:30`` (the next Saturday), ``tomorrow 7pm``, ``2026-12-05 19:30``, ISO."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    text = " ".join(str(value).strip().split())
    if not text:
        raise InvalidValueError(field, value, WHEN_HELP)
    if text.lower() == "now":
        return now.astimezone(zone)
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        pass
    else:
        return stamp if stamp.tzinfo else stamp.replace(tzinfo=zone)
    local_today = now.astimezone(zone).date()
    words = text.split(" ")
    for split in range(len(words) - 1, -1, -1):  # "sat 7 pm": the day is what comes first
        day_part, clock_part = " ".join(words[:split]), " ".join(words[split:])
        try:
            clock = parse_clock(clock_part)
            on = day(day_part, local_today, field=field, ahead=True) if day_part else local_today
        except (ValueError, InvalidValueError):
            continue
        return datetime.combine(on, clock, zone)
    raise InvalidValueError(field, value, WHEN_HELP)
