"""Reports to share with a counsellor: data model → charts → HTML → PDF.

``model`` holds what a report says (plain values, already in words), ``html`` renders it as
one self-contained page (charts inline as SVG), ``pdf`` prints that page with WeasyPrint.
Pure: no store; the service fills the model.
"""

from fireside.reports.html import render_html
from fireside.reports.model import (
    BalanceSection,
    Chart,
    CheckinWeek,
    Figure,
    PracticeTried,
    Report,
    RhythmSection,
    TalkHeld,
    WeekStance,
)

__all__ = [
    "BalanceSection",
    "Chart",
    "CheckinWeek",
    "Figure",
    "PracticeTried",
    "Report",
    "RhythmSection",
    "TalkHeld",
    "WeekStance",
    "render_html",
]
