"""The message coach: check a draft before sending (findings, strengths, rewrite, verdict)."""

from fireside.coach.check import Draft, EmptyDraftError, check_message, check_messages
from fireside.coach.model import (
    ALL_LABELS,
    PROBLEM_LABELS,
    STRENGTH_LABELS,
    CheckResult,
    Finding,
    Grounding,
    History,
    Note,
    Strength,
    Verdict,
)

__all__ = [
    "ALL_LABELS",
    "PROBLEM_LABELS",
    "STRENGTH_LABELS",
    "CheckResult",
    "Draft",
    "EmptyDraftError",
    "Finding",
    "Grounding",
    "History",
    "Note",
    "Strength",
    "Verdict",
    "check_message",
    "check_messages",
]
