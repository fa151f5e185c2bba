"""The balance: pure readings over the journal's entries in a period.

Each figure has one function here, so the CLI, the web's Home and the API say the same.
Hours count only what was done; a plan is "kept" when it began as a plan and was done.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from fireside.journal.model import (
    Activity,
    Category,
    Checkin,
    Entries,
    Gesture,
    GestureKind,
    HeSeems,
    Reveal,
    Side,
    Status,
    Strength,
    WorldItem,
    WorldKind,
)
from fireside.journal.wording import Sentence, Voice, wording
from fireside.wording import plural

DEFAULT_DAYS = 28  # four weeks
MONOTONY_WEEKS = 3  # the same kind of time together this many weeks running is a routine
STRENGTH_RESTS_DAYS = 14  # a strength said recently is not offered again (so it stays sincere)
DATES_AHEAD_DAYS = 14
SPACE_STATES = {HeSeems.OVERWHELMED, HeSeems.STRESSED, HeSeems.DISTANT}
CLOSE_STATES = {HeSeems.LONELY}


@dataclass(frozen=True)
class Period:
    """Days ``since`` to ``until``, both included."""

    since: date
    until: date

    @classmethod
    def ending(cls, until: date, days: int = DEFAULT_DAYS) -> Period:
        return cls(until - timedelta(days=days - 1), until)

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1

    @property
    def weeks(self) -> float:
        return self.days / 7

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.since <= day <= self.until

    def week_of(self, day: date) -> int:
        """0 for the week ending ``until``, 1 for the one before, …"""
        return (self.until - day).days // 7


@dataclass(frozen=True)
class Plans:
    kept: int
    dropped: int
    dropped_for_partner: int

    def as_json(self) -> dict[str, int]:
        return {
            "kept": self.kept,
            "dropped": self.dropped,
            "dropped_for_partner": self.dropped_for_partner,
        }


@dataclass(frozen=True)
class Monotony:
    """The same kind of time together, week after week, and ideas to break the routine."""

    category: Category
    weeks: int
    title: str | None  # when it was the very same thing each time
    ideas: tuple[str, ...]
    practices: tuple[str, ...] = ("P30", "P25", "P12")

    def as_json(self) -> dict[str, Any]:
        return {
            "category": self.category.value,
            "weeks": self.weeks,
            "title": self.title,
            "ideas": list(self.ideas),
            "practices": list(self.practices),
        }


@dataclass(frozen=True)
class Balance:
    since: date
    until: date
    own_minutes: int
    together_minutes: int
    weeks: float
    plans: Plans
    together_categories: tuple[Category, ...]
    monotony: Monotony | None
    gestures: int
    his_world_mentioned: int
    his_world_followed_up: int
    essentials_unshared: tuple[str, ...]
    sentences: tuple[Sentence, ...] = field(default=())
    heuristic: str = ""

    @property
    def own_hours_per_week(self) -> float:
        return self.own_minutes / 60 / self.weeks

    @property
    def together_hours_per_week(self) -> float:
        return self.together_minutes / 60 / self.weeks

    @property
    def together_variety(self) -> int:
        return len(self.together_categories)

    @property
    def gestures_per_week(self) -> float:
        return self.gestures / self.weeks

    def as_json(self) -> dict[str, Any]:
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "weeks": round(self.weeks, 2),
            "own_hours_per_week": round(self.own_hours_per_week, 2),
            "together_hours_per_week": round(self.together_hours_per_week, 2),
            "own_minutes": self.own_minutes,
            "together_minutes": self.together_minutes,
            "plans": self.plans.as_json(),
            "together_variety": self.together_variety,
            "together_categories": [c.value for c in self.together_categories],
            "monotony": self.monotony.as_json() if self.monotony else None,
            "gestures_per_week": round(self.gestures_per_week, 2),
            "gestures": self.gestures,
            "his_world_mentioned": self.his_world_mentioned,
            "his_world_followed_up": self.his_world_followed_up,
            "essentials_unshared": list(self.essentials_unshared),
            "sentences": [s.as_json() for s in self.sentences],
            "heuristic": self.heuristic,
        }


def done_in(activities: Iterable[Activity], period: Period, side: Side) -> list[Activity]:
    return [a for a in activities if a.side is side and a.status is Status.DONE and a.on in period]


def minutes_of(activities: Iterable[Activity], period: Period, side: Side) -> int:
    return sum(a.minutes for a in done_in(activities, period, side))


def plans(activities: Iterable[Activity], period: Period) -> Plans:
    planned = [a for a in activities if a.on in period and a.planned]
    dropped = [a for a in planned if a.status is Status.DROPPED]
    return Plans(
        kept=sum(1 for a in planned if a.kept),
        dropped=len(dropped),
        dropped_for_partner=sum(1 for a in dropped if a.for_partner),
    )


def together_categories(activities: Iterable[Activity], period: Period) -> tuple[Category, ...]:
    seen = {a.category for a in done_in(activities, period, Side.TOGETHER)}
    return tuple(c for c in Category if c in seen)


def monotony(activities: Iterable[Activity], period: Period) -> Monotony | None:
    """The longest run of weeks (at least ``MONOTONY_WEEKS``) in which all the time together
    was one category, the same each week; None when time together has variety."""
    together = done_in(activities, period, Side.TOGETHER)
    weeks: dict[int, list[Activity]] = {}
    for activity in together:
        weeks.setdefault(period.week_of(activity.on), []).append(activity)
    best: list[list[Activity]] = []
    run: list[list[Activity]] = []
    for index in range(period.days // 7 + 1):
        week = weeks.get(index, [])
        kinds = {a.category for a in week}
        if len(kinds) == 1 and (not run or kinds == {run[-1][0].category}):
            run.append(week)
        else:
            run = [week] if len(kinds) == 1 else []
        if len(run) > len(best):
            best = list(run)
    if len(best) < MONOTONY_WEEKS:
        return None
    category = best[0][0].category
    titles = {a.title.casefold() for week in best for a in week}
    title = best[0][0].title if len(titles) == 1 else None
    ideas = wording()["ideas"]
    return Monotony(category, len(best), title, tuple(ideas.get(category.value, ideas["other"])))


def gestures_in(gestures: Iterable[Gesture], period: Period) -> int:
    return sum(1 for g in gestures if g.on in period)


def followed_up(world: Iterable[WorldItem], gestures: Iterable[Gesture], period: Period) -> int:
    """Things he mentioned that I asked about or acted on in the period (by the item's own
    date, or a gesture about it)."""
    acted = {g.world_id for g in gestures if g.world_id is not None and g.on in period}
    return sum(1 for w in world if w.followed_up in period or w.id in acted)


def mentioned(world: Iterable[WorldItem], period: Period) -> int:
    return sum(1 for w in world if w.on in period)


def essentials_unshared(reveals: Iterable[Reveal], until: date) -> tuple[str, ...]:
    """Essentials written down by ``until`` and not shared by then, oldest first."""
    waiting = [r for r in reveals if r.essential and r.on <= until and not _shared_by(r, until)]
    return tuple(r.title for r in sorted(waiting, key=lambda r: (r.on, r.id or 0)))


def _shared_by(reveal: Reveal, until: date) -> bool:
    return reveal.shared is not None and reveal.shared <= until


def last_said(strength: Strength, gestures: Iterable[Gesture]) -> date | None:
    """When the strength was last said out loud: by hand, or a "strength" gesture about it."""
    said = [
        g.on for g in gestures if g.type is GestureKind.STRENGTH and g.strength_id == strength.id
    ]
    if strength.last_said is not None:
        said.append(strength.last_said)
    return max(said, default=None)


def latest_checkin(checkins: Iterable[Checkin], period: Period) -> Checkin | None:
    inside = [c for c in checkins if c.day in period]
    return max(inside, key=lambda c: c.at, default=None)


def balance(entries: Entries, period: Period, voice: Voice | None = None) -> Balance:
    """Every reading of the period, and the sentences that go with them."""
    voice = voice or Voice()
    acts = entries.activities
    figures = Balance(
        since=period.since,
        until=period.until,
        own_minutes=minutes_of(acts, period, Side.MINE),
        together_minutes=minutes_of(acts, period, Side.TOGETHER),
        weeks=period.weeks,
        plans=plans(acts, period),
        together_categories=together_categories(acts, period),
        monotony=monotony(acts, period),
        gestures=gestures_in(entries.gestures, period),
        his_world_mentioned=mentioned(entries.world, period),
        his_world_followed_up=followed_up(entries.world, entries.gestures, period),
        essentials_unshared=essentials_unshared(entries.reveals, period.until),
        heuristic=voice.heuristic(),
    )
    return dataclasses.replace(
        figures, sentences=tuple(_sentences(figures, entries, period, voice))
    )


def _hours(minutes_per_week: float) -> str:
    hours = minutes_per_week / 60
    if hours < 1:
        return plural(max(1, round(minutes_per_week)), "minute")
    shown = f"{round(hours * 2) / 2:g}"
    return f"{shown} hour" + ("" if shown == "1" else "s")


def _sentences(figures: Balance, entries: Entries, period: Period, voice: Voice) -> list[Sentence]:
    said: list[Sentence] = []
    if figures.own_minutes:
        said.append(
            voice.say("sentences", "own_time", hours=_hours(figures.own_minutes / figures.weeks))
        )
    else:
        said.append(voice.say("sentences", "own_time_none"))
    if figures.plans.dropped_for_partner:
        count = plural(figures.plans.dropped_for_partner, "plan of your own", "plans of your own")
        said.append(voice.say("sentences", "dropped_for_partner", count=count))
    if figures.plans.kept:
        said.append(voice.say("sentences", "kept", count=plural(figures.plans.kept, "plan")))
    if figures.together_minutes:
        said.append(
            voice.say(
                "sentences", "together_time", hours=_hours(figures.together_minutes / figures.weeks)
            )
        )
    if figures.monotony:
        ideas = "; ".join(figures.monotony.ideas)
        if figures.monotony.title:
            said.append(
                voice.say(
                    "sentences",
                    "monotony_title",
                    title=figures.monotony.title,
                    weeks=figures.monotony.weeks,
                    ideas=ideas,
                )
            )
        else:
            category = wording()["categories"][figures.monotony.category.value]
            said.append(
                voice.say(
                    "sentences",
                    "monotony",
                    category=category,
                    weeks=figures.monotony.weeks,
                    ideas=ideas,
                )
            )
    if figures.gestures:
        said.append(
            voice.say(
                "sentences", "gestures", count=plural(figures.gestures, "kindness", "kindnesses")
            )
        )
    if figures.his_world_followed_up:
        things = plural(figures.his_world_followed_up, "thing")
        said.append(voice.say("sentences", "followed_up", count=things))
    for item in entries.world:
        if (
            item.type is WorldKind.DATE
            and item.due is not None
            and period.until <= item.due <= period.until + timedelta(days=DATES_AHEAD_DAYS)
        ):
            said.append(
                voice.say("sentences", "date_ahead", title=item.title, day=f"{item.due:%a %-d %b}")
            )
    unsaid = [
        s
        for s in entries.strengths
        if s.on <= period.until
        and (
            (last := last_said(s, entries.gestures)) is None
            or (period.until - last).days >= STRENGTH_RESTS_DAYS
        )
    ]
    if unsaid:  # one at a time, the longest waiting first, so it stays sincere
        oldest = min(unsaid, key=lambda s: (last_said(s, entries.gestures) or date.min, s.on))
        said.append(voice.say("sentences", "strength_unsaid", title=oldest.title))
    if figures.essentials_unshared:
        titles = ", ".join(f'"{t}"' for t in figures.essentials_unshared)
        said.append(voice.say("sentences", "essentials_unshared", titles=titles))
    latest = latest_checkin(entries.checkins, period)
    if latest is not None and latest.he_seems is not None:
        state = wording()["he_seems"][latest.he_seems.value]
        if latest.he_seems in SPACE_STATES:
            said.append(voice.say("sentences", "space", state=state))
        elif latest.he_seems in CLOSE_STATES:
            said.append(voice.say("sentences", "close", state=state))
    return said
