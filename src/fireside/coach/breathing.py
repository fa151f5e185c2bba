"""A paced slow-breathing schedule: about six breaths a minute (in for 4 s, out for 6 s)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

INHALE_SECONDS = 4.0
EXHALE_SECONDS = 6.0
BREATH_SECONDS = INHALE_SECONDS + EXHALE_SECONDS  # 10 s: six breaths a minute


@dataclass(frozen=True)
class Phase:
    breath: int  # 1-based
    breaths: int
    kind: str  # "in" | "out"
    seconds: float


def breaths_for(minutes: float) -> int:
    return max(1, round(minutes * 60 / BREATH_SECONDS))


def schedule(minutes: float) -> Iterator[Phase]:
    total = breaths_for(minutes)
    for breath in range(1, total + 1):
        yield Phase(breath, total, "in", INHALE_SECONDS)
        yield Phase(breath, total, "out", EXHALE_SECONDS)
