"""The weekly plan's data: the facts it reads, its offers and the plan itself.

``Facts`` is everything the plan needs to know about a week, gathered by the service from
the rhythm and the journal; the planner never reads the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from fireside.periods import Week


class Stance(StrEnum):
    GIVE_SPACE = "give_space"
    CLOSE_DISTANCE = "close_distance"
    STEADY = "steady"
    NOT_ENOUGH_DATA = "not_enough_data"


class Mark(StrEnum):
    DONE = "done"
    NOT_FOR_ME = "not_for_me"


@dataclass(frozen=True)
class Facts:
    """What the plan of one week rests on.

    ``space`` and ``reciprocity`` are the rhythm reading's words over the four weeks up to
    the week's end; ``he_seems`` the check-ins' "how he seems" of the week and the one
    before; own and together minutes are from the journal over those four weeks (None when
    nothing was logged there: then the balance is not a sign either way).
    """

    week: Week
    space: str = "not_enough_data"
    reciprocity: str = "not_enough_data"
    messages: int = 0
    he_seems: tuple[str, ...] = ()
    checkins: int = 0
    own_minutes: int | None = None
    together_minutes: int | None = None
    weeks: float = 4.0  # the span the minutes cover

    @property
    def own_hours_per_week(self) -> float | None:
        return None if self.own_minutes is None else self.own_minutes / 60 / self.weeks

    @property
    def together_hours_per_week(self) -> float | None:
        return None if self.together_minutes is None else self.together_minutes / 60 / self.weeks


@dataclass(frozen=True)
class Offer:
    """One step the plan can offer, from ``offers.toml``."""

    id: str
    text: str  # with placeholders
    practices: tuple[str, ...]
    stances: frozenset[Stance]
    own_life: bool = False


@dataclass(frozen=True)
class History:
    """What was offered and marked before: the plan rotates and remembers.

    ``last_week``: offered the week before (never offered again this week);
    ``this_week``: already offered this week, in order (kept, so the plan holds still
    while the week lasts); ``not_for_me``: never offered again; ``offered``: how many
    weeks each offer was offered (the least offered come first); ``marks``: this week's.
    """

    last_week: frozenset[str] = frozenset()
    this_week: tuple[str, ...] = ()
    not_for_me: frozenset[str] = frozenset()
    offered: Mapping[str, int] = field(default_factory=dict)
    marks: Mapping[str, Mark] = field(default_factory=dict)


@dataclass(frozen=True)
class PlannedOffer:
    id: str
    text: str  # rendered for the partner's pronouns and name
    practices: tuple[str, ...]
    experts: tuple[str, ...]
    own_life: bool
    mark: Mark | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "practices": list(self.practices),
            "experts": list(self.experts),
            "own_life": self.own_life,
            "mark": self.mark.value if self.mark else None,
        }


@dataclass(frozen=True)
class Plan:
    week: Week
    stance: Stance
    stance_words: str
    headline: str
    why: tuple[str, ...]
    offers: tuple[PlannedOffer, ...]
    own_time_low: bool
    heuristic: str

    def as_json(self) -> dict[str, Any]:
        return {
            "week": str(self.week),
            "monday": self.week.monday.isoformat(),
            "sunday": self.week.sunday.isoformat(),
            "stance": self.stance.value,
            "headline": self.headline,
            "why": list(self.why),
            "offers": [o.as_json() for o in self.offers],
            "own_time_low": self.own_time_low,
            "heuristic": self.heuristic,
        }
