"""The rhythm of contact between you and your partner, measured from imported messages.

Work in progress (issue 5): the measures are here and tested; the readings, the command and
the charts come next.
"""

from fireside.rhythm.metrics import Metrics, Replies, Settings, compute, prepare, weekly

__all__ = ["Metrics", "Replies", "Settings", "compute", "prepare", "weekly"]
