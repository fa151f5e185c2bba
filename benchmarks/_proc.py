"""CPU seconds from Linux ``/proc``, for the benchmarks that count a server's cost beside their own."""

from __future__ import annotations

import os
from pathlib import Path


def _ticks(stat_text: str) -> int:
    """User plus system clock ticks from one ``/proc/PID/stat`` line (the name may hold spaces)."""
    fields = stat_text[stat_text.rindex(")") + 2 :].split()
    return int(fields[11]) + int(fields[12])


def cpu_seconds(pid: int) -> float:
    """User and system CPU time one process has used so far."""
    return _ticks(Path(f"/proc/{pid}/stat").read_text()) / os.sysconf("SC_CLK_TCK")


def cpu_seconds_named(part: str) -> float:
    """CPU time used so far by every process whose name contains ``part`` (e.g. ``postgres``)."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended while we looked
            continue
        if part in text[text.index("(") + 1 : text.rindex(")")]:
            ticks += _ticks(text)
    return ticks / os.sysconf("SC_CLK_TCK")
