"""The balance: a scenario for each reading, and properties that hold for any journal."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from fireside.journal import (
    Activity,
    Category,
    Checkin,
    Entries,
    Gesture,
    GestureKind,
    HeSeems,
    Period,
    Reveal,
    Side,
    Status,
    Strength,
    Voice,
    WorldItem,
    WorldKind,
    balance,
)
from fireside.pronouns import PronounSet

UNTIL = date(2026, 11, 30)
MONTH = Period.ending(UNTIL)


def sentence_keys(entries: Entries, period: Period = MONTH) -> dict[str, str]:
    return {s.key: s.text for s in balance(entries, period).sentences}


def test_a_month_of_own_time_dropped_for_him() -> None:
    dropped = tuple(
        Activity(
            "book club",
            Side.MINE,
            90,
            UNTIL - timedelta(days=7 * week),
            Category.FRIENDS,
            Status.DROPPED,
            for_partner=True,
        )
        for week in range(4)
    )
    reading = balance(Entries(activities=dropped), MONTH)
    assert reading.own_minutes == 0 and reading.own_hours_per_week == 0
    assert reading.plans.as_json() == {"kept": 0, "dropped": 4, "dropped_for_partner": 4}
    said = {s.key: s for s in reading.sentences}
    assert "own_time_none" in said
    assert "4 plans of your own" in said["dropped_for_partner"].text
    assert "P26" in said["dropped_for_partner"].practices  # Amy Sherman: don't always be available
    # an offer, not an order or a guilt trip
    assert "you could suggest another time" in said["dropped_for_partner"].text


def test_the_same_date_four_weeks_running_is_a_routine_with_ideas() -> None:
    dates = tuple(
        Activity(
            "Dinner at Luigi's", Side.TOGETHER, 120, UNTIL - timedelta(days=7 * w), Category.DATE
        )
        for w in range(4)
    )
    reading = balance(Entries(activities=dates), MONTH)
    assert reading.monotony is not None
    assert (reading.monotony.category, reading.monotony.weeks) == (Category.DATE, 4)
    assert reading.monotony.title == "Dinner at Luigi's"
    assert reading.monotony.ideas and "P30" in reading.monotony.practices
    assert reading.together_variety == 1
    assert "4 weeks running" in sentence_keys(Entries(activities=dates))["monotony_title"]


def test_variety_breaks_the_routine() -> None:
    mixed = [
        Activity("Dinner", Side.TOGETHER, 120, UNTIL - timedelta(days=7 * w), Category.DATE)
        for w in range(4)
    ]
    mixed[1] = dataclasses.replace(mixed[1], category=Category.SPORT, title="Climbing")
    reading = balance(Entries(activities=tuple(mixed)), MONTH)
    assert reading.monotony is None  # two weeks of dates, a climb, a date: not a routine
    assert reading.together_variety == 2


def test_an_essential_unshared_for_30_days() -> None:
    essential = Reveal("I have a daughter", UNTIL - timedelta(days=30), essential=True)
    delight = Reveal("I used to dance", UNTIL - timedelta(days=30))
    reading = balance(Entries(reveals=(essential, delight)), MONTH)
    assert reading.essentials_unshared == ("I have a daughter",)
    text = sentence_keys(Entries(reveals=(essential, delight)))["essentials_unshared"]
    assert '"I have a daughter"' in text and "right to know" in text and "dance" not in text
    shared = dataclasses.replace(essential, shared=UNTIL - timedelta(days=1))
    assert balance(Entries(reveals=(shared,)), MONTH).essentials_unshared == ()


def test_sentences_use_the_partners_pronouns() -> None:
    essential = Reveal("I have a daughter", UNTIL, essential=True)
    voice = Voice(PronounSet.SHE, "Sam")
    said = {s.key: s.text for s in balance(Entries(reveals=(essential,)), MONTH, voice).sentences}
    assert "She has a right to know" in said["essentials_unshared"]
    voice = Voice(PronounSet.THEY, "Sam")
    said = {s.key: s.text for s in balance(Entries(reveals=(essential,)), MONTH, voice).sentences}
    assert "They have a right to know" in said["essentials_unshared"]


def test_his_world_followed_up_and_dates_ahead() -> None:
    exam = WorldItem(
        "exam", WorldKind.DATE, UNTIL - timedelta(days=3), due=UNTIL + timedelta(days=4), id=1
    )
    climbing = WorldItem("climbing", WorldKind.INTEREST, UNTIL - timedelta(days=10), id=2)
    old = WorldItem("his sister's visit", WorldKind.SAID, UNTIL - timedelta(days=60), id=3)
    asked = Gesture(GestureKind.LISTENED, UNTIL - timedelta(days=2), world_id=2)
    entries = Entries(world=(exam, climbing, old), gestures=(asked,))
    reading = balance(entries, MONTH)
    assert (reading.his_world_mentioned, reading.his_world_followed_up) == (2, 1)
    said = sentence_keys(entries)
    assert '"exam" is on' in said["date_ahead"]
    assert "1 thing he mentioned" in said["followed_up"]


def test_a_strength_said_recently_is_not_offered_again() -> None:
    patient = Strength("patient", UNTIL - timedelta(days=20), id=1)
    funny = Strength("funny", UNTIL - timedelta(days=5), id=2)
    said = Gesture(GestureKind.STRENGTH, UNTIL - timedelta(days=3), strength_id=1)
    keys = sentence_keys(Entries(strengths=(patient, funny), gestures=(said,)))
    assert '"funny"' in keys["strength_unsaid"]
    keys = sentence_keys(Entries(strengths=(patient,), gestures=(said,)))
    assert "strength_unsaid" not in keys


def test_how_he_seems_suggests_space_or_closeness() -> None:
    zone = ZoneInfo("UTC")
    overwhelmed = Checkin(datetime(2026, 11, 29, 20, tzinfo=zone), 2, he_seems=HeSeems.OVERWHELMED)
    lonely = Checkin(datetime(2026, 11, 30, 20, tzinfo=zone), 2, he_seems=HeSeems.LONELY)
    assert "space" in sentence_keys(Entries(checkins=(overwhelmed,)))
    assert "close" in sentence_keys(Entries(checkins=(overwhelmed, lonely)))  # the latest counts


def test_no_streaks_no_guilt_when_nothing_is_written() -> None:
    reading = balance(Entries(), MONTH)
    assert [s.key for s in reading.sentences] == ["own_time_none"]
    assert reading.gestures_per_week == 0
    for sentence in reading.sentences:
        assert "logged" not in sentence.text and "days" not in sentence.text


# ---------------------------------------------------------------- properties

DAYS = st.dates(min_value=date(2026, 9, 1), max_value=date(2027, 1, 31))
activities = st.builds(
    Activity,
    title=st.sampled_from(["pottery", "dinner", "run", "friends"]),
    side=st.sampled_from(Side),
    minutes=st.integers(1, 1440),
    on=DAYS,
    category=st.sampled_from(Category),
    status=st.sampled_from(Status),
)
gestures = st.builds(Gesture, type=st.sampled_from(GestureKind), on=DAYS)
periods = st.builds(
    lambda end, days: Period.ending(end, days),
    DAYS,
    st.integers(1, 120),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(activities, max_size=30), periods)
def test_hours_are_the_sum_of_the_entries(acts: list[Activity], period: Period) -> None:
    reading = balance(Entries(activities=tuple(acts)), period)
    for side, total in (
        (Side.MINE, reading.own_minutes),
        (Side.TOGETHER, reading.together_minutes),
    ):
        expected = sum(
            a.minutes
            for a in acts
            if a.side is side and a.status is Status.DONE and period.since <= a.on <= period.until
        )
        assert total == expected
    assert abs(reading.own_hours_per_week * period.weeks * 60 - reading.own_minutes) < 1e-6
    assert (
        abs(reading.together_hours_per_week * period.weeks * 60 - reading.together_minutes) < 1e-6
    )


@settings(max_examples=150, deadline=None)
@given(st.lists(activities, max_size=20), st.lists(gestures, max_size=10), periods, st.data())
def test_nothing_outside_the_period_counts(
    acts: list[Activity], kind: list[Gesture], period: Period, data: st.DataObject
) -> None:
    outside = st.one_of(
        st.dates(max_value=period.since - timedelta(days=1), min_value=date(2026, 1, 1)),
        st.dates(min_value=period.until + timedelta(days=1), max_value=date(2027, 12, 31)),
    )
    extra_acts = [
        dataclasses.replace(a, on=data.draw(outside))
        for a in data.draw(st.lists(activities, max_size=10))
    ]
    extra_gestures = [
        dataclasses.replace(g, on=data.draw(outside))
        for g in data.draw(st.lists(gestures, max_size=5))
    ]
    inside = balance(Entries(activities=tuple(acts), gestures=tuple(kind)), period)
    both = balance(
        Entries(activities=tuple(acts + extra_acts), gestures=tuple(kind + extra_gestures)), period
    )
    assert _figures(inside) == _figures(both)


# which readings each field of an activity feeds
ACTIVITY_READS: dict[str, set[str]] = {
    "minutes": {"own_hours_per_week", "together_hours_per_week", "own_minutes", "together_minutes"},
    "title": {"monotony"},
    "note": set(),
}


@settings(max_examples=150, deadline=None)
@given(
    st.lists(activities, min_size=1, max_size=20),
    periods,
    st.data(),
    st.sampled_from(sorted(ACTIVITY_READS)),
)
def test_editing_an_entry_changes_exactly_its_readings(
    acts: list[Activity], period: Period, data: st.DataObject, field: str
) -> None:
    index = data.draw(st.integers(0, len(acts) - 1))
    new_value: Any = {
        "minutes": data.draw(st.integers(1, 1440)),
        "title": data.draw(st.sampled_from(["a new thing", "dinner"])),
        "note": "a note",
    }[field]
    edited = list(acts)
    edited[index] = acts[index].with_changes({field: new_value})
    before = _figures(balance(Entries(activities=tuple(acts)), period))
    after = _figures(balance(Entries(activities=tuple(edited)), period))
    changed = {key for key in before if before[key] != after[key]}
    assert changed <= ACTIVITY_READS[field]
    target = acts[index]
    counts = target.status is Status.DONE and target.on in period
    if field == "minutes" and counts and new_value != target.minutes:
        side = "own_minutes" if target.side is Side.MINE else "together_minutes"
        assert side in changed


@settings(max_examples=100, deadline=None)
@given(st.lists(gestures, min_size=1, max_size=10), periods, DAYS)
def test_moving_a_gesture_changes_only_the_gesture_count(
    kind: list[Gesture], period: Period, day: date
) -> None:
    moved = [kind[0].with_changes({"on": day}), *kind[1:]]
    before = _figures(balance(Entries(gestures=tuple(kind)), period))
    after = _figures(balance(Entries(gestures=tuple(moved)), period))
    assert {k for k in before if before[k] != after[k]} <= {"gestures", "gestures_per_week"}


def _figures(reading: Any) -> dict[str, Any]:
    data = reading.as_json()
    data.pop("sentences")
    return data
