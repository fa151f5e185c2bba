"""Context gates: mood, how the draft reads, when it would be sent, and recent history."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime, time, timedelta

from fireside.coach.model import History, Note
from fireside.errors import InvalidValueError
from fireside.profile import Profile
from fireside.wording import humanise

MOOD_PAUSE_AT = 3
UNANSWERED_PAUSE_AT = 2
LATE_FROM, LATE_UNTIL = time(23, 0), time(6, 0)
DECOMPRESS_MARGIN = timedelta(minutes=30)


def check_mood(mood: int | None) -> int | None:
    if mood is not None and not 0 <= mood <= 4:
        raise InvalidValueError("mood", mood, "0 (calm) to 4 (very upset)")
    return mood


def tone(labels: Collection[str]) -> str | None:
    """'angry', 'anxious' or None, from the labels found."""
    if "anger_intensity" in labels or "contempt" in labels:
        return "angry"
    if "reassurance_seeking" in labels or {"spotlight_question", "demand_pressure"} <= set(labels):
        return "anxious"
    return None


def timing_note(at: datetime, profile: Profile, say: Callable[[str], str]) -> Note | None:
    """A note when a heavy talk would land in the decompress window or late at night."""
    local = at.astimezone(profile.zone) if at.tzinfo else at.replace(tzinfo=profile.zone)
    clock = local.time()
    if clock >= LATE_FROM or clock < LATE_UNTIL or _after_bedtime(clock, profile.bedtime):
        return Note("timing", say("timing_late"), ("P15", "P14"))
    if local.weekday() in {d.ordinal for d in profile.workdays}:
        start = datetime.combine(local.date(), profile.work_end, local.tzinfo)
        end = datetime.combine(local.date(), profile.decompress_until, local.tzinfo)
        if start <= local < end + DECOMPRESS_MARGIN:
            return Note("timing", say("timing_decompress"), ("P14", "P15"))
    return None


def _after_bedtime(clock: time, bedtime: time) -> bool:
    """Within half an hour of the partner's bedtime or after it (evening bedtimes only)."""
    if bedtime < time(18, 0):
        return False
    minutes = bedtime.hour * 60 + bedtime.minute - 30
    return clock >= time(minutes // 60, minutes % 60)


def history_note(history: History, say: Callable[..., str]) -> Note | None:
    if history.unanswered < UNANSWERED_PAUSE_AT:
        return None
    if history.partner_median_reply is None:
        return Note(
            "history", say("history_unanswered_no_median", count=history.unanswered), ("P07",)
        )
    elapsed = history.since_last_mine or timedelta(0)
    return Note(
        "history",
        say(
            "history_unanswered",
            count=history.unanswered,
            median=humanise(history.partner_median_reply),
            elapsed=humanise(elapsed),
        ),
        ("P07", "P05"),
    )
