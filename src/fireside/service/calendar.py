"""Reminders for your own calendar: ``fireside calendar --out FILE.ics`` and the web's
download. Planned talks and own-time plans (from the journal) and a weekly check-in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fireside.errors import InvalidValueError
from fireside.planner.calendar import WEEKDAYS, Reminder, WeeklyCheckin, build_calendar
from fireside.service.files import check_output_path, remember_written, write_private

if TYPE_CHECKING:
    from fireside.store import Store

CHECKIN_TITLE = "Check in with yourself (fireside)"
CHECKIN_TEXT = (
    "Five minutes for you: how you are, how your partner seems, how close you feel. "
    "Then this week's plan, if you'd like it."
)


@dataclass(frozen=True)
class CalendarFile:
    data: bytes
    events: int  # one-off events (talks, own-time plans)
    checkin: str | None  # "sun 19:00" or None
    path: Path | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path) if self.path else None,
            "events": self.events,
            "weekly_checkin": self.checkin,
            "bytes": len(self.data),
        }


def parse_checkin(day: str, at: str) -> WeeklyCheckin:
    """``sun`` and ``19:00`` as the weekly check-in."""
    key = day.strip().lower()[:3]
    if key not in WEEKDAYS:
        raise InvalidValueError("--checkin-day", day, ", ".join(WEEKDAYS))
    try:
        moment = time.fromisoformat(at.strip())
    except ValueError:
        raise InvalidValueError("--checkin-time", at, "a time such as 19:00") from None
    return WeeklyCheckin(WEEKDAYS.index(key), moment.replace(second=0, microsecond=0))


def reminders(store: Store, *, today: date, incognito: bool = False) -> list[Reminder]:
    """Planned talks (at their time) and own-time plans (on their day) from today on.
    ``incognito``: plain titles, no topics or plan names."""
    from fireside.journal import Side, Status, TalkStatus
    from fireside.service.journal import entries

    journal = entries(store)
    found: list[Reminder] = []
    zone = store.profile_or_default().zone
    for talk in journal.talks:
        if talk.status is TalkStatus.PLANNED and talk.planned_for is not None:
            if talk.planned_for.astimezone(zone).date() < today:
                continue
            title = "A talk you planned" if incognito else f"Talk: {talk.topic}"
            opener = "" if incognito or not talk.opener else f"A way to begin: {talk.opener}"
            found.append(
                Reminder(f"talk-{talk.id}@fireside.local", title, talk.planned_for, 45, opener)
            )
    for activity in journal.activities:
        if (
            activity.side is Side.MINE
            and activity.status is Status.PLANNED
            and activity.on >= today
        ):
            title = "Time for you" if incognito else activity.title
            found.append(
                Reminder(
                    f"activity-{activity.id}@fireside.local",
                    title,
                    activity.on,
                    activity.minutes,
                    f"Your own time: {activity.minutes} minutes. Keep it, even if a plan comes up.",
                )
            )
    return found


def calendar_file(
    store: Store,
    *,
    checkin_day: str | None = "sun",
    checkin_time: str = "19:00",
    incognito: bool = False,
    now: datetime | None = None,
) -> CalendarFile:
    """The .ics bytes; ``checkin_day=None`` leaves out the weekly check-in."""
    profile = store.profile_or_default()
    zone = profile.zone
    moment = (now or datetime.now(UTC)).astimezone(zone)
    checkin = parse_checkin(checkin_day, checkin_time) if checkin_day else None
    events = reminders(store, today=moment.date(), incognito=incognito)
    data = build_calendar(
        events,
        checkin,
        zone=zone,
        today=moment.date(),
        stamp=moment.astimezone(UTC),
        checkin_text=(CHECKIN_TITLE, CHECKIN_TEXT),
    )
    said = f"{WEEKDAYS[checkin.weekday]} {checkin.at:%H:%M}" if checkin else None
    return CalendarFile(data, len(events), said)


def write_calendar(
    store: Store,
    target: Path,
    *,
    checkin_day: str | None = "sun",
    checkin_time: str = "19:00",
    incognito: bool = False,
    now: datetime | None = None,
) -> CalendarFile:
    """Write the calendar to ``target`` (``.ics``), readable only by you, whole or not at all."""
    check_output_path(target)
    if target.suffix.lower() != ".ics":
        raise InvalidValueError("--out", str(target), "a file name ending in .ics")
    made = calendar_file(
        store,
        checkin_day=checkin_day,
        checkin_time=checkin_time,
        incognito=incognito,
        now=now,
    )
    write_private(target, made.data)
    remember_written(target)
    return CalendarFile(made.data, made.events, made.checkin, target)
