"""Waiting without spiralling (Michelle Henderson, P07): how long it has been, against his own
usual reply times for this weekday and hour."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import polars as pl

from fireside.pronouns import PronounSet, render
from fireside.rhythm.metrics import Settings, prepare
from fireside.turns import unanswered
from fireside.wording import humanise

MIN_SAMPLES = 5  # fewer replies than this at the same weekday and hour: use all of them
STALE_AFTER = timedelta(days=3)  # data older than this can't say what is happening now


@dataclass(frozen=True)
class Waiting:
    waiting: bool
    since: datetime | None
    elapsed: timedelta | None
    median: timedelta | None
    p90: timedelta | None
    samples: int
    scope: str  # "this weekday and hour" | "all his replies" | "none"
    message: str

    @classmethod
    def without_figures(
        cls,
        message: str,
        *,
        waiting: bool = False,
        since: datetime | None = None,
        elapsed: timedelta | None = None,
    ) -> Waiting:
        """A reply with no reply-time figures: nothing to wait for, or no history to compare."""
        return cls(waiting, since, elapsed, None, None, 0, "none", message)

    def as_json(self) -> dict[str, Any]:
        def minutes(value: timedelta | None) -> float | None:
            return None if value is None else round(value.total_seconds() / 60, 1)

        return {
            "waiting": self.waiting,
            "since": self.since.isoformat() if self.since else None,
            "elapsed_minutes": minutes(self.elapsed),
            "usual_minutes": minutes(self.median),
            "p90_minutes": minutes(self.p90),
            "samples": self.samples,
            "scope": self.scope,
            "message": self.message,
            "practices": ["P07", "P05"],
        }


@dataclass(frozen=True)
class ReplyFigures:
    """The partner's reply times in one slot of the week (or over all of them)."""

    count: int
    median: timedelta | None  # None when count is 0
    p90: timedelta | None


@dataclass(frozen=True)
class WaitingFacts:
    """Everything ``waiting`` needs from the chat, computed once per change of the data:
    where the chat ends, my unanswered run there, and the partner's reply times for every
    weekday and hour (the replies asked within an hour of it) and over all replies. Reading
    the status at a moment is then a lookup, not a pass over every message."""

    empty: bool
    first: datetime | None  # the first of my unanswered messages at the end
    last: datetime | None  # the chat's latest message
    slots: dict[tuple[int, int], ReplyFigures]  # (ISO weekday, hour) → with MIN_SAMPLES or more
    overall: ReplyFigures


def _figures(minutes: pl.Series) -> ReplyFigures:
    if minutes.len() == 0:
        return ReplyFigures(0, None, None)
    return ReplyFigures(
        minutes.len(),
        timedelta(minutes=float(minutes.median())),  # type: ignore[arg-type]
        timedelta(minutes=float(minutes.quantile(0.9, "nearest"))),  # type: ignore[arg-type]
    )


def waiting_facts(frame: pl.DataFrame, settings: Settings) -> WaitingFacts:
    """The time-independent part of ``waiting`` (see ``WaitingFacts``)."""
    data = prepare(frame, settings) if frame.height else frame  # no messages: no frame work
    if data.height == 0:
        return WaitingFacts(True, None, None, {}, ReplyFigures(0, None, None))
    partner_rows = data.with_row_index("row").filter(pl.col("role") == "partner")
    # My run at the end starts after the partner's last message: only that tail is walked.
    start = int(partner_rows.get_column("row")[-1]) if partner_rows.height else 0
    tail = data.slice(start).select("ts", "role")
    run = unanswered([(int(ts.timestamp() * 1000), role == "me") for ts, role in tail.iter_rows()])
    replies = data.filter(pl.col("is_reply") & (pl.col("role") == "partner")).select(
        asked=(pl.col("ts") - pl.col("delta")).dt.convert_time_zone(settings.tz.key),
        minutes=pl.col("delta").dt.total_seconds() / 60,
    )
    # A reply asked at hour a counts for the slots a-1, a and a+1 of its weekday.
    spread = (
        replies.select(
            day=pl.col("asked").dt.weekday(),
            hour=pl.concat_list(
                pl.col("asked").dt.hour().cast(pl.Int16) + offset for offset in (-1, 0, 1)
            ),
            minutes="minutes",
        )
        .explode("hour")
        .filter(pl.col("hour").is_between(0, 23))
        .group_by("day", "hour")
        .agg(
            count=pl.len(),
            median=pl.col("minutes").median(),
            p90=pl.col("minutes").quantile(0.9, "nearest"),
        )
        .filter(pl.col("count") >= MIN_SAMPLES)
    )
    slots = {
        (int(day), int(hour)): ReplyFigures(
            int(count), timedelta(minutes=float(median)), timedelta(minutes=float(p90))
        )
        for day, hour, count, median, p90 in spread.iter_rows()
    }
    return WaitingFacts(False, run.first, run.last, slots, _figures(replies.get_column("minutes")))


def waiting(
    frame: pl.DataFrame,
    now: datetime,
    settings: Settings,
    *,
    since: datetime | None = None,
    pronouns: PronounSet = PronounSet.HE,
    partner: str | None = None,
) -> Waiting:
    return waiting_from(
        waiting_facts(frame, settings),
        now,
        settings,
        since=since,
        pronouns=pronouns,
        partner=partner,
    )


def waiting_from(
    facts: WaitingFacts,
    now: datetime,
    settings: Settings,
    *,
    since: datetime | None = None,
    pronouns: PronounSet = PronounSet.HE,
    partner: str | None = None,
) -> Waiting:
    """How long it has been at ``now``, against the partner's usual reply times."""

    def say(text: str) -> str:
        return render(text, pronouns, partner)

    if facts.empty:
        return Waiting.without_figures(
            "There's no chat history yet. Import your chat to see how long replies usually take."
        )
    ends = facts.last
    stale = ends is not None and since is None and now - ends > STALE_AFTER
    ended = f"Your imported chat ends on {ends:%-d %B %Y}" if ends else ""
    if since is None:
        since = facts.first
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
    same = facts.slots.get((local.isoweekday(), local.hour))
    chosen, scope = (
        (same, "this weekday and hour")
        if same is not None
        else (facts.overall, "all {his} replies")
    )
    if chosen.count == 0 or chosen.median is None or chosen.p90 is None:
        return Waiting.without_figures(
            say(
                f"It's been {humanise(elapsed)} since your message. There isn't enough history yet to say how long {{he}} usually take{{s}}; silence isn't an answer."
            ),
            waiting=True,
            since=since,
            elapsed=elapsed,
        )
    median, p90 = chosen.median, chosen.p90
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
    return Waiting(True, since, elapsed, median, p90, chosen.count, say(scope), say(text))


def _about(span: timedelta) -> str:
    words = humanise(span)
    return words if words.startswith("about ") else "about " + words
