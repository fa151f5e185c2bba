"""What a check returns. Plain data; ``as_json`` gives the documented JSON shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import Any


class Verdict(StrEnum):
    SEND = "send"  # nothing to change
    SOFTEN = "soften"  # a rewrite is offered
    PAUSE = "pause"  # ground first, or the topic wants a good moment


PROBLEM_LABELS = (
    "spotlight_question",
    "accusation",
    "reassurance_seeking",
    "demand_pressure",
    "petty_harping",
    "contempt",
    "anger_intensity",
    "heavy_topic",
)
STRENGTH_LABELS = ("i_statement", "appreciation", "humor", "encouragement", "vulnerability")
ALL_LABELS = PROBLEM_LABELS + STRENGTH_LABELS


@dataclass(frozen=True)
class Finding:
    """A problem in the draft: where it is, why it matters, and a kinder way to say it."""

    label: str
    start: int
    end: int
    severity: str
    why: str
    practices: tuple[str, ...]
    rewrite: str | None
    meaning: str = ""  # the label in plain words ("puts him on the spot")
    credits: tuple[str, ...] = ()  # each practice by title and expert, for people
    found_by: str = "rules"  # "rules", or "model" when only the learned stage found it

    def as_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "meaning": self.meaning,
            "found_by": self.found_by,
            "start": self.start,
            "end": self.end,
            "severity": self.severity,
            "why": self.why,
            "practices": list(self.practices),
            "credits": list(self.credits),
            "rewrite": self.rewrite,
        }


@dataclass(frozen=True)
class Strength:
    """Something already good in the draft."""

    label: str
    start: int
    end: int
    practices: tuple[str, ...]
    meaning: str = ""
    credits: tuple[str, ...] = ()
    found_by: str = "rules"

    def as_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "meaning": self.meaning,
            "found_by": self.found_by,
            "start": self.start,
            "end": self.end,
            "practices": list(self.practices),
            "credits": list(self.credits),
        }


@dataclass(frozen=True)
class Note:
    """Context the wording alone can't give: mood, timing, history, language."""

    kind: str  # mood | tone | timing | history | language | guardrail
    message: str
    practices: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "message": self.message, "practices": list(self.practices)}


@dataclass(frozen=True)
class Grounding:
    """The short routine offered before sending (Michelle Henderson, P06)."""

    title: str
    intro: str
    steps: tuple[str, ...]
    closing: str
    practices: tuple[str, ...] = ("P06", "P05", "P21")

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "intro": self.intro,
            "steps": list(self.steps),
            "closing": self.closing,
            "practices": list(self.practices),
        }


@dataclass(frozen=True)
class History:
    """Recent conversation facts for the history gate, filled from imported chats."""

    unanswered: int  # my messages since the partner's last message
    since_last_mine: timedelta | None = None  # time since my latest message
    partner_median_reply: timedelta | None = None  # partner's usual reply time


@dataclass(frozen=True)
class CheckResult:
    text: str
    verdict: Verdict
    findings: tuple[Finding, ...]
    strengths: tuple[Strength, ...]
    suggested_rewrite: str | None
    grounding: Grounding | None
    notes: tuple[Note, ...] = field(default=())
    supported: bool = True
    summary: str = ""

    @property
    def labels(self) -> set[str]:
        return {f.label for f in self.findings} | {s.label for s in self.strengths}

    def grouped_findings(self) -> list[list[Finding]]:
        """Findings that say the same thing (same label and reason) together, in order of
        first appearance, so a long draft with one pattern many times stays readable."""
        groups: dict[tuple[str, str], list[Finding]] = {}
        for finding in self.findings:
            groups.setdefault((finding.label, finding.why), []).append(finding)
        return list(groups.values())

    def as_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "verdict": self.verdict.value,
            "summary": self.summary,
            "findings": [f.as_json() for f in self.findings],
            "strengths": [s.as_json() for s in self.strengths],
            "suggested_rewrite": self.suggested_rewrite,
            "grounding": self.grounding.as_json() if self.grounding else None,
            "notes": [n.as_json() for n in self.notes],
            "supported": self.supported,
        }
