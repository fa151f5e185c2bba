"""Readings computed once per change of the data, not once per request.

A long-running face (the web app) asks here instead of ``rhythm.space_reading`` directly.
Each entry is keyed by the store's ``data_version()`` (a cheap query on the imports and
profile tables) and the period, so an import, a forget, an erase or a profile save made by
any face (even the CLI in another process) is seen on the next request.

``warm_entries`` computes, for a store just changed, every value the first pages ask for
(the reading and charts of the whole history, the waiting facts, the check's context) under
the keys they will look for: a background import returns them with its report and they go
straight into the cache (``ReadingCache.put``), so no page after an import computes them.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable
from concurrent.futures import Future
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, TypeVar

from fireside.store.version import nothing_imported

if TYPE_CHECKING:
    from fireside.coach import CheckResult
    from fireside.planner import Plan
    from fireside.profile import Profile
    from fireside.rhythm.waiting import Waiting, WaitingFacts
    from fireside.service.computed import SharedValues
    from fireside.service.rhythm import SpaceReading
    from fireside.store import Store as Store  # re-exported for the faces' type hints

T = TypeVar("T")
ENTRIES = 16  # readings kept (a few periods of one person's data)
WARMING_WAIT_S = 120.0  # the longest a page waits for an import's values before computing them


class ReadingCache:
    """A small thread-safe LRU of values computed from the store, keyed by its data version.
    A value asked for by several requests at once is computed once (the others wait for it)."""

    def __init__(self, entries: int = ENTRIES, *, shared: SharedValues | None = None) -> None:
        self._entries = entries
        self.shared = shared  # a server's workers share what one computes (service/computed)
        self._values: OrderedDict[tuple[object, ...], object] = OrderedDict()
        self._lock = threading.Lock()
        self._changing: Counter[str] = Counter()  # owners whose import is running
        self._warming: Counter[str] = Counter()  # ... whose first pages' values are coming
        self._settled = threading.Condition(self._lock)
        self._computing: dict[tuple[object, ...], Future[object]] = {}  # asked for, not done
        self.computed = 0  # how many times a value had to be computed (for tests and benchmarks)

    def get(
        self, key: tuple[object, ...], compute: Callable[[], T], *, store: Store | None = None
    ) -> T:
        """The value for ``key``, computed by ``compute`` once; ``store`` (the asking
        request's) reads and keeps it in the shared table, on the request's own connection."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]  # type: ignore[return-value]
            if len(key) > 3 and self._changing[str(key[1])]:
                # The import has written its rows (so the version moved on) but its worker is
                # still computing the new values: the page shows the reading from before it
                # until the import's report, rather than computing it a second time.
                for found in reversed(self._values):
                    if found[:2] == key[:2] and found[3:] == key[3:]:
                        return self._values[found]  # type: ignore[return-value]
                # Nothing from before (a first import): the values the worker is computing
                # are waited for, not computed a second time beside it.
                owner = str(key[1])
                self._settled.wait_for(
                    lambda: key in self._values or not self._warming[owner],
                    timeout=WARMING_WAIT_S,
                )
                if key in self._values:
                    self._values.move_to_end(key)
                    return self._values[key]  # type: ignore[return-value]
            running = self._computing.get(key)
            if running is None:  # this thread computes it; others asking meanwhile wait
                mine: Future[object] = Future()
                self._computing[key] = mine
        if running is not None:
            return running.result()  # type: ignore[return-value]
        # An owner with nothing imported: their values take no time to compute (no messages),
        # so the shared table is not asked for them, nor written.
        shared = None if len(key) < 3 or nothing_imported(str(key[2])) else self.shared
        try:
            loaded = shared.load(key, store) if shared else None
            began = time.perf_counter()
            value: T = compute() if loaded is None else loaded  # type: ignore[assignment]
            seconds = time.perf_counter() - began
        except BaseException as exc:
            with self._lock:
                del self._computing[key]
            mine.set_exception(exc)
            raise
        with self._lock:
            self.computed += loaded is None
            self._values[key] = value
            del self._computing[key]
            while len(self._values) > self._entries:
                self._values.popitem(last=False)
        mine.set_result(value)
        if loaded is None and shared:
            shared.keep(key, value, seconds=seconds, store=store)
        return value

    def put(self, key: tuple[object, ...], value: object) -> None:
        """Keep a value computed elsewhere (e.g. by the background import that changed the data)."""
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self._entries:
                self._values.popitem(last=False)
            self._settled.notify_all()
        if self.shared:
            self.shared.keep(key, value)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def kinds(self, owner_id: str) -> set[str]:
        """What is kept for ``owner_id`` (``reading``, ``charts``, …): for tests and benchmarks."""
        with self._lock:
            return {str(k[3]) for k in self._values if len(k) > 3 and k[1] == owner_id}

    def changing(self, owner_id: str, *, done: bool = False) -> None:
        """An import of ``owner_id``'s starts (or, ``done``, has ended): see ``get``."""
        with self._lock:
            self._changing[owner_id] += -1 if done else 1
            if self._changing[owner_id] <= 0:
                del self._changing[owner_id]

    def warming(self, owner_id: str, *, done: bool = False) -> None:
        """The values the first pages after ``owner_id``'s import ask for are being computed
        elsewhere (or, ``done``, are in): ``get`` waits for them rather than compute them."""
        with self._lock:
            self._warming[owner_id] += -1 if done else 1
            if self._warming[owner_id] <= 0:
                del self._warming[owner_id]
                self._settled.notify_all()

    def forget_owner(self, owner_id: str, *, keep: tuple[str, ...] = ()) -> None:
        """Drop one owner's values only (on a server, one import must not cool everyone's);
        ``keep``: kinds of value (``charts``) left for ``get`` to show while new ones come."""
        with self._lock:
            for key in [
                k
                for k in self._values
                if len(k) > 1 and k[1] == owner_id and not (len(k) > 3 and k[3] in keep)
            ]:
                del self._values[key]


def _key(store: Store, *parts: object, version: str | None = None) -> tuple[object, ...]:
    """Where a value of ``store`` is kept: its database, owner, data version and what it is."""
    return (store.url, store.owner_id, version or store.data_version(), *parts)


def space_reading(
    cache: ReadingCache, store: Store, *, since: date | None = None, until: date | None = None
) -> SpaceReading:
    """``rhythm.space_reading``, computed once per data version and period."""
    from fireside.service import rhythm

    return cache.get(
        _key(store, "reading", since, until),
        lambda: rhythm.space_reading(store, since=since, until=until),
        store=store,
    )


def chart_svgs(
    cache: ReadingCache, store: Store, *, since: date | None = None, until: date | None = None
) -> dict[str, str]:
    """The four charts as SVG text, drawn once per data version and period."""
    from fireside.service import rhythm

    return cache.get(
        _key(store, "charts", since, until),
        lambda: rhythm.chart_svgs(store, since=since, until=until),
        store=store,
    )


def waiting_facts(cache: ReadingCache, store: Store) -> WaitingFacts:
    """What the waiting status needs from the chats, computed once per data version."""
    from fireside.service import rhythm

    return cache.get(
        _key(store, "waiting-facts"), lambda: rhythm.waiting_facts_of(store), store=store
    )


def waiting_status(cache: ReadingCache, store: Store, *, now: datetime | None = None) -> Waiting:
    """``rhythm.waiting_status`` from the cached facts: a lookup at any moment."""
    from fireside.service import rhythm

    facts = waiting_facts(cache, store)
    return rhythm.waiting_status(store, now=now or datetime.now(UTC), facts=facts)


def check_draft(
    cache: ReadingCache,
    store: Store,
    text: str,
    *,
    mood: int | None = None,
    at: datetime | str | None = None,
) -> CheckResult:
    """``coach.check_draft`` with the profile and the recent turns read once per data version
    (a check then costs one cheap query and the coach's own work, not three reads)."""
    from fireside.coach.history import history_from_turns
    from fireside.service import coach

    coach.warm_up()  # the model is loaded once, whoever checks first
    profile, turns = cache.get(
        _key(store, "check-context"), lambda: _check_context(store), store=store
    )
    return coach.check_draft(
        store, text, mood=mood, at=at, profile=profile, history=history_from_turns(turns)
    )


def weekly_plan(cache: ReadingCache, store: Store, *, now: datetime | None = None) -> Plan:
    """``plan.weekly_plan`` of this week with its four weeks' reading from the cache (the
    plan itself is made each time: it reads the journal, which the data version does not
    follow, and remembers the week's offers)."""
    from fireside.service import plan

    return plan.weekly_plan(
        store,
        now=now,
        read=lambda s, since, until: space_reading(cache, s, since=since, until=until),
    )


def _plan_window(store: Store) -> tuple[date, date]:
    from fireside.periods import Week
    from fireside.service import plan

    zone = store.profile_or_default().zone
    today = datetime.now(zone).date()
    return plan.window_of(Week.of(today), today)


def _check_context(store: Store) -> tuple[Profile, list[tuple[int, bool]]]:
    from fireside.coach.history import RECENT_MESSAGES

    return store.profile_or_default(), store.recent_turns(RECENT_MESSAGES)


def warm_entries(store: Store) -> list[tuple[tuple[object, ...], object]]:
    """Every value the first pages after a change of ``store``'s data ask for, with its key:
    the reading of the whole history, the reading of this week's plan, the waiting facts and
    the check's context (the messages read once for all of them). For a background import
    to hand back with its report (see service/background); the charts follow on their own
    (``chart_entries``)."""
    from fireside.service import rhythm

    reader = store.read_once()
    try:
        version = reader.data_version()
        since, until = _plan_window(reader)
        return [
            (_key(reader, "reading", None, None, version=version), rhythm.space_reading(reader)),
            (
                _key(reader, "reading", since, until, version=version),
                rhythm.space_reading(reader, since=since, until=until),
            ),
            (_key(reader, "waiting-facts", version=version), rhythm.waiting_facts_of(reader)),
            (_key(reader, "check-context", version=version), _check_context(reader)),
        ]
    finally:
        if reader is not store:
            reader.release()


def chart_entries(store: Store) -> list[tuple[tuple[object, ...], object]]:
    """The Rhythm page's four charts of the whole history, with their key (drawing them is
    the slowest part of a reading: a background import draws them after its report)."""
    from fireside.service import rhythm

    return [(_key(store, "charts", None, None), rhythm.chart_svgs(store))]
