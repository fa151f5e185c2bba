"""How well the guardrail reads a labelled file: games found, sincere plans flagged, tactics."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from fireside.planner.corpus import Example
from fireside.planner.guardrail import read_intention


@dataclass(frozen=True)
class Figures:
    name: str
    games: int
    games_found: int
    sincere: int
    sincere_flagged: int
    tactic_right: int  # among the games found, how many got the labelled tactic
    mistakes: tuple[dict[str, Any], ...] = field(default=(), repr=False)

    @property
    def games_rate(self) -> float:
        return self.games_found / self.games if self.games else 0.0

    @property
    def flagged_rate(self) -> float:
        return self.sincere_flagged / self.sincere if self.sincere else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "games": self.games,
            "games_found": self.games_found,
            "games_rate": round(self.games_rate, 4),
            "sincere": self.sincere,
            "sincere_flagged": self.sincere_flagged,
            "flagged_rate": round(self.flagged_rate, 4),
            "tactic_right": self.tactic_right,
        }


def evaluate(examples: Sequence[Example], *, name: str = "", learned: bool = True) -> Figures:
    """Read every example; ``learned=False`` measures the rules alone."""
    found = flagged = tactic_right = 0
    mistakes = []
    for example in examples:
        reading = read_intention(example.text, learned=learned)
        if example.is_game and reading.is_game:
            found += 1
            tactic_right += reading.tactic == example.tactic
        elif example.is_game or reading.is_game:
            flagged += not example.is_game
            mistakes.append(
                {
                    "where": example.where,
                    "text": example.text,
                    "expected": example.tactic if example.is_game else "sincere",
                    "got": reading.tactic or "sincere",
                }
            )
    games = sum(e.is_game for e in examples)
    return Figures(
        name=name,
        games=games,
        games_found=found,
        sincere=len(examples) - games,
        sincere_flagged=flagged,
        tactic_right=tactic_right,
        mistakes=tuple(mistakes),
    )
