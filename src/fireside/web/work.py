"""Where the CPU work of a request runs.

Draft checks are pure CPU (the coach's rules and its embedding model, which one thread uses
at a time). Run in the server's general thread pool (40 threads), eight checks at once take
turns on the interpreter lock every few milliseconds and all finish late together; here they
run in as many threads as there are cores, the rest waiting their turn in order, so each
check finishes as soon as its own work is done. Page requests keep the general pool.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

from anyio import CapacityLimiter, to_thread

from fireside.service.background import setting

T = TypeVar("T")
THREADS_ENV = "FIRESIDE_CHECK_THREADS"


def check_threads() -> int:
    """``FIRESIDE_CHECK_THREADS``, or one thread per core."""
    found = setting(THREADS_ENV, 1, 256)
    return found if found is not None else max(1, os.cpu_count() or 1)


class Checks:
    """A bounded set of threads for draft checks (made in the event loop on first use)."""

    def __init__(self, threads: int | None = None) -> None:
        self.threads = threads or check_threads()
        self._limiter: CapacityLimiter | None = None

    async def run(self, work: Callable[[], T]) -> T:
        if self._limiter is None:
            self._limiter = CapacityLimiter(self.threads)
        return await to_thread.run_sync(work, limiter=self._limiter)
