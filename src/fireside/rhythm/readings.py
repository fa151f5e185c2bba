"""The space reading, reciprocity and trend: plain, kind words from the measures.

Heuristics from message timing, never a judgement of anyone. Every threshold is named here
and explained in docs/rhythm.md; every reading carries the figures that decided it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

import polars as pl

from fireside.pronouns import PronounSet, render
from fireside.rhythm.metrics import Metrics, Settings, compute, compute_prepared, prepare

MIN_DAYS, MIN_MESSAGES = 14, 40
MIN_EARLIER_DAYS = 28  # the earlier stretch must have messages in at least four weeks to compare
RECENT, EARLIER = timedelta(days=28), timedelta(days=84)

# smothering (too little air): two or more of these
SMOTHER_INITIATION = 0.70  # I start at least 7 conversations in 10
SMOTHER_FOLLOWUP = 0.25  # a quarter of my turns carry a second text before any reply…
SMOTHER_FOLLOWUP_RATIO = 1.5  # …and half again as often as my partner's do
SMOTHER_CONTACT_DAYS = 6.5  # contact nearly every day…
SMOTHER_LATE = 0.15  # …and a sixth of my messages late at night
SMOTHER_SHARE = 0.65  # two thirds of all messages are mine

# drifting (too much air): two or more of these
DRIFT_CONTACT_DAYS = 2.5  # in touch fewer than 2.5 days a week
DRIFT_LONGEST_HOURS = 7 * 24  # a week or more of silence
DRIFT_SILENCES_PER_WEEK = 0.5  # a two-day silence every other week
DRIFT_FALL = 0.40  # both wrote at least 40% less in the last four weeks than before

# reciprocity: three of four signals leaning one way
CARRY_INITIATION = 0.65
CARRY_FOLLOWUP_GAP = 0.15
CARRY_SHARE = 0.60
CARRY_REPLY_RATIO = 0.5  # one replies in half the time or less…
CARRY_REPLY_MINUTES = 30  # …and the other takes at least half an hour


@dataclass(frozen=True)
class Reading:
    space: str  # smothering | healthy | drifting | not_enough_data
    reciprocity: str  # balanced | you_carry | partner_carries | not_enough_data
    trend: str
    evidence: dict[str, Any]
    practices: tuple[str, ...]
    summary: str
    heuristic: str = field(
        default="A heuristic from message timing, not a judgement of you or anyone."
    )
    reciprocity_why: str = ""  # one sentence: what decided the reciprocity word

    def as_json(self) -> dict[str, Any]:
        return {
            "space": self.space,
            "reciprocity": self.reciprocity,
            "trend": self.trend,
            "evidence": self.evidence,
            "practices": list(self.practices),
            "summary": self.summary,
            "heuristic": self.heuristic,
            "reciprocity_why": self.reciprocity_why,
        }


def _fmt(value: float | None, percent: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:.0%}" if percent else f"{value:g}"


def read(
    frame: pl.DataFrame,
    settings: Settings,
    *,
    pronouns: PronounSet = PronounSet.HE,
    partner: str | None = None,
    prepared: pl.DataFrame | None = None,
) -> tuple[Metrics, Reading]:
    """Measures and readings for the messages given (already limited to a period).

    ``prepared`` is ``prepare(frame, settings)`` when the caller has it already.
    """
    data = prepared if prepared is not None else prepare(frame, settings)
    metrics = compute_prepared(data, settings.period_days)

    def say(text: str) -> str:
        return render(text, pronouns, partner)

    total = metrics.messages["me"] + metrics.messages["partner"]
    if metrics.days < MIN_DAYS or total < MIN_MESSAGES:
        evidence = {
            "days": metrics.days,
            "messages": total,
            "needs": {"days": MIN_DAYS, "messages": MIN_MESSAGES},
        }
        return metrics, Reading(
            "not_enough_data",
            "not_enough_data",
            "not enough history to compare yet",
            evidence,
            ("P20",),
            say(
                f"There are {total} messages over {metrics.days} days so far — too little to read a "
                "rhythm honestly. Import a longer stretch of your chat and look again."
            ),
        )
    recent, earlier = _windows(frame, settings)
    fall = _fall(recent, earlier)
    last_ten = _last_initiators(data, 10)
    # The reading is about now: the last four weeks when the history is longer than that.
    current = recent if recent is not None and metrics.days > RECENT.days else metrics
    window_days = min(metrics.days, RECENT.days)
    weeks = max(window_days / 7, 1)

    smother = {
        "initiation_share_me": current.initiation_share_me is not None
        and current.initiation_share_me >= SMOTHER_INITIATION,
        "followups": _followups_lean(metrics, "me"),
        "every_day_and_night": (current.contact_days_per_week or 0) >= SMOTHER_CONTACT_DAYS
        and (current.late_night_share["me"] or 0) >= SMOTHER_LATE,
        "message_share_me": (current.message_share_me or 0) >= SMOTHER_SHARE,
    }
    drift = {
        "few_contact_days": (current.contact_days_per_week or 0) < DRIFT_CONTACT_DAYS,
        "long_silence": (current.longest_silence_hours or 0) >= DRIFT_LONGEST_HOURS,
        "frequent_silences": current.silences_over_48h / weeks >= DRIFT_SILENCES_PER_WEEK,
        "both_fading": fall is not None
        and fall["me"] >= DRIFT_FALL
        and fall["partner"] >= DRIFT_FALL,
    }
    if sum(smother.values()) >= 2:
        space = "smothering"
    elif sum(drift.values()) >= 2:
        space = "drifting"
    else:
        space = "healthy"
    enough = sum(current.initiations.values()) >= 8
    reciprocity, carry = _reciprocity(current if enough else metrics)
    evidence = {
        "window_days": window_days,
        "initiation_share_me": current.initiation_share_me,
        "last_ten_started_by_me": last_ten,
        "followup_rate": current.followup_rate,
        "message_share_me": current.message_share_me,
        "contact_days_per_week": current.contact_days_per_week,
        "late_night_share_me": current.late_night_share["me"],
        "longest_silence_hours": current.longest_silence_hours,
        "silences_over_48h_per_week": round(current.silences_over_48h / weeks, 2),
        "reply_median_minutes": {r: current.replies[r].median_minutes for r in ("me", "partner")},
        "recent_vs_earlier_fall": fall,
        "signals": {"smothering": smother, "drifting": drift, "reciprocity": carry},
    }
    practices = {
        "smothering": ("P20", "P26", "P23", "P07"),
        "drifting": ("P20", "P36", "P25", "P22"),
        "healthy": ("P20", "P11"),
    }[space] + {
        "you_carry": ("P24", "P18"),
        "partner_carries": ("P24", "P13"),
        "balanced": ("P24",),
        "not_enough_data": (),
    }[reciprocity]
    trend = _trend_words(recent, earlier, fall, say)
    summary = say(_summary(space, reciprocity, last_ten))
    why = say(_reciprocity_why(reciprocity, carry, current if enough else metrics))
    return metrics, Reading(
        space,
        reciprocity,
        trend,
        evidence,
        tuple(dict.fromkeys(practices)),
        summary,
        reciprocity_why=why,
    )


SIGNAL_WORDS = {
    "initiation": "who starts conversations",
    "followups": "follow-up texts",
    "messages": "share of messages",
    "replies": "reply speed",
}


def _reciprocity_why(reciprocity: str, carry: dict[str, Any], metrics: Metrics) -> str:
    """One sentence that says what decided the word, with the initiation share in it."""
    if reciprocity == "not_enough_data" or not carry:
        return "Too few conversations yet to say whether the effort is shared."
    share = metrics.initiation_share_me
    started = f"You started {share:.0%} of conversations. " if share is not None else ""
    rule = (
        "fireside calls the effort one-sided only when at least three of four signs lean the "
        "same way (" + ", ".join(SIGNAL_WORDS.values()) + ")"
    )
    if reciprocity in ("you_carry", "partner_carries"):
        leaning = [SIGNAL_WORDS[k] for k, v in carry[reciprocity].items() if v]
        return started + rule + "; here these did: " + ", ".join(leaning) + "."
    mine = [SIGNAL_WORDS[k] for k, v in carry["you_carry"].items() if v]
    theirs = [SIGNAL_WORDS[k] for k, v in carry["partner_carries"].items() if v]
    if mine:
        return (
            started
            + rule
            + f"; {len(mine)} of 4 lean{'s' if len(mine) == 1 else ''} towards you ({', '.join(mine)})."
        )
    if theirs:
        return (
            started
            + rule
            + f"; {len(theirs)} of 4 lean{'s' if len(theirs) == 1 else ''} towards {{him}} ({', '.join(theirs)})."
        )
    return started + rule + "; none of them leans either way."


def _followups_lean(metrics: Metrics, role: str) -> bool:
    other = "partner" if role == "me" else "me"
    mine, theirs = metrics.followup_rate[role], metrics.followup_rate[other] or 0.0
    return mine is not None and mine >= SMOTHER_FOLLOWUP and mine >= SMOTHER_FOLLOWUP_RATIO * theirs


def _reciprocity(metrics: Metrics) -> tuple[str, dict[str, Any]]:
    if min(metrics.initiations.values()) + max(metrics.initiations.values()) < 8:
        return "not_enough_data", {}
    share, mine, theirs = (
        metrics.initiation_share_me or 0.5,
        metrics.replies["me"],
        metrics.replies["partner"],
    )
    me_f, partner_f = metrics.followup_rate["me"] or 0.0, metrics.followup_rate["partner"] or 0.0
    message_share = metrics.message_share_me or 0.5

    def quicker(a: float | None, b: float | None) -> bool:
        return (
            a is not None
            and b is not None
            and b >= CARRY_REPLY_MINUTES
            and a <= CARRY_REPLY_RATIO * b
        )

    leans_me = {
        "initiation": share >= CARRY_INITIATION,
        "followups": me_f - partner_f >= CARRY_FOLLOWUP_GAP,
        "messages": message_share >= CARRY_SHARE,
        "replies": quicker(mine.median_minutes, theirs.median_minutes),
    }
    leans_partner = {
        "initiation": 1 - share >= CARRY_INITIATION,
        "followups": partner_f - me_f >= CARRY_FOLLOWUP_GAP,
        "messages": 1 - message_share >= CARRY_SHARE,
        "replies": quicker(theirs.median_minutes, mine.median_minutes),
    }
    signals = {"you_carry": leans_me, "partner_carries": leans_partner}
    if sum(leans_me.values()) >= 3:
        return "you_carry", signals
    if sum(leans_partner.values()) >= 3:
        return "partner_carries", signals
    return "balanced", signals


def _windows(frame: pl.DataFrame, settings: Settings) -> tuple[Metrics | None, Metrics | None]:
    if frame.height == 0:
        return None, None
    end = frame.get_column("ts").max()
    recent = frame.filter(pl.col("ts") > end - RECENT)  # type: ignore[operator]
    earlier = frame.filter((pl.col("ts") <= end - RECENT) & (pl.col("ts") > end - RECENT - EARLIER))  # type: ignore[operator]
    if earlier.height == 0:
        return compute(recent, settings), None
    # Only the weeks that have history count: a stray message twelve weeks back must not
    # turn a few weeks of chat into "twelve weeks" of near silence.
    weeks = earlier.get_column("ts").dt.truncate("1w").n_unique()
    if weeks * 7 < MIN_EARLIER_DAYS:
        return compute(recent, settings), None
    return compute(recent, settings), compute(earlier, replace(settings, period_days=weeks * 7))


def _fall(recent: Metrics | None, earlier: Metrics | None) -> dict[str, float] | None:
    """How much less each person wrote per week recently than before (0.4 = 40% less)."""
    if recent is None or earlier is None:
        return None
    result = {}
    for role in ("me", "partner"):
        before = earlier.messages[role] / (max(earlier.days, 1) / 7)
        now = recent.messages[role] / (RECENT.days / 7)
        result[role] = round(1 - now / before, 2) if before else 0.0
    return result


def _last_initiators(data: pl.DataFrame, count: int) -> dict[str, int]:
    starts = data.filter(pl.col("starts")).tail(count)
    return {"me": int((starts.get_column("role") == "me").sum()), "of": starts.height}


def _trend_words(
    recent: Metrics | None,
    earlier: Metrics | None,
    fall: dict[str, float] | None,
    say: Callable[[str], str],
) -> str:
    if recent is None or earlier is None or fall is None:
        return (
            "There is too little history before the last four weeks to compare them with "
            f"(fireside needs at least {MIN_EARLIER_DAYS // 7} weeks of it)."
        )
    weeks = max(1, round(earlier.days / 7))

    def change(value: float, who: str) -> str:
        if value >= 0.15:
            return f"{who} wrote about {value:.0%} less"
        if value <= -0.15:
            return f"{who} wrote about {-value:.0%} more"
        return f"{who} wrote about as much"

    return say(
        f"Over the last four weeks, compared with the {weeks} earlier weeks that have messages: "
        + change(fall["me"], "you")
        + ", and "
        + change(fall["partner"], "{he}")
        + "."
    )


def _summary(space: str, reciprocity: str, last_ten: dict[str, int]) -> str:
    started = f"You started {last_ten['me']} of the last {last_ten['of']} conversations."
    lines = {
        "smothering": started
        + " The fire may be getting a little too little air. Want to let {him} reach out first this week, and fill an evening with something of your own?",
        "drifting": "There have been long quiet stretches lately, with fewer days in touch. If you miss {him}, a warm, easy message (no questions attached) could close some distance.",
        "healthy": "Your rhythm looks balanced: time together in messages, and room for each of you. Keep tending it the way you are.",
    }
    text = lines[space]
    if reciprocity == "you_carry" and space != "smothering":
        text += (
            " "
            + started
            + " Much of the effort seems to come from you; chemistry takes two, and it's fair to notice that."
        )
    elif reciprocity == "partner_carries":
        text += " {He} often reach{es} out first and answer{s} quickly. Want to surprise {him} by starting the next conversation?"
    return text
