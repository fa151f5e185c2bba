"""Rhythm measures: generated chats give back their parameters; properties hold."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fireside.rhythm import Settings, compute, weekly

START = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)


def frame(rows: list[tuple[datetime, str]], words: int = 3) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "ts": [t for t, _ in rows],
            "role": [r for _, r in rows],
            "kind": ["text"] * len(rows),
            "words": [words] * len(rows),
        }
    ).with_columns(pl.col("ts").cast(pl.Datetime("ms", "UTC")))


def generated(
    days: int = 28,
    *,
    i_start_every: int = 5,
    partner_after: int = 20,
    me_after: int = 5,
    followup_every: int = 4,
):
    """One conversation a day at 09:00. I start 4 days in 5; the other replies after a fixed
    delay; every 4th day the starter sends a follow-up 45 minutes later before any reply."""
    rows = []
    for day in range(days):
        t0 = START + timedelta(days=day)
        starter, other = ("partner", "me") if day % i_start_every == 0 else ("me", "partner")
        rows.append((t0, starter))
        offset = 0
        if day % followup_every == 0:
            offset = 45
            rows.append((t0 + timedelta(minutes=45), starter))
        delay = partner_after if other == "partner" else me_after
        rows.append((t0 + timedelta(minutes=offset + delay), other))
    return frame(rows)


def test_generated_chat_gives_back_its_parameters() -> None:
    m = compute(generated())
    assert m.conversations == 28
    assert m.initiations == {"me": 22, "partner": 6}
    assert m.initiation_share_me == pytest.approx(22 / 28)
    assert m.replies["partner"].median_minutes == 20 and m.replies["me"].median_minutes == 5
    assert m.replies["partner"].count == 22 and m.replies["me"].count == 6
    assert m.followup_rate == reference_followup_rate(generated())
    assert m.contact_days_per_week == 7.0
    assert m.silences_over_48h == 0 and m.late_night_share == {"me": 0.0, "partner": 0.0}


def test_silences_contact_days_and_late_night() -> None:
    rows = [
        (START, "me"),
        (START + timedelta(hours=50), "partner"),
        (START + timedelta(days=6, hours=14, minutes=30), "me"),
    ]
    m = compute(frame(rows), Settings())
    assert m.silences_over_48h == 2 and m.longest_silence_hours == pytest.approx(
        108.5
    )  # 158.5 h - 50 h
    assert m.contact_days_per_week == pytest.approx(3 / 7 * 7)
    assert m.late_night_share["me"] == 0.5  # 23:30 UTC counts as late night


def test_other_people_are_ignored() -> None:
    rows = [
        (START, "me"),
        (START + timedelta(minutes=1), "other"),
        (START + timedelta(minutes=2), "partner"),
    ]
    m = compute(frame(rows))
    assert m.messages == {"me": 1, "partner": 1} and m.replies["partner"].median_minutes == 2


def test_empty_history() -> None:
    m = compute(frame([]))
    assert (
        m.conversations == 0 and m.initiation_share_me is None and m.contact_days_per_week is None
    )


def test_weekly_series() -> None:
    series = weekly(generated(days=14))
    assert series.height == 4  # two ISO weeks × two people
    assert series.filter(pl.col("role") == "me").get_column("messages").sum() > 0


def reference_followup_rate(data: pl.DataFrame, minutes: int = 30) -> dict[str, float | None]:
    """The definition, written plainly: a run is a maximal block by one sender; a run counts
    when one of its messages comes at least 30 minutes after the message before it."""
    rows = [(t, r) for t, r in zip(data["ts"], data["role"], strict=True) if r in ("me", "partner")]
    runs: list[tuple[str, bool]] = []
    for i, (t, role) in enumerate(rows):
        if i == 0 or rows[i - 1][1] != role:
            runs.append((role, False))
        elif t - rows[i - 1][0] >= timedelta(minutes=minutes):
            runs[-1] = (role, True)
    rate: dict[str, float | None] = {}
    for role in ("me", "partner"):
        mine = [flag for who, flag in runs if who == role]
        rate[role] = sum(mine) / len(mine) if mine else None
    return rate


chats = st.lists(
    st.tuples(st.integers(0, 60 * 24 * 60), st.sampled_from(["me", "partner"])),
    min_size=1,
    max_size=60,
).map(lambda rows: sorted((START + timedelta(minutes=m), r) for m, r in rows))


def swapped(rows: list[tuple[datetime, str]]) -> list[tuple[datetime, str]]:
    return [(t, "partner" if r == "me" else "me") for t, r in rows]


@settings(max_examples=80, deadline=None)
@given(chats)
def test_swapping_roles_swaps_every_per_person_figure(rows: list[tuple[datetime, str]]) -> None:
    a, b = compute(frame(rows)), compute(frame(swapped(rows)))
    assert a.messages == {"me": b.messages["partner"], "partner": b.messages["me"]}
    assert a.initiations == {"me": b.initiations["partner"], "partner": b.initiations["me"]}
    assert (
        a.replies["me"] == b.replies["partner"]
        and a.followup_rate["me"] == b.followup_rate["partner"]
    )
    assert a.late_night_share["me"] == b.late_night_share["partner"]
    if a.message_share_me is not None:
        assert a.message_share_me == pytest.approx(1 - b.message_share_me)  # type: ignore[operator]


@settings(max_examples=80, deadline=None)
@given(chats, st.sampled_from(["me", "partner"]))
def test_a_message_far_in_the_past_adds_one_conversation_and_one_initiation(rows, role) -> None:  # type: ignore[no-untyped-def]
    before = compute(frame(rows))
    after = compute(frame([(START - timedelta(days=30), role), *rows]))
    assert after.conversations == before.conversations + 1
    assert after.initiations[role] == before.initiations[role] + 1


@settings(max_examples=80, deadline=None)
@given(chats)
def test_followups_match_the_plain_definition(rows: list[tuple[datetime, str]]) -> None:
    assert compute(frame(rows)).followup_rate == reference_followup_rate(frame(rows))


@settings(max_examples=80, deadline=None)
@given(chats)
def test_shares_stay_between_0_and_1(rows: list[tuple[datetime, str]]) -> None:
    m = compute(frame(rows))
    for share in (
        m.initiation_share_me,
        m.message_share_me,
        m.word_share_me,
        *m.followup_rate.values(),
        *m.late_night_share.values(),
    ):
        assert share is None or 0 <= share <= 1
    assert all(r.median_minutes is None or r.median_minutes >= 0 for r in m.replies.values())


def test_daylight_saving_never_makes_a_negative_latency(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Across the October change in London, imported times stay in order and replies are >= 0."""
    from zoneinfo import ZoneInfo

    from fireside.importers import ParseOptions, open_export

    chat = tmp_path / "chat.txt"
    chat.write_text(
        "28/10/2023, 23:50 - Maya: still up?\n29/10/2023, 01:40 - Sam: yes\n"
        "29/10/2023, 01:10 - Maya: the clocks went back!\n29/10/2023, 01:20 - Sam: ha\n"
        "29/10/2023, 09:00 - Maya: morning\n"
    )
    parsed = open_export(chat, ParseOptions(tz=ZoneInfo("Europe/London")))
    messages = pl.concat(list(parsed.frames)).with_columns(
        role=pl.col("sender").replace_strict({"Maya": "me", "Sam": "partner"}), words=pl.lit(1)
    )
    m = compute(messages, Settings(tz=ZoneInfo("Europe/London")))
    assert all(r.median_minutes is None or r.median_minutes >= 0 for r in m.replies.values())
    assert (messages.get_column("ts").diff().drop_nulls() >= timedelta(0)).all()


def test_contact_days_use_the_requested_period() -> None:
    rows = [(START, "me"), (START + timedelta(days=1), "partner")]  # two days with contact
    assert compute(frame(rows)).contact_days_per_week == 7.0  # over the two days they span
    assert (
        compute(frame(rows), Settings(period_days=14)).contact_days_per_week == 1.0
    )  # over a fortnight
