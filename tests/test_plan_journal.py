"""The plan, the report and the calendar read the journal: check-ins on how he seems, own
and together time, talks held and planned, own-time plans; incognito leaves out its words."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from fireside.service import journal
from fireside.service.base import open_store
from fireside.service.calendar import calendar_file
from fireside.service.plan import weekly_plan
from fireside.service.report import build_report, render_report
from tests.reports_data import ME, PARTNER, filled_store, profile

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)  # Wednesday of 2026-W10
SECRETS = (
    "Zitherlessons",
    "kayakingwithQuill",
    "secret-note-4711",
    "whyhestoppedcalling",
    "openerwordsXYZ",
)


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 'j.db'}")
    store.save_profile(profile())
    yield store
    store.close()


def test_he_seems_overwhelmed_gives_space_and_lonely_closes_the_distance(store) -> None:  # type: ignore[no-untyped-def]
    journal.checkin(store, mood=2, he_seems="overwhelmed", at="2026-03-03 20:00", now=NOW)
    plan = weekly_plan(store, now=NOW)
    assert plan.stance.value == "give_space"
    assert any(f"{PARTNER} seemed overwhelmed" in s for s in plan.why)
    later = NOW + timedelta(days=14)
    journal.checkin(store, mood=2, he_seems="lonely", at=later - timedelta(days=1), now=later)
    assert weekly_plan(store, now=later).stance.value == "close_distance"


def test_little_own_time_puts_a_life_of_your_own_first(store) -> None:  # type: ignore[no-untyped-def]
    for days in range(1, 20, 3):
        journal.add_activity(
            store,
            "dinner out",
            minutes=180,
            side="together",
            category="date",
            on=(NOW - timedelta(days=days)).date(),
            now=NOW,
        )
    journal.add_activity(store, "a walk", minutes=30, side="mine", on=NOW.date(), now=NOW)
    plan = weekly_plan(store, now=NOW)
    assert plan.own_time_low and plan.offers[0].own_life
    assert any("little time of your own" in s for s in plan.why)


def _fill_journal(store) -> None:  # type: ignore[no-untyped-def]
    on = date(2024, 1, 20)
    at = datetime(2024, 1, 20, 19, 0, tzinfo=ZoneInfo("Europe/London"))
    journal.add_activity(
        store, SECRETS[0], minutes=60, side="mine", category="class", on=on, note=SECRETS[2], now=at
    )
    journal.add_activity(
        store, "cinema", minutes=150, side="together", category="date", on=on, now=at
    )
    journal.add_world_item(store, SECRETS[1], kind="like", on=on, note=SECRETS[2], now=at)
    journal.checkin(
        store, mood=3, anxious=1, he_seems="stressed", connection=3, note=SECRETS[2], at=at, now=at
    )
    talk = journal.add_talk(store, SECRETS[3], opener=SECRETS[4], now=at)
    journal.hold_talk(store, talk.entry.id, on=on, note=SECRETS[2], now=at)  # type: ignore[arg-type]


def test_the_report_shows_the_journal_and_incognito_none_of_its_words(tmp_path: Path) -> None:
    store = filled_store(f"sqlite:///{tmp_path / 'r.db'}", tmp_path)
    try:
        _fill_journal(store)
        now = datetime(2024, 3, 20, tzinfo=UTC)
        named = build_report(store, since=date(2024, 1, 1), until=date(2024, 2, 5), now=now)
        assert named.balance and named.balance.own_hours_per_week > 0
        assert [w.count for w in named.checkins] == [1] and named.checkins[0].mood == 3
        assert named.talks and named.talks[0].topic == SECRETS[3]
        html = render_report(named, "html").data.decode()
        assert SECRETS[3] in html and "stressed" in html
        secret = build_report(
            store, since=date(2024, 1, 1), until=date(2024, 2, 5), now=now, incognito=True
        )
        for kind in ("html", "pdf"):
            data = render_report(secret, kind).data
            if kind == "pdf":
                path = tmp_path / "r.pdf"
                path.write_bytes(data)
                text = (
                    subprocess.run(
                        ["pdftotext", str(path), "-"], capture_output=True, text=True
                    ).stdout
                    if _has("pdftotext")
                    else ""
                )
            else:
                text = data.decode()
            for word in (*SECRETS, ME, PARTNER):
                assert word not in text, (kind, word)
        assert "stressed" in render_report(secret, "html").data.decode()  # categories stay
    finally:
        store.close()


def _has(tool: str) -> bool:
    import shutil

    return shutil.which(tool) is not None


def test_the_calendar_has_planned_talks_and_own_time_plans(store) -> None:  # type: ignore[no-untyped-def]
    now = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)  # clocks go forward in London on 29 March
    journal.add_talk(store, SECRETS[3], at="2026-03-30 18:30", opener=SECRETS[4], now=now)
    journal.add_activity(
        store, SECRETS[0], minutes=90, side="mine", on="2026-03-25", status="planned", now=now
    )
    journal.add_activity(
        store, "old plan", minutes=90, side="mine", on="2026-03-01", status="planned", now=now
    )
    events = {
        str(e["UID"]): e
        for e in Calendar.from_ical(calendar_file(store, now=now).data).walk("VEVENT")
    }
    assert len(events) == 3  # the talk, the plan ahead, the weekly check-in (not the old plan)
    talk = next(e for uid, e in events.items() if uid.startswith("talk-"))
    start = talk.decoded("DTSTART")
    assert start == datetime(2026, 3, 30, 18, 30, tzinfo=ZoneInfo("Europe/London"))
    assert start.astimezone(UTC).hour == 17  # BST
    assert SECRETS[3] in str(talk["SUMMARY"])
    plan = next(e for uid, e in events.items() if uid.startswith("activity-"))
    assert plan.decoded("DTSTART") == date(2026, 3, 25)
    hidden = calendar_file(store, now=now, incognito=True).data.decode()
    assert SECRETS[0] not in hidden and SECRETS[3] not in hidden and SECRETS[4] not in hidden


def test_the_default_period_ends_on_the_last_day_with_a_journal_entry(store) -> None:  # type: ignore[no-untyped-def]
    journal.checkin(store, mood=3, he_seems="steady", at="2025-06-10 20:00", now=NOW)
    report = build_report(store, now=NOW)
    assert report.until == date(2025, 6, 10) and report.checkins
