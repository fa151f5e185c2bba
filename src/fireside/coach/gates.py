"""Context gates: mood, how the draft reads, when it would be sent, and recent history."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime, timedelta

from fireside.coach.model import History, Note
from fireside.errors import InvalidValueError
from fireside.profile import Profile
from fireside.timing import Moment, moment
from fireside.wording import humanise

MOOD_PAUSE_AT = 3
UNANSWERED_PAUSE_AT = 2


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
    found = moment(at, profile)
    if found is Moment.LATE:
        return Note("timing", say("timing_late"), ("P15", "P14"))
    if found is Moment.DECOMPRESS:
        return Note("timing", say("timing_decompress"), ("P14", "P15"))
    return None


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
