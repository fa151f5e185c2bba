"""The weekly plan: gather a week's facts (rhythm and journal), plan, remember the offers.

``weekly_plan`` is what ``fireside plan`` and the web's Home show; ``mark_offer`` remembers
"done" and "not for me"; ``stances`` gives the plan's stance week by week for the report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from fireside.errors import InvalidValueError, NotFoundError
from fireside.periods import Week, parse_week
from fireside.planner import Facts, History, Mark, Plan, load_offers
from fireside.planner import weekly_plan as plan_of
from fireside.planner.plan import signs

if TYPE_CHECKING:
    from collections.abc import Callable

    from fireside.profile import Profile
    from fireside.service.rhythm import SpaceReading
    from fireside.store import Store

    ReadingOf = Callable[[Store, date, date], SpaceReading]

WINDOW_DAYS = 28  # the rhythm and the balance are read over the four weeks to the week's end
MARKS = {"done": Mark.DONE, "not_for_me": Mark.NOT_FOR_ME, "not-for-me": Mark.NOT_FOR_ME}


@dataclass(frozen=True)
class JournalFacts:
    """What the plan needs from the journal for a window of days."""

    he_seems: tuple[str, ...] = ()  # from the check-ins of the week and the week before
    checkins: int = 0
    own_minutes: int | None = None  # None: nothing logged in the window
    together_minutes: int | None = None


@dataclass(frozen=True)
class Marked:
    week: str
    offer_id: str
    mark: str | None

    def as_json(self) -> dict[str, Any]:
        return {"week": self.week, "offer_id": self.offer_id, "mark": self.mark}


def _today(profile: Profile, now: datetime | None) -> date:
    return (now or datetime.now(profile.zone)).astimezone(profile.zone).date()


def this_week(store: Store, now: datetime | None = None) -> Week:
    return Week.of(_today(store.profile_or_default(), now))


def _week(store: Store, week: str | Week | None, now: datetime | None) -> Week:
    if isinstance(week, Week):
        return week
    if week is None:
        return this_week(store, now)
    return parse_week(week)


def journal_facts(store: Store, since: date, until: date, checkins_since: date) -> JournalFacts:
    """The journal's facts for the plan: how he seemed in the check-ins from
    ``checkins_since`` to ``until``, and own and together time done from ``since`` to
    ``until`` (None for both when no time at all was logged there: no sign either way)."""
    from fireside.journal.model import Side
    from fireside.journal.readings import Period, done_in, minutes_of
    from fireside.service.journal import entries

    journal = entries(store)
    zone = store.profile_or_default().zone
    seen = [c for c in journal.checkins if checkins_since <= c.at.astimezone(zone).date() <= until]
    window = Period(since, until)
    logged = any(done_in(journal.activities, window, side) for side in Side)
    return JournalFacts(
        he_seems=tuple(c.he_seems.value for c in seen if c.he_seems is not None),
        checkins=len(seen),
        own_minutes=minutes_of(journal.activities, window, Side.MINE) if logged else None,
        together_minutes=minutes_of(journal.activities, window, Side.TOGETHER) if logged else None,
    )


def window_of(week: Week, today: date) -> tuple[date, date]:
    """The days the plan of ``week`` reads: the four weeks to its end (or to today)."""
    end = min(week.sunday, today) if week.monday <= today else week.sunday
    return end - timedelta(days=WINDOW_DAYS - 1), end


def facts_of(store: Store, week: Week, *, today: date, read: ReadingOf | None = None) -> Facts:
    """Everything the plan of ``week`` rests on: the four weeks to its end (or to today).
    ``read(store, since, until)``: the space reading of a period (a cache's, in the web)."""
    from fireside.service.rhythm import space_reading

    start, end = window_of(week, today)
    reading = read(store, start, end) if read else space_reading(store, since=start, until=end)
    journal = journal_facts(store, start, end, checkins_since=week.monday - timedelta(days=7))
    return Facts(
        week=week,
        space=reading.reading.space,
        reciprocity=reading.reading.reciprocity,
        messages=reading.messages,
        he_seems=journal.he_seems,
        checkins=journal.checkins,
        own_minutes=journal.own_minutes,
        together_minutes=journal.together_minutes,
        weeks=WINDOW_DAYS / 7,
    )


def history_of(rows: list[dict[str, Any]], week: Week) -> History:
    """The plan's memory for ``week`` from the stored offer rows."""
    last, this = str(week.shifted(-1)), str(week)
    offered: Counter[str] = Counter()
    for row in rows:
        if row["week"] < this:
            offered[row["offer_id"]] += 1
    return History(
        last_week=frozenset(r["offer_id"] for r in rows if r["week"] == last),
        this_week=tuple(r["offer_id"] for r in rows if r["week"] == this),
        not_for_me=frozenset(r["offer_id"] for r in rows if r["mark"] == Mark.NOT_FOR_ME.value),
        offered=dict(offered),
        marks={r["offer_id"]: Mark(r["mark"]) for r in rows if r["week"] == this and r["mark"]},
    )


def _experts() -> dict[str, str]:
    from fireside.practices import load_catalogue

    return {p.id: p.expert.name for p in load_catalogue()}


def weekly_plan(
    store: Store,
    *,
    week: str | Week | None = None,
    now: datetime | None = None,
    read: ReadingOf | None = None,
) -> Plan:
    """The plan of ``week`` (default: this week, in the profile's time zone).

    This week's offers are remembered (so next week rotates and a mark has something to
    mark); a past or future week is shown without changing anything. ``read``: see
    ``facts_of``."""
    profile = store.profile_or_default()
    today = _today(profile, now)
    target = _week(store, week, now)
    facts = facts_of(store, target, today=today, read=read)
    plan = plan_of(
        facts,
        history_of(store.plan_offers(), target),
        pronouns=profile.partner_pronouns,
        partner=profile.partner_name,
        experts=_experts(),
    )
    if target == Week.of(today):
        store.record_plan_offers(str(target), [o.id for o in plan.offers])
    return plan


def mark_offer(
    store: Store,
    offer_id: str,
    mark: str | None,
    *,
    week: str | Week | None = None,
    now: datetime | None = None,
) -> Marked:
    """Mark one of the week's offers ``done`` or ``not_for_me`` (None takes it back).

    "Not for me" is remembered for good: that offer is never offered again."""
    known = {o.id for o in load_offers()}
    if offer_id not in known:
        raise NotFoundError(
            f"There is no offer called {offer_id!r}.",
            hint="`fireside plan` lists this week's offers with their ids.",
        )
    value = None
    if mark is not None:
        if mark not in MARKS:
            raise InvalidValueError("mark", mark, "done, not-for-me")
        value = MARKS[mark].value
    target = _week(store, week, now)
    if target == this_week(store, now) and offer_id not in {
        r["offer_id"] for r in store.plan_offers() if r["week"] == str(target)
    }:
        weekly_plan(store, week=target, now=now)  # this week's offers, recorded
    if not store.mark_plan_offer(str(target), offer_id, value):
        raise NotFoundError(
            f"{offer_id!r} was not one of the offers of {target}.",
            hint="`fireside plan` lists this week's offers with their ids.",
        )
    return Marked(str(target), offer_id, value)


@dataclass(frozen=True)
class WeekStance:
    week: Week
    stance: str
    why: str


def stances(
    store: Store, since: date, until: date, *, today: date, incognito: bool = False
) -> list[WeekStance]:
    """The plan's stance for each week from ``since`` to ``until`` (recomputed from the
    evidence, so every week has one, looked at or not); ``incognito``: no names in why."""
    from fireside.periods import weeks_between
    from fireside.planner.plan import decide

    profile = store.profile_or_default()
    found = []
    for week in weeks_between(since, until):
        if week.monday > today:
            break
        facts = facts_of(store, week, today=today)
        partner = None if incognito else profile.partner_name
        stance, why = decide(signs(facts, profile.partner_pronouns, partner))
        found.append(WeekStance(week, stance.value, why[0] if why else ""))
    return found
