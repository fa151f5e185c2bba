"""Reminders as .ics: parsed back, the weekly check-in keeps its local time across a
daylight-saving change, events in the profile's zone, bad input exit 4."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar
from typer.testing import CliRunner

from fireside.cli import app
from fireside.errors import ExitCode
from fireside.planner.calendar import Reminder, WeeklyCheckin, build_calendar
from fireside.profile import Profile
from fireside.service.base import open_store
from fireside.service.calendar import write_calendar

LONDON = ZoneInfo("Europe/London")


def _events(data: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(data)
    assert "Europe/London" in {tz["TZID"] for tz in calendar.walk("VTIMEZONE")}
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_the_weekly_checkin_stays_at_its_local_time_across_the_clock_change(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'c.db'}")
    try:
        store.save_profile(Profile(timezone="Europe/London"))
        target = tmp_path / "fireside.ics"
        now = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)  # a Friday; clocks go forward 29 March
        made = write_calendar(store, target, checkin_day="sun", checkin_time="19:00", now=now)
        assert made.checkin == "sun 19:00" and target.stat().st_mode & 0o777 == 0o600
        event = _events(target.read_bytes())["weekly-checkin@fireside.local"]
    finally:
        store.close()
    start = event.decoded("DTSTART")  # type: ignore[attr-defined]
    assert start == datetime(2026, 3, 22, 19, 0, tzinfo=LONDON)
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=SU"  # type: ignore[index]
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)  # type: ignore[index]
    before, after = rule[0], rule[1]
    assert before.astimezone(UTC).hour == 19  # GMT
    assert after.date() == date(2026, 3, 29) and after.astimezone(LONDON).hour == 19
    assert after.astimezone(UTC).hour == 18  # BST: the same 19:00 on the wall clock
    assert event.walk("VALARM")  # type: ignore[attr-defined]


def test_events_at_a_time_and_on_a_day_round_trip_in_the_zone() -> None:
    zone = ZoneInfo("America/New_York")  # clocks go forward 8 March 2026
    talk = Reminder("talk-1@fireside.local", "A talk you planned", datetime(2026, 3, 9, 18, 30), 45)
    late = Reminder("talk-2@fireside.local", "Another", datetime(2026, 3, 7, 23, 30, tzinfo=UTC))
    yoga = Reminder("activity-3@fireside.local", "Yoga class", date(2026, 3, 10))
    data = build_calendar(
        [talk, late, yoga],
        WeeklyCheckin(0, time(8, 0)),
        zone=zone,
        today=date(2026, 3, 1),
        stamp=datetime(2026, 3, 1, tzinfo=UTC),
    )
    calendar = Calendar.from_ical(data)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    start = events["talk-1@fireside.local"].decoded("DTSTART")
    assert start == datetime(2026, 3, 9, 18, 30, tzinfo=zone)
    assert start.utcoffset() == timedelta(hours=-4)  # EDT, after the change
    assert events["talk-1@fireside.local"].decoded("DURATION") == timedelta(minutes=45)
    moved = events["talk-2@fireside.local"].decoded("DTSTART")
    assert moved == datetime(2026, 3, 7, 18, 30, tzinfo=zone)  # shown in the profile's zone
    assert events["activity-3@fireside.local"].decoded("DTSTART") == date(2026, 3, 10)
    checkin = events["weekly-checkin@fireside.local"].decoded("DTSTART")
    assert checkin == datetime(2026, 3, 2, 8, 0, tzinfo=zone)  # the first Monday from today


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--out", "{tmp}/missing/f.ics"], "does not exist"),
        (["--out", "{tmp}/f.txt"], ".ics"),
        (["--out", "{tmp}/f.ics", "--checkin-day", "someday"], "--checkin-day"),
        (["--out", "{tmp}/f.ics", "--checkin-time", "25:00"], "--checkin-time"),
    ],
)
def test_bad_input_exits_4_and_writes_nothing(
    runner: CliRunner, tmp_path: Path, args: list[str], says: str
) -> None:
    result = runner.invoke(app, ["calendar", *[a.replace("{tmp}", str(tmp_path)) for a in args]])
    assert result.exit_code == ExitCode.INVALID_INPUT, result.output
    assert says in result.output
    assert not [
        p
        for p in tmp_path.iterdir()
        if p.suffix in (".ics", ".txt") or p.name.startswith(".fireside-")
    ]


def test_cli_writes_a_calendar(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["calendar", "--out", str(tmp_path / "f.ics")])
    assert result.exit_code == 0, result.output
    assert "weekly check-in (sun 19:00)" in result.stdout
    assert (tmp_path / "f.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
