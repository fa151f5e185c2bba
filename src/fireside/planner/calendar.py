"""Reminders as an .ics calendar (RFC 5545, with the ``icalendar`` library).

Planned talks at their time, own-time plans on their day, and a weekly check-in as one
repeating event, all in the profile's time zone (with its VTIMEZONE, so a calendar app
keeps 19:00 at 19:00 across a daylight-saving change). Pure: events in, bytes out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

PRODUCT = "-//fireside//weekly plan reminders//EN"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Reminder:
    """One event: at a time (``minutes`` long) or on a day (all day)."""

    uid: str
    title: str
    when: datetime | date
    minutes: int = 30
    description: str = ""


@dataclass(frozen=True)
class WeeklyCheckin:
    weekday: int  # 0 Monday … 6 Sunday
    at: time
    minutes: int = 10


def first_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def build_calendar(
    reminders: list[Reminder],
    checkin: WeeklyCheckin | None,
    *,
    zone: ZoneInfo,
    today: date,
    stamp: datetime,
    checkin_text: tuple[str, str] = ("Check in with yourself", ""),
) -> bytes:
    """The calendar's bytes. Times without a zone are read in ``zone``."""
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "fireside")
    calendar.add("x-wr-timezone", zone.key)

    def event(uid: str, title: str, description: str) -> Event:
        item = Event()
        item.add("uid", uid)
        item.add("dtstamp", stamp)
        item.add("summary", title)
        if description:
            item.add("description", description)
        return item

    for reminder in reminders:
        item = event(reminder.uid, reminder.title, reminder.description)
        if isinstance(reminder.when, datetime):
            start = reminder.when
            start = start.replace(tzinfo=zone) if start.tzinfo is None else start.astimezone(zone)
            item.add("dtstart", start)
            item.add("duration", timedelta(minutes=reminder.minutes))
        else:
            item.add("dtstart", reminder.when)
            item.add("dtend", reminder.when + timedelta(days=1))
            item.add("transp", "TRANSPARENT")
        calendar.add_component(item)
    if checkin is not None:
        title, description = checkin_text
        item = event("weekly-checkin@fireside.local", title, description)
        first = first_on_or_after(today, checkin.weekday)
        item.add("dtstart", datetime.combine(first, checkin.at, zone))
        item.add("duration", timedelta(minutes=checkin.minutes))
        item.add("rrule", {"freq": "weekly", "byday": RRULE_DAYS[checkin.weekday]})
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", title)
        alarm.add("trigger", timedelta(0))
        item.add_component(alarm)
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
