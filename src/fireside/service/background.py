"""Reading and importing an export in worker processes at a lower OS priority.

An import is CPU work from start to end: parsing the file, writing the rows, then the
reading the first pages show. Run in the web server's own process, it takes the CPU (and
Python's interpreter lock) from every page and draft check of everyone else. Here it runs in
a small pool of separate processes instead, each at ``os.nice(NICE)``, so the operating system
gives the pages the cores first and the imports what is left.

- ``Background``: the pool of one server process (each uvicorn worker has its own), started
  on first use and stopped after ``IDLE_SECONDS`` without work (its memory goes back then).
  At most ``processes`` imports run at once; more wait their turn in order.
- ``submit_import`` imports in the pool, all or nothing as ever (one transaction, in the worker
  process); its future is done, with the report, as soon as the rows are saved. The pool then
  computes what the first pages after it ask for (``cache.warm_entries``) and puts it into
  the caller's reading cache; a page that asks for one of those values meanwhile waits for
  it (``ReadingCache.warming``) instead of computing it a second time. The charts, the
  slowest part, are drawn by the pool after that and join the cache when done.
- ``submit_preview``: the Import page's first step (reading the whole file) in the pool too.

A process started with ``spawn`` imports the main script again: a script that starts a
server needs the usual ``if __name__ == "__main__":`` guard (the ``fireside`` command has it).

Errors come back as they were raised: a ``FiresideError`` keeps its class, message and hint
(errors.py pickles them whole), so the faces answer exactly as they did in-process. A worker
process that dies (killed, out of memory) is a ``BackgroundStopped`` error; the next call
starts a new pool.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fireside.errors import ExitCode, FiresideError

if TYPE_CHECKING:
    from fireside.ingest import ImportReport
    from fireside.service.cache import ReadingCache
    from fireside.service.chats import Preview
    from fireside.store import Store

PROCESSES_ENV = "FIRESIDE_IMPORT_PROCESSES"  # imports at once per server process
NICE_ENV = "FIRESIDE_IMPORT_NICE"  # added to the worker processes' niceness (default 10)
NICE = 10  # the pages come first
IDLE_SECONDS = 300.0  # a pool with nothing to do for this long is stopped
PROGRESS_EVERY_S = 0.1  # progress reports sent at most this often from a worker
ENV_PREFIX = "FIRESIDE_"
# Polars allocates through its own jemalloc, which keeps freed pages to reuse them (its decay
# of 0.5-1 s runs only as it allocates again): a worker's reading after an import (hundreds of
# MB of frames for a million messages) stayed resident under the charts drawn next and between
# tasks. Given back at once, the worker's peak is lower (benchmarks/RESULTS.md) and the time
# did not move. Read when a worker process starts; the last value of a key counts.
JEMALLOC_ENV = "_RJEM_MALLOC_CONF"
JEMALLOC_CONF = "dirty_decay_ms:0,muzzy_decay_ms:0"


def _give_memory_back() -> None:
    """Have the worker processes started from now on return polars' freed memory at once.
    (Polars, imported here already, has put its own defaults in the variable, and puts them
    in front again in each worker: the setting appended here comes last, so it counts.)"""
    found = os.environ.get(JEMALLOC_ENV, "")
    if not found.endswith(JEMALLOC_CONF):
        os.environ[JEMALLOC_ENV] = f"{found},{JEMALLOC_CONF}" if found else JEMALLOC_CONF


Progress = Callable[[int, int], None]


class BackgroundStopped(FiresideError):
    """A worker process stopped before it finished (killed, or out of memory): nothing was
    written, try again (a web answer of 503)."""

    exit_code = ExitCode.STORE

    def __init__(self) -> None:
        super().__init__(
            "The import stopped before it finished, so nothing of it was saved.",
            hint="Try again in a moment; if it keeps happening, the computer may be short of "
            "memory for a file this large.",
        )


def setting(name: str, low: int, high: int) -> int | None:
    """A whole number from the environment variable ``name`` (None when unset), checked."""
    chosen = os.environ.get(name, "").strip()
    if not chosen:
        return None
    if not chosen.isdigit() or not low <= int(chosen) <= high:
        raise FiresideError(
            f"{name}={chosen!r} is not a whole number from {low} to {high}.",
            hint="Set it to one, or unset it for the default.",
        )
    return int(chosen)


def _nice() -> int:
    found = setting(NICE_ENV, 0, 19)
    return NICE if found is None else found


def default_processes(workers: int = 1) -> int:
    """Imports at once in each of ``workers`` server processes: half the cores shared out
    (at least one), or ``FIRESIDE_IMPORT_PROCESSES``."""
    found = setting(PROCESSES_ENV, 1, 64)
    if found is not None:
        return found
    return max(1, (os.cpu_count() or 1) // (2 * max(1, workers)))


def check_settings() -> None:
    """Refuse bad values of the variables above when a server starts, not at its first import."""
    _nice()
    default_processes()


class Background:
    """A lazily started, bounded pool of low-priority worker processes (see the module)."""

    def __init__(self, processes: int = 1, *, idle_seconds: float = IDLE_SECONDS) -> None:
        self.processes = processes
        self.idle_seconds = idle_seconds
        self._executor: ProcessPoolExecutor | None = None
        self._events: Any = None  # the workers' progress reports (a SimpleQueue)
        self._listener: threading.Thread | None = None
        self._listeners: dict[int, tuple[Progress | None, Callable[[], None] | None]] = {}
        self._running = 0
        self._tasks = 0
        self._idle: threading.Timer | None = None
        self._lock = threading.Lock()
        self.started = 0  # how many times a pool was started (tests)

    # -- the pool -------------------------------------------------------------------------
    def _pool(self) -> ProcessPoolExecutor:
        """The running pool, started (again) if needed. Called with the lock held."""
        if self._executor is not None and getattr(self._executor, "_broken", False):
            self._stop_locked()
        if self._executor is None:
            context = multiprocessing.get_context("spawn")  # never fork a threaded server
            _give_memory_back()
            self._events = context.SimpleQueue()
            self._executor = ProcessPoolExecutor(
                self.processes,
                mp_context=context,
                initializer=_start_worker,
                initargs=(self._events, _nice()),
            )
            self._listener = threading.Thread(
                target=_relay, args=(self._events, self._listeners), daemon=True
            )
            self._listener.start()
            self.started += 1
        return self._executor

    def _stop_locked(self) -> None:
        executor, events, listener = self._executor, self._events, self._listener
        self._executor = self._events = self._listener = None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
        if events is not None:
            events.put(None)  # ends the relay thread
        if listener is not None:
            listener.join(timeout=5)

    def shutdown(self) -> None:
        with self._lock:
            if self._idle is not None:
                self._idle.cancel()
                self._idle = None
            self._stop_locked()

    def _stop_if_idle(self) -> None:
        with self._lock:
            if self._running == 0:
                self._stop_locked()
            self._idle = None

    @property
    def alive(self) -> bool:
        return self._executor is not None

    # -- running work ---------------------------------------------------------------------
    def submit(
        self,
        function: Callable[..., Any],
        /,
        *args: Any,
        progress: Progress | None = None,
        saving: Callable[[], None] | None = None,
        **kwargs: Any,
    ) -> Future[Any]:
        """Run ``function(*args, progress=…, saving=…, **kwargs)`` in a worker process; the
        callbacks are called here, in this process, as the worker reports."""
        with self._lock:
            if self._idle is not None:
                self._idle.cancel()
                self._idle = None
            self._tasks += 1
            task = self._tasks
            self._listeners[task] = (progress, saving)
            self._running += 1
            env = {k: v for k, v in os.environ.items() if k.startswith(ENV_PREFIX)}
            try:
                future = self._pool().submit(_call, task, env, function, args, kwargs)
            except BrokenProcessPool:  # died between the check and the submit: once more
                self._stop_locked()
                future = self._pool().submit(_call, task, env, function, args, kwargs)

        def finished(done: Future[Any]) -> None:
            with self._lock:
                if isinstance(done.exception(), BrokenProcessPool):  # no "end" report comes
                    self._listeners.pop(task, None)
                self._running -= 1
                if self._running == 0 and self._executor is not None:
                    self._idle = threading.Timer(self.idle_seconds, self._stop_if_idle)
                    self._idle.daemon = True
                    self._idle.start()

        future.add_done_callback(finished)
        return future


_shared: Background | None = None
_shared_lock = threading.Lock()


def shared_pool(workers: int = 1) -> Background:
    """This process's pool (one per server process, whatever the number of apps in it)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Background(default_processes(workers))
            atexit.register(_shared.shutdown)
        return _shared


def _resolved(store: Store) -> tuple[str, str, dict[str, bytes]]:
    """How a worker process opens the same store: its URL, owner and any unlocked key."""
    from fireside.service.base import database_file
    from fireside.store import cipher

    url = store.engine.url.render_as_string(hide_password=False)
    file = database_file(url)
    key = cipher.key_for(file) if file is not None else None
    keys = {str(file.resolve()): key} if file is not None and key is not None else {}
    return url, store.owner_id, keys


def _chained(
    inner: Future[Any], finish: Callable[[Any], Any], always: Callable[[], None]
) -> Future[Any]:
    """A future for ``finish(inner's result)``; ``always()`` runs after, whatever happened,
    before the future is done."""
    outer: Future[Any] = Future()
    outer.set_running_or_notify_cancel()

    def done(future: Future[Any]) -> None:
        try:
            error = future.exception()
            result = None if error is not None else finish(future.result())
        except BaseException as exc:
            error = exc
        try:
            always()
        except BaseException as exc:  # never leave the caller waiting
            error = error or exc
        if isinstance(error, BrokenProcessPool):
            outer.set_exception(BackgroundStopped())
        elif error is not None:
            outer.set_exception(error)
        else:
            outer.set_result(result)

    inner.add_done_callback(done)
    return outer


def submit_import(
    pool: Background,
    cache: ReadingCache,
    store: Store,
    path: Path,
    *,
    progress: Progress | None = None,
    saving: Callable[[], None] | None = None,
    **options: Any,
) -> Future[ImportReport]:
    """``chats.import_export(store, path, **options)`` in the pool; the future's result is
    the import report, as soon as the rows are saved. The owner's new readings follow: the
    pool computes them next (a page asking meanwhile waits for them, see
    ``ReadingCache.warming``), then draws the charts."""
    url, owner, keys = _resolved(store)
    cache.changing(owner)  # until the new values are in: pages show the ones from before
    cache.warming(owner)
    try:
        inner = pool.submit(
            _import, url, owner, keys, path, options, progress=progress, saving=saving
        )
    except BaseException:
        cache.warming(owner, done=True)
        cache.changing(owner, done=True)
        raise
    handed_over = False

    def finish(report: ImportReport) -> ImportReport:
        nonlocal handed_over
        if report.imported:
            cache.changing(owner)  # for the readings and charts to come
            handed_over = True
            threading.Thread(
                target=_warm_then_draw, args=(pool, cache, url, owner, keys), daemon=True
            ).start()
        return report

    def always() -> None:
        if not handed_over:
            cache.warming(owner, done=True)
        cache.changing(owner, done=True)

    return _chained(inner, finish, always)


def _warm_then_draw(
    pool: Background, cache: ReadingCache, url: str, owner: str, keys: dict[str, bytes]
) -> None:
    """After an import: the new values of the first pages, then the charts (the caller has
    counted the owner as ``changing`` and ``warming``; both end here)."""

    def keep(future: Future[Any]) -> None:
        try:
            entries = future.result() if future.exception() is None else []
            # The values of the data before the import go; its charts are shown until the
            # new ones are drawn.
            cache.forget_owner(owner, keep=("charts",))
            for key, value in entries:
                cache.put(key, value)
        finally:
            cache.warming(owner, done=True)
        _draw_charts(pool, cache, url, owner, keys)

    try:
        pool.submit(_warm, url, owner, keys).add_done_callback(keep)
    except BaseException:
        cache.warming(owner, done=True)
        cache.changing(owner, done=True)
        raise


def _draw_charts(
    pool: Background, cache: ReadingCache, url: str, owner: str, keys: dict[str, bytes]
) -> None:
    def keep(future: Future[Any]) -> None:
        try:
            if future.exception() is None:
                for key, value in future.result():
                    cache.put(key, value)
        finally:
            cache.changing(owner, done=True)

    try:
        pool.submit(_charts, url, owner, keys).add_done_callback(keep)
    except BaseException:
        cache.changing(owner, done=True)
        raise


def submit_preview(
    pool: Background,
    store: Store,
    path: Path,
    *,
    progress: Progress | None = None,
    **options: Any,
) -> Future[Preview]:
    """``chats.preview_export(store, path, **options)`` in the pool."""
    url, owner, keys = _resolved(store)
    inner = pool.submit(_preview, url, owner, keys, path, options, progress=progress)
    return _chained(inner, lambda preview: preview, lambda: None)


# ----------------------------------------------------------------- in the worker process

_events: Any = None
_stores: dict[str, Store] = {}
STORES_KEPT = 4  # databases a worker keeps open (a server has one; tests have many)


def _start_worker(events: Any, nice: int) -> None:
    global _events
    _events = events
    if nice:
        os.nice(nice)
    parent = multiprocessing.parent_process()
    if parent is not None:  # a server killed outright leaves no worker behind
        threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True).start()
    # Load what every import needs once, not inside the first one.
    import fireside.ingest
    import fireside.service.chats
    import fireside.service.rhythm  # noqa: F401


def _exit_with(sentinel: int) -> None:
    """Wait for the process that started this worker to end, then end too (an import in
    progress is rolled back by the database: it was one transaction, never committed)."""
    from multiprocessing.connection import wait

    wait([sentinel])
    os._exit(0)


def _relay(
    events: Any, listeners: dict[int, tuple[Progress | None, Callable[[], None] | None]]
) -> None:
    """In the calling process: hand each worker report to the task's callbacks."""
    while True:
        event = events.get()
        if event is None:
            return
        task, kind, done, total = event
        if kind == "end":  # the task's last report: its listeners go
            listeners.pop(task, None)
            continue
        progress, saving = listeners.get(task, (None, None))
        try:
            if kind == "progress" and progress is not None:
                progress(done, total)
            elif kind == "saving" and saving is not None:
                saving()
        except Exception:  # a listener's problem never stops the relay
            continue


def _call(
    task: int, env: dict[str, str], function: Callable[..., Any], args: Any, kwargs: Any
) -> Any:
    for key in [k for k in os.environ if k.startswith(ENV_PREFIX) and k not in env]:
        del os.environ[key]
    os.environ.update(env)  # the caller's FIRESIDE_HOME and settings, as they are now
    last = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if done >= total or now - last >= PROGRESS_EVERY_S:
            last = now
            _events.put((task, "progress", done, total))

    def saving() -> None:
        _events.put((task, "saving", 0, 0))

    try:
        return function(*args, progress=progress, saving=saving, **kwargs)
    finally:
        _events.put((task, "end", 0, 0))  # after every report of the task, in order


def _store(url: str, owner: str, keys: dict[str, bytes]) -> Store:
    from fireside.service import base
    from fireside.store import cipher

    cipher.adopt_keys(keys)
    if url not in _stores:
        while len(_stores) >= STORES_KEPT:
            _stores.pop(next(iter(_stores))).close()
        _stores[url] = base.open_store(url)
    found = _stores[url]
    return found if found.owner_id == owner else found.for_owner(owner)


def _import(
    url: str,
    owner: str,
    keys: dict[str, bytes],
    path: Path,
    options: dict[str, Any],
    *,
    progress: Progress,
    saving: Callable[[], None],
) -> ImportReport:
    from fireside.service import chats

    store = _store(url, owner, keys)
    return chats.import_export(store, path, progress=progress, saving=saving, **options)


def _warm(
    url: str,
    owner: str,
    keys: dict[str, bytes],
    *,
    progress: Progress,  # noqa: ARG001
    saving: Callable[[], None],  # noqa: ARG001
) -> list[tuple[tuple[object, ...], object]]:
    from fireside.service import cache

    try:
        return cache.warm_entries(_store(url, owner, keys))
    except Exception:  # the import is saved; the pages will compute what is missing
        return []


def _charts(
    url: str,
    owner: str,
    keys: dict[str, bytes],
    *,
    progress: Progress,  # noqa: ARG001
    saving: Callable[[], None],  # noqa: ARG001
) -> list[tuple[tuple[object, ...], object]]:
    from fireside.service import cache

    try:
        return cache.chart_entries(_store(url, owner, keys))
    except Exception:  # a page draws them when asked
        return []


def _preview(
    url: str,
    owner: str,
    keys: dict[str, bytes],
    path: Path,
    options: dict[str, Any],
    *,
    progress: Progress,
    saving: Callable[[], None],  # noqa: ARG001 (a preview stores nothing)
) -> Preview:
    from fireside.service import chats

    return chats.preview_export(_store(url, owner, keys), path, progress=progress, **options)
