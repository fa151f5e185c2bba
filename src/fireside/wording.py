"""Numbers, durations and plurals as a person says them: "about 11 months", "1 conversation".

Pure and shared by every face, so the CLI and the web app say the same thing the same way.
"""

from __future__ import annotations

from datetime import timedelta

_IRREGULAR = {"person": "people", "reply": "replies", "this": "these", "was": "were"}


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 conversation``, ``2 conversations``, ``1,204 messages``."""
    if count == 1:
        return f"1 {word}"
    return f"{count:,} {many or _IRREGULAR.get(word) or word + 's'}"


def humanise(span: timedelta) -> str:
    """A duration as a person would say it: ``12 minutes``, ``5 hours``, ``3 days``,
    ``about 3 weeks``, ``about 11 months``, ``about 2 years``."""
    minutes = round(span.total_seconds() / 60)
    if minutes < 60:
        return plural(max(minutes, 1), "minute")
    hours = minutes / 60
    if hours < 36:
        shown = f"{hours:.0f}" if hours >= 10 or hours.is_integer() else f"{hours:.1f}"
        return f"{shown} hour{'s' if shown != '1' else ''}"
    days = hours / 24
    if days < 14:
        return plural(round(days), "day")
    if days < 60:
        return f"about {plural(round(days / 7), 'week')}"
    if days < 365 - 15:
        return f"about {plural(max(2, round(days / 30.44)), 'month')}"
    years = days / 365.25
    if years < 1.75:
        return "about a year" if years < 1.25 else "about a year and a half"
    return f"about {plural(round(years), 'year')}"


def hours(value: float | None) -> str:
    """Hours of silence in words (``longest silence about 11 months``); a dash when unknown."""
    return "—" if value is None else humanise(timedelta(hours=value))


def per_week(days: float | None) -> str:
    """``5.98`` days a week as ``about 6 days a week``; ``every day`` at 7."""
    if days is None:
        return "—"
    if days >= 6.95:
        return "every day"
    if days < 1:
        return "less than one day a week"
    rounded = round(days * 2) / 2
    shown = f"{rounded:g}"
    return f"about {shown} day{'s' if shown != '1' else ''} a week"


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%}"
