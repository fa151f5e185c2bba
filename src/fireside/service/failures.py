"""A database failure in plain words, for every face (see ``fireside.store.failures``).

Faces never import the store; they ask here when an error came from the database layer.
"""

from __future__ import annotations

from fireside.errors import StoreError


def explain_failure(exc: BaseException, where: str = "the database") -> StoreError | None:
    """A ``StoreError`` for a busy, full, read-only, unreachable or damaged database (or None)."""
    from fireside.store.failures import explain

    return explain(exc, where)


def failure_detail(exc: BaseException) -> str:
    """What to show of an unexpected error: never the SQL or the values bound to it."""
    if not hasattr(exc, "orig"):  # (SQLAlchemy's errors carry the driver's error as .orig)
        return str(exc)
    from fireside.store.failures import first_line

    return first_line(exc)
