"""Waiting read from facts computed once per change of the data gives the same answer, at
every moment, as reading every message again (the code before the split is the oracle)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from fireside.pronouns import PronounSet, render
from fireside.rhythm import Settings
from fireside.rhythm.metrics import prepare
from fireside.rhythm.waiting import (
    MIN_SAMPLES,
    STALE_AFTER,
    Waiting,
    _about,
    waiting,
    waiting_facts,
    waiting_from,
)
from fireside.turns import unanswered
from fireside.wording import humanise

START = datetime(2025, 1, 6, 8, tzinfo=UTC)


def reference(  # the whole of `waiting` before its facts were split out
    frame: pl.DataFrame,
    now: datetime,
    settings: Settings,
    *,
    since: datetime | None = None,
    pronouns: PronounSet = PronounSet.HE,
    partner: str | None = None,
) -> Waiting:
    def say(text: str) -> str:
        return render(text, pronouns, partner)

    data = prepare(frame, settings)
    if data.height == 0:
        return Waiting.without_figures(
            "There's no chat history yet. Import your chat to see how long replies usually take."
        )
    turns = [
        (int(ts.timestamp() * 1000), role == "me")
        for ts, role in data.select("ts", "role").iter_rows()
    ]
    run = unanswered(turns)
    ends = run.last
    stale = ends is not None and since is None and now - ends > STALE_AFTER
    ended = f"Your imported chat ends on {ends:%-d %B %Y}" if ends else ""
    if since is None:
        since = run.first
        if since is None:
            text = "Nothing of yours is waiting for an answer: the last word was {hers}."
            if stale:
                text = (
                    ended
                    + ", and there the last word was {hers}. Import a newer export to see where things stand now."
                )
            return Waiting.without_figures(say(text))
        if stale:
            return Waiting.without_figures(
                say(
                    ended + ", with a message of yours not yet answered there. fireside can't "
                    "see anything since, so it can't say how long you've been waiting; import "
                    "a newer export to see."
                ),
                since=since,
            )
    elapsed = max(now - since, timedelta(0))
    local = since.astimezone(settings.tz)
    replies = data.filter(pl.col("is_reply") & (pl.col("role") == "partner")).with_columns(
        asked=(pl.col("ts") - pl.col("delta")).dt.convert_time_zone(settings.tz.key),
        minutes=pl.col("delta").dt.total_seconds() / 60,
    )
    same = replies.filter(
        (pl.col("asked").dt.weekday() == local.isoweekday())
        & ((pl.col("asked").dt.hour() - local.hour).abs() <= 1)
    )
    chosen, scope = (
        (same, "this weekday and hour")
        if same.height >= MIN_SAMPLES
        else (replies, "all {his} replies")
    )
    if chosen.height == 0:
        return Waiting.without_figures(
            say(
                f"It's been {humanise(elapsed)} since your message. There isn't enough history yet to say how long {{he}} usually take{{s}}; silence isn't an answer."
            ),
            waiting=True,
            since=since,
            elapsed=elapsed,
        )
    minutes = chosen.get_column("minutes")
    median = timedelta(minutes=float(minutes.median()))  # type: ignore[arg-type]
    p90 = timedelta(minutes=float(minutes.quantile(0.9, "nearest")))  # type: ignore[arg-type]
    when = "at this time of the week" if scope == "this weekday and hour" else "usually"
    text = (
        f"It's been {humanise(elapsed)} since your message. {{He}} {when} answer{{s}} within "
        f"{_about(median)}, and 9 times in 10 within {humanise(p90)}. "
    )
    text += (
        "So this is still well within {his} normal rhythm."
        if elapsed <= p90
        else "This is longer than usual, and there's still a lot you can't know about {his} day. Silence isn't an answer; want to do something kind for yourself meanwhile?"
    )
    return Waiting(True, since, elapsed, median, p90, chosen.height, say(scope), say(text))


messages = st.lists(
    st.tuples(
        st.integers(0, 60 * 24 * 21),  # minutes after START: three weeks
        st.sampled_from(["me", "partner", "other"]),
    ),
    max_size=120,
)


def frame_of(rows: list[tuple[int, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "ts": [START + timedelta(minutes=m) for m, _ in rows],
            "role": [r for _, r in rows],
            "words": [2] * len(rows),
        },
        schema={"ts": pl.Datetime("us", "UTC"), "role": pl.String, "words": pl.Int64},
    )


@settings(max_examples=150, deadline=None)
@given(
    rows=messages,
    after=st.integers(0, 60 * 24 * 30),
    since=st.none() | st.integers(0, 60 * 24 * 21),
    zone=st.sampled_from(["UTC", "Europe/London", "America/New_York", "Asia/Kolkata"]),
)
def test_waiting_from_facts_is_waiting_from_every_message(
    rows: list[tuple[int, str]], after: int, since: int | None, zone: str
) -> None:
    frame = frame_of(rows)
    chosen = Settings(tz=ZoneInfo(zone))
    now = START + timedelta(minutes=after)
    moment = None if since is None else START + timedelta(minutes=since)
    expected = reference(frame, now, chosen, since=moment, partner="Sam")
    assert waiting(frame, now, chosen, since=moment, partner="Sam") == expected


def test_the_facts_answer_for_any_moment_without_the_messages() -> None:
    # Ten replies of about 20 minutes on Monday mornings, then a message of mine unanswered.
    rows: list[tuple[int, str]] = []
    for week in range(10):
        base = week * 7 * 24 * 60
        rows += [(base + 60, "me"), (base + 80, "partner")]
    rows.append((10 * 7 * 24 * 60 + 60, "me"))
    frame = frame_of(rows)
    facts = waiting_facts(frame, Settings())
    assert facts.slots[(1, 9)].count == 10 and facts.overall.count == 10
    for hours in (1, 3, 30):
        now = START + timedelta(minutes=rows[-1][0], hours=hours)
        assert waiting_from(facts, now, Settings()) == reference(frame, now, Settings())
