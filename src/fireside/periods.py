"""Periods people ask for: ``--since``/``--until`` days and ISO weeks (``2026-W05``).

Pure helpers both faces and every use-case share, so a bad period is refused the same way
everywhere: with the field, what was given and what would do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from fireside.errors import ExitCode, FiresideError, InvalidValueError

_WEEK = re.compile(r"(\d{4})-?W(\d{1,2})", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Week:
    """An ISO week: Monday to Sunday, numbered as calendars do (``2026-W05``)."""

    year: int
    number: int

    @classmethod
    def of(cls, day: date) -> Week:
        year, number, _ = day.isocalendar()
        return cls(year, number)

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    def shifted(self, weeks: int) -> Week:
        return Week.of(self.monday + timedelta(weeks=weeks))

    def __str__(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.monday <= day <= self.sunday


def parse_week(text: str, field: str = "--week") -> Week:
    """``2026-W05`` (or ``2026W5``) as a week; a week that does not exist is refused by name
    (2026 has 53 weeks, 2027 has 52)."""
    match = _WEEK.fullmatch(text.strip())
    if match is None:
        raise InvalidValueError(field, text, "a week such as 2026-W05 (year, W, week number)")
    year, number = int(match[1]), int(match[2])
    try:
        date.fromisocalendar(year, number, 1)
    except ValueError:
        last = date(year, 12, 28).isocalendar()[1] if 1 <= year <= 9999 else 52
        raise InvalidValueError(
            field, text, f"a week that exists: {year} has weeks W01 to W{last:02d}"
        ) from None
    return Week(year, number)


def parse_day(text: str | None, field: str) -> date | None:
    """``2026-03-01`` as a day (None stays None)."""
    if text is None or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidValueError(field, text, "a date such as 2026-03-01") from None


def check_period(
    since: date | None, until: date | None, *, fields: tuple[str, str] = ("--since", "--until")
) -> None:
    """Refuse a period that ends before it starts, naming both ends."""
    if since is not None and until is not None and until < since:
        raise InvalidValueError(
            fields[1],
            until.isoformat(),
            f"a day on or after {fields[0]} {since.isoformat()} (the period ends before it starts)",
        )


def weeks_between(since: date, until: date) -> list[Week]:
    """Every ISO week that touches the days ``since`` to ``until``, oldest first."""
    weeks: list[Week] = []
    week = Week.of(since)
    while week.monday <= until:
        weeks.append(week)
        week = week.shifted(1)
    return weeks


class EmptyPeriodError(FiresideError):
    """Nothing to show in the period a person asked for (their input: exit code 4)."""

    exit_code = ExitCode.INVALID_INPUT
