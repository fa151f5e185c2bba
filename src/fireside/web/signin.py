"""Server mode's sign-in: sessions looked up per request, passwords checked off the event
loop in a bounded queue, and failed sign-ins limited per account and per address.

- ``server_authenticator``: the session cookie (``NAME:TOKEN``) → that account's ``Auth``,
  with the session's own CSRF token; the lookup runs in a worker thread.
- ``SignIn.verify``: argon2id takes about 0.2 s of one core, so at most one check per core
  (shared among the worker processes) runs at once (the others wait their turn) and no more than ``WAITING`` may wait: past that
  the answer is 503 "busy", not a pile-up that slows every page.
- ``SignIn.limits``: after ``PER_ACCOUNT`` failed tries for one name, or ``PER_ADDRESS`` from
  one address, within ``WINDOW_S``, that name or address waits (429 with Retry-After). Kept
  in each worker's memory; with several workers each counts its own share.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections import defaultdict, deque
from typing import TYPE_CHECKING

from anyio import to_thread

from fireside.service import accounts
from fireside.web.state import Auth

if TYPE_CHECKING:
    from fireside.web.security import Authenticate
    from fireside.web.state import AppState

HASHING = max(1, min(4, os.cpu_count() or 1))  # password checks at once, one process


def hashing_slots(workers: int) -> int:
    """Password checks at once in each of ``workers`` processes: the cores shared out, so
    sign-ins never take every core from the pages."""
    return max(1, min(HASHING, (os.cpu_count() or 1) // max(1, workers)))


WAITING = 64  # password checks allowed to wait for a turn, per process
PER_ACCOUNT = 5
PER_ADDRESS = 20
WINDOW_S = 15 * 60


class Busy(Exception):
    """Too many sign-ins are waiting already."""


class Limits:
    """Failed sign-ins in a sliding window, per key (a name or an address)."""

    def __init__(self, allowed: int, window_s: float = WINDOW_S) -> None:
        self.allowed = allowed
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _trim(self, key: str, now: float) -> deque[float]:
        found = self._failures[key]
        while found and found[0] <= now - self.window_s:
            found.popleft()
        if not found:
            del self._failures[key]
        return found

    def wait_s(self, key: str) -> float:
        """Seconds until ``key`` may try again (0: now)."""
        now = time.monotonic()
        with self._lock:
            found = self._trim(key, now)
            if len(found) < self.allowed:
                return 0.0
            return max(1.0, found[0] + self.window_s - now)

    def failed(self, key: str) -> None:
        with self._lock:
            self._failures[key].append(time.monotonic())

    def clear(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)


class SignIn:
    def __init__(self, *, hashing: int = HASHING, waiting: int = WAITING) -> None:
        self.accounts = Limits(PER_ACCOUNT)
        self.addresses = Limits(PER_ADDRESS)
        self._hashing = hashing
        self._waiting = waiting
        self._queued = 0
        self._semaphore: asyncio.Semaphore | None = None

    def wait_s(self, name: str, address: str) -> float:
        return max(self.accounts.wait_s(name), self.addresses.wait_s(address))

    async def verify(self, state: AppState, name: str, password: str) -> bool:
        """The password check in a worker thread, at most ``hashing`` at once."""
        if self._semaphore is None:
            self._semaphore = asyncio.Semaphore(self._hashing)
        if self._queued >= self._waiting:
            raise Busy
        self._queued += 1
        try:
            async with self._semaphore:
                return await to_thread.run_sync(
                    accounts.verify_password, state.store, name, password
                )
        finally:
            self._queued -= 1

    def record(self, name: str, address: str, *, ok: bool) -> None:
        if ok:
            self.accounts.clear(name)
        else:
            self.accounts.failed(name)
            self.addresses.failed(address)


def server_authenticator(state: AppState) -> Authenticate:
    async def authenticate(cookie: str | None) -> Auth | None:
        if not cookie:
            return None
        owner = await to_thread.run_sync(accounts.session_owner, state.store, cookie)
        return Auth(owner, accounts.session_csrf(cookie)) if owner else None

    return authenticate
