"""Journal values as a person types them: choices, minutes, 0–4 scales, days and times.

Each reader takes the text (or a value that is already typed) and returns the value, or
raises ``InvalidValueError`` naming the field and what it takes. The CLI and the web's forms
use the same readers, so ``self-care``, ``Self care`` and ``self_care`` mean one thing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Any, TypeVar

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
        found = datetime.combine(on, clock, zone)
        if found < now and day_part[:3].lower() in _WEEKDAYS:  # "tue 18:00" late on a Tuesday
            found += timedelta(days=7)
        return found
    raise InvalidValueError(field, value, WHEN_HELP)


_NONE = {"", "none", "-", "never", "not yet"}
_BOOL_HELP = "yes or no"


def _optional_day(value: object, today: date, name: str, *, ahead: bool = False) -> date | None:
    if value is None or (isinstance(value, str) and value.strip().lower() in _NONE):
        return None
    return day(value, today, field=name, ahead=ahead)  # type: ignore[arg-type]


def _flag(value: object, name: str) -> bool:
    if isinstance(value, bool):
        return value
    from fireside.profile_text import parse_bool

    try:
        return parse_bool(str(value))
    except ValueError:
        raise InvalidValueError(name, value, _BOOL_HELP) from None


def _entry_id(value: object, name: str) -> int | None:
    if value is None or (isinstance(value, str) and value.strip().lower() in _NONE):
        return None
    text = str(value).strip().lstrip("#")
    if isinstance(value, bool) or not text.isdigit() or int(text) < 1:
        raise InvalidValueError(name, value, "the number of an entry, as `list` shows it")
    return int(text)


def read_fields(
    kind: str, values: Mapping[str, object], *, now: datetime, zone: tzinfo
) -> dict[str, Any]:
    """Typed values for an entry of ``kind`` from what a person typed (text or typed values);
    the first bad one raises ``InvalidValueError`` naming its field and what it takes."""
    from fireside.journal import model

    today = now.astimezone(zone).date()
    kinds: dict[str, type[StrEnum]] = {
        "gesture": model.GestureKind,
        "his_world": model.WorldKind,
    }
    typed: dict[str, Any] = {}
    for name, value in values.items():
        shown = name.replace("_", "-")
        if name in ("title", "topic", "note", "opener"):
            typed[name] = value
        elif name == "side":
            typed[name] = choice("side", value, model.Side)  # type: ignore[arg-type]
        elif name == "category":
            typed[name] = choice("category", value, model.Category)  # type: ignore[arg-type]
        elif name == "status":
            status = model.TalkStatus if kind == "talk" else model.Status
            typed[name] = choice("status", value, status)  # type: ignore[arg-type]
        elif name == "type" and kind in kinds:
            typed[name] = choice("kind", value, kinds[kind])  # type: ignore[arg-type]
        elif name == "weight":
            typed[name] = choice("weight", value, model.Weight)  # type: ignore[arg-type]
        elif name == "he_seems":
            typed[name] = (
                None if value is None else choice("he-seems", value, model.HeSeems)  # type: ignore[arg-type]
            )
        elif name == "minutes":
            typed[name] = minutes(value)  # type: ignore[arg-type]
        elif name == "on":
            ahead = str(values.get("status", "")).lower() == "planned"  # a plan is ahead
            typed[name] = day(value, today, field="on", ahead=ahead)  # type: ignore[arg-type]
        elif name == "due":
            typed[name] = _optional_day(value, today, shown, ahead=True)
        elif name in ("followed_up", "last_said", "shared", "held_on"):
            typed[name] = _optional_day(value, today, shown)
        elif name in ("planned", "for_partner", "essential"):
            typed[name] = _flag(value, shown)
        elif name in ("planned_for", "at"):
            if value is None or (isinstance(value, str) and value.strip().lower() in _NONE):
                typed[name] = None
            else:
                typed[name] = when(value, now, zone, field="at").astimezone(UTC)  # type: ignore[arg-type]
        elif name == "mood":
            typed[name] = scale("mood", value, "0 low … 4 very good")  # type: ignore[arg-type]
        elif name == "anxious":
            typed[name] = scale("anxious", value, "0 calm … 4 very anxious or activated")  # type: ignore[arg-type]
        elif name == "connection":
            typed[name] = scale("connection", value, "0 far apart … 4 very close")  # type: ignore[arg-type]
        elif name in ("world_id", "strength_id"):
            typed[name] = _entry_id(value, "about" if name == "world_id" else "strength")
        else:
            editable = ", ".join(n.replace("_", "-") for n in model.KINDS[kind].editable())
            raise InvalidValueError("field", shown, editable)
    return typed
