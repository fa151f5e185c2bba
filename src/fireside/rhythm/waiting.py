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


def waiting(
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


def _about(span: timedelta) -> str:
    words = humanise(span)
    return words if words.startswith("about ") else "about " + words
