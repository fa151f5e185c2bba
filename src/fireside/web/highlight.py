"""Split a checked draft into plain and highlighted pieces (escaped later by the template)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fireside.coach import CheckResult


@dataclass(frozen=True)
class Piece:
    text: str
    label: str | None = None  # the finding's label when this piece is flagged
    number: int | None = None  # which group of findings (1-based), for the link to its explanation
    good: bool = False
    meaning: str = ""  # the label in plain words, for the tooltip


def pieces(result: CheckResult) -> list[Piece]:
    """The draft cut at each finding's span (overlaps: the earlier finding wins)."""
    group_of = {id(f): n for n, group in enumerate(result.grouped_findings(), 1) for f in group}
    spans = sorted(
        [(f.start, f.end, f.label, group_of[id(f)], False, f.meaning) for f in result.findings]
        + [(s.start, s.end, s.label, None, True, s.meaning) for s in result.strengths],
        key=lambda s: (s[0], -s[1]),
    )
    text = result.text
    out: list[Piece] = []
    at = 0
    for start, end, label, number, good, meaning in spans:
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        if start > at:
            out.append(Piece(text[at:start]))
        out.append(Piece(text[start:end], label, number, good, meaning))
        at = end
    if at < len(text):
        out.append(Piece(text[at:]))
    return out
