"""Run a fireside command in a child process under a memory cap, and measure its peak.

The cap is on the address space (``RLIMIT_AS``), so a command that would grow past it fails
there instead of eating the machine; the child's peak resident memory comes from ``wait4``.
Polars runs on one thread and glibc keeps one malloc arena, so the address space a command
starts with is about the same on every machine (300–400 MB for ``import``).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass

BASELINE_MB = 400  # what `fireside import` of a tiny file needs under these settings


@dataclass(frozen=True)
class Capped:
    returncode: int  # negative: ended by that signal (-11 a crash, -6 an abort, -9 killed)
    stdout: str
    stderr: str
    peak_mb: float  # the child's maximum resident set size
    timed_out: bool = False


def run_fireside(args: list[str], *, budget_mb: int, timeout: float = 120) -> Capped:
    """``fireside ARGS`` with ``budget_mb`` of address space above the baseline."""
    cap = (BASELINE_MB + budget_mb) << 20
    env = {**os.environ, "POLARS_MAX_THREADS": "1", "MALLOC_ARENA_MAX": "1"}

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "fireside", *args],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=env,
            preexec_fn=limit,
        )
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timed_out = not timer.is_alive()
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Capped(process.returncode, out.read(), err.read(), usage.ru_maxrss / 1024, timed_out)
