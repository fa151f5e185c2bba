"""The readings on scenario chats: smothering, healthy, drifting, one-sided, not enough data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl

from fireside.pronouns import PronounSet
from fireside.rhythm import Settings
from fireside.rhythm.readings import read

START = datetime(2024, 1, 1, tzinfo=UTC)


def frame(rows: list[tuple[datetime, str]]) -> pl.DataFrame:
    rows = sorted(rows)
    return pl.DataFrame(
        {
            "ts": [t for t, _ in rows],
            "role": [r for _, r in rows],
            "kind": ["text"] * len(rows),
            "words": [5] * len(rows),
        }
    ).with_columns(pl.col("ts").cast(pl.Datetime("ms", "UTC")))


def daily(
    days: int,
    *,
    start: datetime = START,
    starter=lambda d: "me" if d % 2 else "partner",
    reply_min=15,
    my_reply=15,
    followup=lambda _d: False,
    late=lambda _d: False,
    every=1,
):
    rows = []
    for day in range(0, days, every):
        t0 = start + timedelta(days=day, hours=10)
        who = starter(day)
        other = "partner" if who == "me" else "me"
        rows.append((t0, who))
        shift = 0
        if followup(day):
            shift = 45
            rows.append((t0 + timedelta(minutes=45), who))
        delay = reply_min if other == "partner" else my_reply
        rows += [
            (t0 + timedelta(minutes=shift + delay), other),
            (t0 + timedelta(minutes=shift + delay + 10), who),
        ]
        if late(day):
            rows.append((start + timedelta(days=day, hours=23, minutes=30), "me"))
    return rows


def test_a_healthy_chat() -> None:
    _, reading = read(frame(daily(56)), Settings())
    assert (reading.space, reading.reciprocity) == ("healthy", "balanced")
    assert "P20" in reading.practices and "heuristic" in reading.heuristic


def test_a_smothering_chat() -> None:
    rows = daily(
        56,
        starter=lambda d: "me" if d % 10 else "partner",
        followup=lambda d: d % 2 == 0,
        late=lambda _d: True,
    )
    _metrics, reading = read(frame(rows), Settings(), pronouns=PronounSet.HE)
    assert reading.space == "smothering"
    assert reading.evidence["signals"]["smothering"]["initiation_share_me"] is True
    assert (
        "You started 10 of the last 10 conversations" in reading.summary
    )  # late-night texts start conversations too
    assert "Want to let him reach out first" in reading.summary
    assert {"P20", "P26"} <= set(reading.practices)


def test_a_drifting_chat() -> None:
    steady = daily(84)
    fading = daily(28, start=START + timedelta(days=84), every=5)
    _, reading = read(frame(steady + fading), Settings())
    assert reading.space == "drifting"
    assert reading.evidence["recent_vs_earlier_fall"]["me"] >= 0.4
    assert "less" in reading.trend


def test_one_sided_effort() -> None:
    rows = daily(
        56,
        starter=lambda d: "me" if d % 5 else "partner",
        reply_min=180,
        my_reply=2,
        followup=lambda d: d % 3 == 0,
    )
    _, reading = read(frame(rows), Settings(), pronouns=PronounSet.THEY)
    assert reading.reciprocity == "you_carry"
    assert "P24" in reading.practices


def test_the_partner_carrying_reads_the_other_way() -> None:
    rows = daily(56, starter=lambda d: "partner" if d % 5 else "me", reply_min=2, my_reply=180)
    _, reading = read(frame(rows), Settings(), pronouns=PronounSet.THEY, partner="Sam")
    assert reading.reciprocity == "partner_carries"
    assert "They often reach out first" in reading.summary


def test_not_enough_data_edges() -> None:
    short = daily(10)  # ten days
    few = daily(30, every=3)  # a month, but under 40 messages
    for rows in (short, few):
        _, reading = read(frame(rows), Settings())
        assert reading.space == "not_enough_data" and reading.reciprocity == "not_enough_data"
        assert "too little to read a rhythm" in reading.summary
    _, enough = read(frame(daily(15)), Settings())
    assert enough.space != "not_enough_data"


def test_a_reading_of_no_messages_is_kept_once_and_the_same_as_computed(tmp_path: Path) -> None:
    from fireside.rhythm import prepare
    from fireside.service import rhythm as service_rhythm
    from fireside.store import open_store

    with open_store(f"sqlite:///{tmp_path / 'empty.db'}") as store:
        first = service_rhythm.space_reading(store)
        again = service_rhythm.space_reading(store)
        frame = store.messages()
        settings = Settings(tz=store.profile_or_default().zone)
        metrics, reading = read(frame, settings, prepared=prepare(frame, settings))
    assert first == again and first.metrics == metrics and first.reading == reading
    assert first.messages == 0 and first.weekly is not again.weekly  # each caller its own rows
    assert (
        service_rhythm._reading_of_nothing.cache_info().currsize
    )  # kept: a new account's first pages compute nothing
