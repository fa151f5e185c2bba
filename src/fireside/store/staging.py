"""Many rows into SQLite fast: Polars frames are written to a staging file, then copied in SQL.

Python's sqlite3 binds every value of every row through the interpreter; for a million
messages that alone takes longer than the whole import should. ADBC's SQLite driver writes
an Arrow frame in C, so the frame goes into a throwaway database file (no journal, no
index), and the store's own connection copies it with one ``INSERT … SELECT`` inside the
import's transaction. The two SQLite libraries never have the same file open: ADBC closes
the staging file before the store attaches it, which keeps clear of the lock hazard of two
SQLite copies in one process.

The staging file holds the person's messages for a few seconds, so it lives in the private
data directory, is readable by its owner only, and is deleted when the copy is done (a file
left by an import that was killed is swept by the next import).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl

from fireside.errors import StoreError

PREFIX = ".import-staging-"
STALE_AFTER_S = 3600  # a live import never takes this long; older files were left behind
TABLE = "batch"


class StagingFile:
    """A throwaway SQLite file that frames are appended to as an import reads them.

    ADBC writes each frame and closes the file again; the few queries between frames (counts
    for numbering, renaming a role) go through the standard library's sqlite3, never while
    ADBC has the file open.
    """

    def __init__(self, directory: Path) -> None:
        sweep(directory, older_than_s=STALE_AFTER_S)
        self.directory = directory
        try:
            handle, name = tempfile.mkstemp(
                prefix=f"{PREFIX}{os.getpid()}-", suffix=".db", dir=directory
            )
        except OSError as exc:
            raise _cannot_stage(directory, exc) from exc
        os.close(handle)  # mkstemp made it 0600; SQLite takes an empty file as a new database
        self.path = Path(name)
        self.rows = 0

    def append(self, frame: pl.DataFrame) -> None:
        import adbc_driver_sqlite.dbapi as adbc  # only imports need it

        if frame.height == 0:
            return
        mode = "append" if self.rows else "create"
        # On the main thread ADBC swaps in its own Ctrl-C handler and tries to cancel the
        # call, which its SQLite driver can't: Ctrl-C came back as "NOT_IMPLEMENTED" (exit
        # 5). On a worker thread it leaves signals alone, so Ctrl-C stays a
        # KeyboardInterrupt here; the worker is let finish before its file is removed.
        failed = _write_aside(adbc, self.path, frame, mode)
        if isinstance(failed, (OSError, adbc.Error)):
            raise _cannot_stage(self.directory, failed) from failed
        if failed is not None:
            raise failed
        self.rows += frame.height

    def query(self, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        if not self.rows:
            return []
        with contextlib.closing(sqlite3.connect(self.path)) as connection:
            return connection.execute(sql, parameters).fetchall()

    def execute(self, sql: str, parameters: tuple[object, ...] = ()) -> None:
        if not self.rows:
            return
        with contextlib.closing(sqlite3.connect(self.path)) as connection:
            connection.execute(sql, parameters)
            connection.commit()

    def remove(self) -> None:
        _unlink(self.path)
        self.rows = 0


@contextlib.contextmanager
def leftovers_removed(directory: Path) -> Iterator[None]:
    """Every staging file this process makes in ``directory`` during the block is gone when
    it ends, whatever happens — even a Ctrl-C between a file's creation and the moment the
    code that made it could take note of it."""
    own = f"{PREFIX}{os.getpid()}-*.db"
    before = set(directory.glob(own))
    try:
        yield
    finally:
        for left in set(directory.glob(own)) - before:
            with contextlib.suppress(FileNotFoundError):
                _unlink(left)


@contextlib.contextmanager
def staging_file(directory: Path) -> Iterator[StagingFile]:
    """A new staging file in ``directory``; deleted when the block ends, whatever happens."""
    with leftovers_removed(directory):
        yield StagingFile(directory)


def _unlink(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        if path.exists():  # (a read-only disk says EROFS even when there is nothing to remove)
            raise


def _write_aside(adbc: Any, path: Path, frame: pl.DataFrame, mode: str) -> BaseException | None:
    """Write to the staging file on a worker thread; the error it met, if any.

    A Ctrl-C while waiting still waits for the worker before it goes on unwinding, so the
    file is never deleted while the worker can still make it again.
    """
    failure: list[BaseException] = []

    def work() -> None:
        try:
            with adbc.connect(str(path)) as connection:
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA journal_mode=OFF")  # a throwaway file: no rollback
                    cursor.adbc_ingest(TABLE, frame, mode=mode)
                connection.commit()
        except BaseException as exc:  # handed to the main thread, which raises it
            failure.append(exc)

    worker = threading.Thread(target=work, name="fireside-staging", daemon=True)
    try:
        worker.start()
        worker.join()  # a Ctrl-C here is a KeyboardInterrupt, as anywhere on the main thread
    finally:
        while worker.is_alive():
            with contextlib.suppress(KeyboardInterrupt):  # (a second Ctrl-C: still wait)
                worker.join()
    return failure[0] if failure else None


def _cannot_stage(directory: Path, exc: BaseException) -> StoreError:
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return StoreError(
        f"Could not write the import's staging file in {directory} ({reason}).",
        hint="Check that the disk has room and that you may write to that folder; "
        "nothing was imported.",
    )


def sweep(directory: Path, *, older_than_s: float = 0) -> int:
    """Delete staging files in ``directory`` whose import has ended; returns how many went.

    A file is left behind only when its import was killed: its process is gone. Files older
    than ``older_than_s`` go whatever their process (a reused process id, another machine).
    """
    removed = 0
    cutoff = time.time() - older_than_s
    for path in directory.glob(f"{PREFIX}*.db"):
        with contextlib.suppress(FileNotFoundError):
            if not _running(path) or path.stat().st_mtime <= cutoff:
                path.unlink()
                removed += 1
    return removed


def _running(path: Path) -> bool:
    """Whether the process that made this staging file is still alive."""
    if os.name == "nt":  # os.kill(pid, 0) would end the process there: go by age alone
        return True
    pid = path.name.removeprefix(PREFIX).split("-", 1)[0]
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, but someone else's
        return True
    return True
