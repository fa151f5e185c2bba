"""The rhythm of contact between you and your partner, measured from imported messages.

``compute`` gives the measures (docs/rhythm.md), ``readings.read`` the space reading,
reciprocity and trend, ``waiting.waiting`` the wait against usual reply times, and
``charts.write_charts`` the SVG charts. Pure functions over Polars frames; no I/O but the
charts' files.
"""

from fireside.rhythm.metrics import Metrics, Replies, Settings, compute, prepare, weekly

__all__ = ["Metrics", "Replies", "Settings", "compute", "prepare", "weekly"]
