"""The journal: a life of one's own, kindness, his world, reveals, talks and check-ins.

Entries (``model``), how a person types their values (``text``), the readings over them
(``readings``: the balance), talks, the space message and check-in notes (``talks``), and
every sentence in ``wording.toml``. Pure: no store, no I/O beyond the data file.
"""

from fireside.journal.model import (
    KINDS,
    Activity,
    Category,
    Checkin,
    Entries,
    Entry,
    Gesture,
    GestureKind,
    HeSeems,
    Reveal,
    Side,
    Status,
    Strength,
    Talk,
    TalkStatus,
    Weight,
    WorldItem,
    WorldKind,
)
from fireside.journal.readings import Balance, Monotony, Period, Plans, balance
from fireside.journal.talks import (
    SpaceMessage,
    TalkCheck,
    check_talk,
    checkin_notes,
    next_calm_moment,
    reveal_note,
    space_message,
)
from fireside.journal.wording import Sentence, Voice

__all__ = [
    "KINDS",
    "Activity",
    "Balance",
    "Category",
    "Checkin",
    "Entries",
    "Entry",
    "Gesture",
    "GestureKind",
    "HeSeems",
    "Monotony",
    "Period",
    "Plans",
    "Reveal",
    "Sentence",
    "Side",
    "SpaceMessage",
    "Status",
    "Strength",
    "Talk",
    "TalkCheck",
    "TalkStatus",
    "Voice",
    "Weight",
    "WorldItem",
    "WorldKind",
    "balance",
    "check_talk",
    "checkin_notes",
    "next_calm_moment",
    "reveal_note",
    "space_message",
]
