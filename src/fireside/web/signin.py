"""Server mode's sign-in: sessions looked up per request, passwords checked off the event
loop in a bounded queue, and failed sign-ins limited per account and per address.

- ``server_authenticator``: the session cookie (``NAME:TOKEN``) → that account's ``Auth``,
  with the session's own CSRF token; the lookup runs in a worker thread.
- ``SignIn.verify``: argon2id takes about 0.2 s of one core, so at most one check per core
  (shared among the worker processes) runs at once (the others wait their turn) and no more than ``WAITING`` may wait: past that
  the answer is 503 "busy", not a pile-up that slows every page.
- ``SignIn.limits``: after ``PER_ACCOUNT`` failed tries for one name, or ``PER_ADDRESS`` from
  one address, within ``WINDOW_S``, that name or address waits (429 with Retry-After). The
  tries are rows in the database (table ``signin_failure``), so however many workers there
  are, they count the same tries.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from anyio import to_thread

from fireside.service import accounts
from fireside.web.state import Auth

if TYPE_CHECKING:
    from fireside.service.cache import Store
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
    """Failed sign-ins in a sliding window, per key (a name or an address), counted in the
    database (``service.accounts``), so every worker process sees every try."""

    def __init__(self, allowed: int, key: Callable[[str], str], window_s: float = WINDOW_S) -> None:
        self.allowed = allowed
        self.window_s = window_s
        self._key = key

    def wait_s(self, store: Store, value: str) -> float:
        """Seconds until ``value`` may try again (0: now)."""
        count, until_first_leaves = accounts.failed_signins(store, self._key(value), self.window_s)
        if count < self.allowed:
            return 0.0
        return max(1.0, until_first_leaves)

    def failed(self, store: Store, value: str) -> None:
        accounts.record_failed_signin(store, self._key(value), self.window_s)

    def clear(self, store: Store, value: str) -> None:
        accounts.clear_failed_signins(store, self._key(value))


class SignIn:
    def __init__(self, *, hashing: int = HASHING, waiting: int = WAITING) -> None:
        self.accounts = Limits(PER_ACCOUNT, accounts.name_key)
        self.addresses = Limits(PER_ADDRESS, accounts.address_key)
        self._hashing = hashing
        self._waiting = waiting
        self._queued = 0
        self._semaphore: asyncio.Semaphore | None = None

    def wait_s(self, store: Store, name: str, address: str) -> float:
        """Seconds until this name from this address may try again (0: now). Blocking: run
        it in a worker thread."""
        return max(self.accounts.wait_s(store, name), self.addresses.wait_s(store, address))

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

    def record(self, store: Store, name: str, address: str, *, ok: bool) -> None:
        """Blocking: run it in a worker thread."""
        if ok:
            self.accounts.clear(store, name)
        else:
            self.accounts.failed(store, name)
            self.addresses.failed(store, address)


def server_authenticator(state: AppState) -> Authenticate:
    async def authenticate(cookie: str | None) -> Auth | None:
        if not cookie:
            return None
        owner = await to_thread.run_sync(accounts.session_owner, state.store, cookie)
        return Auth(owner, accounts.session_csrf(cookie)) if owner else None

    return authenticate
