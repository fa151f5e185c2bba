"""A Ctrl-C that is never lost, even when it lands somewhere that swallows it.

Python raises KeyboardInterrupt wherever the main thread happens to be. When that is a
finaliser or a callback whose exception is only printed ("Exception ignored in …"), the
interrupt is gone and the work carries on as if nothing happened. :func:`watched` installs a
handler that also *remembers* the request, and :func:`check` raises it again at a point
where stopping is safe: an import calls it just before its one transaction commits, so a
Ctrl-C the person pressed never ends in a saved import.

Library code only calls :func:`check`; the face that owns the terminal (the CLI) decides to
watch. Outside :func:`watched`, :func:`check` does nothing.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType

_requested = threading.Event()


def _on_sigint(_signum: int, _frame: FrameType | None) -> None:
    _requested.set()
    raise KeyboardInterrupt


@contextlib.contextmanager
def watched() -> Iterator[None]:
    """Remember every Ctrl-C during the block (main thread only; elsewhere a no-op).

    A Ctrl-C swallowed by a finaliser or a callback is not printed either (Python would write
    "Exception ignored in … Traceback" to the terminal): it is remembered, and :func:`check`
    raises it where stopping is safe. Any other such exception is reported as before.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, _on_sigint)
    report = sys.unraisablehook

    def quiet_about_interrupts(unraisable: sys.UnraisableHookArgs) -> None:
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            _requested.set()
            return
        report(unraisable)

    sys.unraisablehook = quiet_about_interrupts
    _requested.clear()
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        sys.unraisablehook = report
        _requested.clear()


def requested() -> bool:
    """Whether a Ctrl-C arrived during the watched block."""
    return _requested.is_set()


def check() -> None:
    """Raise KeyboardInterrupt if a Ctrl-C arrived, even one that was swallowed."""
    if _requested.is_set():
        raise KeyboardInterrupt
