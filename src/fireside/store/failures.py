"""A database failure in plain words: busy, full, read-only, unreachable, damaged.

SQLAlchemy's errors print the statement and its parameters, and a parameter can be a
message someone wrote, so their text never reaches a person. ``explain`` reads the driver's
own error code (SQLite's result code, PostgreSQL's SQLSTATE) and returns a ``StoreError``
that says what happened and what to do, without SQL. It does not import SQLAlchemy.
"""

from __future__ import annotations

from fireside.errors import StoreError

# SQLite's primary result codes (https://sqlite.org/rescode.html)
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_INTERRUPT, SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN = 9, 10, 11, 13, 14
SQLITE_NOTADB = 26
SQLITE_IOERR_NOMEM = 3082  # extended codes that mean something more specific than IOERR
SQLITE_IOERR_WRITE, SQLITE_IOERR_FSYNC = 778, 1034

NOTHING_CHANGED = "What was being saved was not saved; the database is as it was."


def driver_error(exc: BaseException) -> BaseException:
    """The driver's own exception inside a SQLAlchemy error (``.orig``), else ``exc``."""
    orig = getattr(exc, "orig", None)
    return orig if isinstance(orig, BaseException) else exc


def first_line(exc: BaseException) -> str:
    """The first line of the driver's message: never the SQL or its parameters."""
    text = str(driver_error(exc)).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def explain(exc: BaseException, where: str = "the database") -> StoreError | None:
    """A ``StoreError`` for a failure of the database itself, or None for anything else."""
    orig = driver_error(exc)
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        return _sqlite(code, where, first_line(orig))
    sqlstate = getattr(orig, "sqlstate", None)
    if isinstance(sqlstate, str):
        return _postgres(sqlstate, where, first_line(orig))
    return None


def _sqlite(code: int, where: str, reason: str) -> StoreError | None:
    primary = code & 0xFF
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        from fireside.store.engine import busy_timeout_ms

        return busy(where, busy_timeout_ms() / 1000)
    if primary == SQLITE_FULL or code in (SQLITE_IOERR_WRITE, SQLITE_IOERR_FSYNC):
        return full(where)
    if primary == SQLITE_READONLY:
        return read_only(where)
    if primary in (SQLITE_CANTOPEN, SQLITE_PERM):
        return StoreError(
            f"Could not open {where} ({reason}).",
            hint="Check that the file and its folder exist and that you may read and write them.",
        )
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return StoreError(
            f"{_cap(where)} is damaged or is not a fireside database ({reason}).",
            hint="Point --database-url at another file, or move this one aside; an export "
            "made earlier (`fireside export`) keeps your data.",
        )
    if primary == SQLITE_IOERR:
        return StoreError(
            f"The disk reported an error while using {where} ({reason}).",
            hint=f"Check the disk, then try again. {NOTHING_CHANGED}",
        )
    return None


def _postgres(sqlstate: str, where: str, reason: str) -> StoreError | None:
    if sqlstate in ("55P03", "40P01", "57014"):  # lock not available, deadlock, timed out
        return busy(where)
    if sqlstate == "53100":
        return full(where)
    if sqlstate == "25006":
        return read_only(where)
    if sqlstate.startswith(("08", "28", "3D", "57P")):  # connection, login, no such database
        return StoreError(
            f"Could not reach {where} ({reason}).",
            hint="Check that the server is running and the URL, user and password are right.",
        )
    if sqlstate.startswith("53"):  # out of memory, too many connections
        return StoreError(
            f"The database server is out of resources ({reason}).",
            hint=f"Try again in a moment. {NOTHING_CHANGED}",
        )
    return None


def busy(where: str, seconds: float | None = None) -> StoreError:
    waited = f" within {seconds:g} seconds" if seconds is not None else ""
    return StoreError(
        f"{_cap(where)} is busy: another program (perhaps another fireside) is writing to it and "
        f"did not finish{waited}.",
        hint=f"Try again when it is done. {NOTHING_CHANGED}",
    )


def full(where: str) -> StoreError:
    return StoreError(
        f"The disk is full: {where} could not be written.",
        hint=f"Make room on the disk and try again. {NOTHING_CHANGED}",
    )


def read_only(where: str) -> StoreError:
    return StoreError(
        f"{_cap(where)} is read-only: fireside can show what it holds but not change it.",
        hint="Run this where you may write to the database file and its folder. " + NOTHING_CHANGED,
    )


def _cap(where: str) -> str:
    return where[:1].upper() + where[1:]
