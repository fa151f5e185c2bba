"""What the running web app holds: the stores (yours, or the sample before set-up), the
reading cache, the login keys and the background import jobs.

In server mode one pool serves every account: each request sees ``AppState.view(owner)``,
the same interface over that owner's store, with no sample.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fireside.service import base, sample
from fireside.service.background import Background, shared_pool
from fireside.service.cache import ReadingCache

if TYPE_CHECKING:
    from fireside.service.cache import Store
    from fireside.web.jobs import Jobs
    from fireside.web.security import Keys

LOCAL_OWNER = "local"


@dataclass(frozen=True)
class Auth:
    """Who a request is: the owner and the CSRF token their pages carry."""

    owner: str
    csrf: str


@dataclass
class AppState:
    database_url: str | None
    keys: Keys | None
    jobs: Jobs
    server: bool = False
    cache: ReadingCache = field(default_factory=ReadingCache)
    workers: int = 1  # server processes on this machine (they share its cores)
    _store: Store | None = None
    _sample: Store | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def store(self) -> Store:
        """Your own store (made on first use); in server mode, the shared pool."""
        with self._lock:
            if self._store is None:
                self._store = base.open_store(self.database_url)
            return self._store

    @property
    def background(self) -> Background:
        """The pool that reads and imports exports, at a lower priority than the pages."""
        return shared_pool(self.workers)

    def view(self, owner: str, *, reading: bool = False) -> AppState | OwnerView:
        """What one request sees: the personal install itself, or one account's view
        (``reading``: a request that only reads, whose store reads the profile and the data
        version once)."""
        if not self.server:
            return self
        store = self.store.for_owner(owner)
        return OwnerView(self, store.read_once() if reading else store)

    def set_up(self) -> bool:
        return self.store.profile() is not None

    def showing_sample(self) -> bool:
        """Before set-up, pages show the sample until it is removed."""
        return not self.set_up() and sample.sample_wanted()

    def reading_store(self) -> Store:
        """The store the reading pages show: the sample before set-up, else yours."""
        if not self.showing_sample():
            return self.store
        with self._lock:
            if self._sample is None:
                self._sample = sample.open_sample()
            return self._sample

    def drop_sample(self) -> None:
        with self._lock:
            sample.remove_sample(self._sample)
            self._sample = None
        self.cache.clear()

    def forget_readings(self) -> None:
        """After a change of the data: the readings computed from it go."""
        self.cache.clear()

    def discard_uploads(self) -> None:
        from fireside.service import uploads

        uploads.discard_all_uploads()

    def close(self) -> None:
        with self._lock:
            for each in (self._store, self._sample):
                if each is not None:
                    each.close()
            self._store = self._sample = None

    def context(self) -> dict[str, Any]:
        return {"sample": self.showing_sample()}


@dataclass
class OwnerView:
    """One account's view of a server: their store, the shared cache and jobs, no sample."""

    app: AppState
    store: Store
    server: bool = True

    @property
    def cache(self) -> ReadingCache:
        return self.app.cache  # keyed by owner and data version

    @property
    def jobs(self) -> Jobs:
        return self.app.jobs

    @property
    def background(self) -> Background:
        return self.app.background

    @property
    def owner(self) -> str:
        return self.store.owner_id

    def set_up(self) -> bool:
        return self.store.profile() is not None

    def showing_sample(self) -> bool:
        return False

    def reading_store(self) -> Store:
        return self.store

    def drop_sample(self) -> None:
        return None

    def forget_readings(self) -> None:
        self.app.cache.forget_owner(self.owner)  # everyone else's stay warm

    def discard_uploads(self) -> None:
        return None  # uploads are discarded one by one once imported; others' are not ours

    def context(self) -> dict[str, Any]:
        return {"sample": False}
