"""What a report holds: plain values, already in words, ready for the page.

The service fills one ``Report`` from the store; ``reports.html`` renders it and
``reports.pdf`` prints that HTML. An incognito report is filled without names, message
text, notes or his-world entries (the service leaves them out, and ``Report.check_incognito``
is there for tests to be sure): only counts, categories and charts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class Figure:
    """One row of the evidence table: what, for you, for your partner."""

    label: str
    you: str
    partner: str


@dataclass(frozen=True)
class Chart:
    name: str
    caption: str
    svg: str  # vl-convert's SVG text, inlined in the page


@dataclass(frozen=True)
class RhythmSection:
    messages: int
    space: str  # the reading's id: smothering | healthy | drifting | not_enough_data
    space_words: str
    reciprocity: str
    reciprocity_words: str
    summary: str
    reciprocity_why: str
    trend: str
    heuristic: str
    practices: tuple[str, ...]
    figures: tuple[Figure, ...]
    facts: tuple[str, ...]  # sentences: contact days, silences, conversations
    charts: tuple[Chart, ...]


@dataclass(frozen=True)
class BalanceSection:
    own_hours_per_week: float
    together_hours_per_week: float
    plans_kept: int
    plans_dropped: int
    dropped_for_partner: int
    together_kinds: tuple[str, ...]  # categories in words
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class CheckinWeek:
    week: str  # 2026-W05
    monday: date
    count: int
    mood: float | None  # averages, 0..4
    anxious: float | None
    connection: float | None
    he_seems: tuple[tuple[str, int], ...]  # (state in words, times), most first


@dataclass(frozen=True)
class TalkHeld:
    on: date
    weight: str
    topic: str | None  # None in an incognito report


@dataclass(frozen=True)
class PracticeTried:
    id: str
    title: str
    expert: str
    times: int


@dataclass(frozen=True)
class WeekStance:
    week: str
    monday: date
    stance: str  # give_space | close_distance | steady | not_enough_data
    words: str
    why: str  # the first reason, in a sentence


@dataclass(frozen=True)
class Report:
    since: date
    until: date
    made_at: datetime  # local time of the profile
    incognito: bool
    for_whom: str | None  # "Maya" (None when incognito)
    partner: str | None  # "Sam" (None when incognito)
    rhythm: RhythmSection | None  # None without messages in the period
    balance: BalanceSection | None = None
    checkins: tuple[CheckinWeek, ...] = ()
    talks: tuple[TalkHeld, ...] = ()
    talks_queued: int = 0
    practices: tuple[PracticeTried, ...] = ()
    stances: tuple[WeekStance, ...] = ()
    journal: bool = False  # whether this fireside keeps a journal at all
    notes: tuple[str, ...] = field(default=())  # what was left out and why, in sentences

    @property
    def empty(self) -> bool:
        return (
            self.rhythm is None
            and self.balance is None
            and not self.checkins
            and not self.talks
            and not self.practices
        )

    def as_json(self) -> dict[str, Any]:
        """The figures of the report (the charts by name only)."""
        rhythm = None
        if self.rhythm is not None:
            rhythm = {
                "messages": self.rhythm.messages,
                "space": self.rhythm.space,
                "reciprocity": self.rhythm.reciprocity,
                "summary": self.rhythm.summary,
                "practices": list(self.rhythm.practices),
                "charts": [c.name for c in self.rhythm.charts],
            }
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "incognito": self.incognito,
            "rhythm": rhythm,
            "balance": None
            if self.balance is None
            else {
                "own_hours_per_week": self.balance.own_hours_per_week,
                "together_hours_per_week": self.balance.together_hours_per_week,
                "plans_kept": self.balance.plans_kept,
                "plans_dropped": self.balance.plans_dropped,
            },
            "checkins": [
                {"week": w.week, "count": w.count, "mood": w.mood, "connection": w.connection}
                for w in self.checkins
            ],
            "talks_held": len(self.talks),
            "practices_tried": [p.id for p in self.practices],
            "stances": [{"week": s.week, "stance": s.stance} for s in self.stances],
        }
