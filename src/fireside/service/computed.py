"""Readings computed once for all of a server's workers, kept in the database as JSON.

Each uvicorn worker is a process with a reading cache of its own (service/cache.py). A
person's pages do not stay with one worker: a browser opens several connections, and one
closed when idle is opened again to whichever worker the kernel picks. Without this, the
first page a person asks of the *other* worker computed their whole reading and charts
again — over half a second on a quiet machine, seconds under load (benchmarks/RESULTS.md).

So in server mode, a value one worker computes (or a background import hands back) is also
written, as JSON, to the ``computed_value`` table under the data version it came from; a
worker that does not have it reads it there before computing it. A value of another data
version is never used (and is dropped when a new one is kept); forgetting an import or
erasing everything drops them all. The values hold figures, dates and names, never a
message's text. A value that cannot be read back (written by another version of fireside)
is computed again, and failing to keep one never fails the page that computed it.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from fireside.rhythm.waiting import WaitingFacts
    from fireside.store import Store

Key = tuple[object, ...]  # service/cache.py's key: (url, owner, data version, kind, *period)


def name_of(key: Key) -> str | None:
    """Where a value is kept in the table: its kind and period (``reading|2026-11-02|…``);
    None for a kind that is only kept in memory."""
    if len(key) < 4 or key[3] not in _CODECS:
        return None
    return "|".join("" if part is None else str(part) for part in key[3:])


def encode(kind: str, value: object) -> str:
    return _CODECS[kind][0](value)


def decode(kind: str, payload: str) -> object:
    return _CODECS[kind][1](payload)


class SharedValues:
    """The database level below a reading cache: ``store_of(owner)`` is that owner's store."""

    def __init__(self, store_of: Callable[[str], Store], *, min_seconds: float = 0.0) -> None:
        self._store_of = store_of
        self.min_seconds = min_seconds  # a value quicker to compute than this is not kept
        self.loaded = 0  # values read from the table instead of computed (tests, benchmarks)
        self.kept = 0  # values written to it

    def _store(self, key: Key, store: Store | None) -> Store:
        """The asking request's store when it is the key's owner's, else a new one."""
        owner = str(key[1])
        return store if store is not None and store.owner_id == owner else self._store_of(owner)

    def load(self, key: Key, store: Store | None = None) -> object | None:
        """The value kept for ``key`` at its data version, or None."""
        name = name_of(key)
        if name is None:
            return None
        found = self._store(key, store).computed_value(name)
        if found is None or found[0] != key[2]:
            return None
        try:
            value = decode(str(key[3]), found[1])
        except (ValueError, TypeError, KeyError):  # written by another version: compute it
            return None
        self.loaded += 1
        return value

    def keep(
        self,
        key: Key,
        value: object,
        *,
        seconds: float | None = None,
        store: Store | None = None,
    ) -> None:
        """Keep ``value`` for the other workers (best effort: the page has its value).
        ``seconds``: what computing it took, when it was computed here; a value cheaper to
        compute than ``min_seconds`` (a reading of no messages at all) is not worth a write."""
        from sqlalchemy.exc import SQLAlchemyError

        from fireside.errors import FiresideError

        name = name_of(key)
        if name is None or (seconds is not None and seconds < self.min_seconds):
            return
        try:
            payload = encode(str(key[3]), value)
            self._store(key, store).keep_computed_value(name, str(key[2]), payload)
        except (FiresideError, SQLAlchemyError, ValueError, TypeError, OSError):
            return
        self.kept += 1


# --- codecs: JSON text to and from each kind of value ----------------------------------


def _json(value: Any) -> str:
    from pydantic_core import to_jsonable_python

    return json.dumps(to_jsonable_python(value), separators=(",", ":"))


@cache
def _adapter(kind: str) -> TypeAdapter[Any]:
    from pydantic import TypeAdapter

    from fireside.profile import Profile
    from fireside.rhythm.waiting import ReplyFigures, WaitingFacts
    from fireside.service.rhythm import SpaceReading

    types: dict[str, Any] = {
        "reading": SpaceReading,
        "charts": dict[str, str],
        "waiting-facts": WaitingFacts,
        "figures": ReplyFigures,
        "check-context": tuple[Profile, list[tuple[int, bool]]],
    }
    return TypeAdapter(types[kind])


def _plain(kind: str) -> tuple[Callable[[object], str], Callable[[str], object]]:
    return _json, lambda payload: _adapter(kind).validate_python(json.loads(payload))


def _decode_reading(payload: str) -> object:
    reading = _adapter("reading").validate_python(json.loads(payload))
    # The weekly rows are plain dicts: their week comes back as text.
    for row in reading.weekly:
        if isinstance(row.get("week"), str):
            row["week"] = date.fromisoformat(row["week"])
    return reading


def _encode_waiting(value: object) -> str:
    from pydantic_core import to_jsonable_python

    facts: WaitingFacts = value  # type: ignore[assignment]
    data = to_jsonable_python(dataclasses.replace(facts, slots={}))
    data["slots"] = [[day, hour, to_jsonable_python(f)] for (day, hour), f in facts.slots.items()]
    return json.dumps(data, separators=(",", ":"))


def _decode_waiting(payload: str) -> object:
    data = json.loads(payload)
    slots = {
        (int(day), int(hour)): _adapter("figures").validate_python(figures)
        for day, hour, figures in data.pop("slots")
    }
    facts = _adapter("waiting-facts").validate_python({**data, "slots": {}})
    return dataclasses.replace(facts, slots=slots)


_CODECS: dict[str, tuple[Callable[[object], str], Callable[[str], object]]] = {
    "reading": (_json, _decode_reading),
    "charts": _plain("charts"),
    "waiting-facts": (_encode_waiting, _decode_waiting),
    "check-context": _plain("check-context"),
}
