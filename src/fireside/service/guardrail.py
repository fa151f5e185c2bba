"""The guardrail for intentions: read one, read many, and the note the coach can add."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fireside.errors import FiresideError
from fireside.planner import guardrail as domain
from fireside.planner.guardrail import Intention
from fireside.pronouns import PronounSet

if TYPE_CHECKING:
    from fireside.store import Store

MAX_CHARS = domain.MAX_CHARS  # the longest intention read, in characters
_UNDECODABLE = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8 (surrogateescape)


def _voice(store: Store | None) -> tuple[PronounSet, str | None]:
    """The partner's pronouns and name from the saved profile (he and none without one)."""
    profile = store.profile() if store is not None else None
    if profile is None:
        return PronounSet.HE, None
    return profile.partner_pronouns, profile.partner_name


def read_intention(text: str, store: Store | None = None) -> Intention:
    """Is this plan a game? Why, what to do instead, and the practices behind it.

    Sincere plans are never refused. Raises ``IntentionError`` (exit 4) for empty or
    over-long text. With a store, the wording uses the profile's pronouns and name.
    """
    pronouns, name = _voice(store)
    return domain.read_intention(text, pronouns=pronouns, partner_name=name)


def read_intentions(texts: Iterable[str], store: Store | None = None) -> list[Intention]:
    """Many intentions at once, in order (the profile is read once)."""
    pronouns, name = _voice(store)
    return [domain.read_intention(t, pronouns=pronouns, partner_name=name) for t in texts]


def guardrail_note(text: str, store: Store | None = None) -> str | None:
    """The guardrail's note for a draft that states a game as its intention, else ``None``.

    For the coach: ``check`` can append it to its notes. Never raises for odd input.
    """
    pronouns, name = _voice(store)
    return domain.guardrail_note(text, pronouns=pronouns, partner_name=name)


@dataclass(frozen=True)
class ReadLine:
    """One line of a JSON-lines batch: its reading, or why it could not be read."""

    number: int
    row: dict[str, Any] = field(default_factory=dict)
    result: Intention | None = None
    problem: str | None = None

    def as_json(self) -> dict[str, Any]:
        if self.result is None:
            return {"line": self.number, "problem": self.problem}
        return {**self.row, **self.result.as_json()}


def read_lines(lines: Iterable[str], store: Store | None = None) -> Iterator[ReadLine]:
    """Read many intentions, one JSON object with a ``"text"`` string per line, in order.

    Lines read with ``errors="surrogateescape"`` may carry bytes that were not UTF-8: such a
    line is reported, not read. Blank lines are skipped; a bad line yields a ``ReadLine`` with ``problem`` and its line
    number, and the rest are still read.
    """
    pronouns, name = _voice(store)
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if _UNDECODABLE.search(line):
            yield ReadLine(number, problem="not valid UTF-8 text (save the file as UTF-8)")
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ReadLine(number, problem=f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            yield ReadLine(number, problem='expected a JSON object with a "text" string')
            continue
        try:
            result = domain.read_intention(row["text"], pronouns=pronouns, partner_name=name)
        except FiresideError as exc:
            yield ReadLine(number, problem=exc.message)
            continue
        yield ReadLine(number, row=row, result=result)


def tactic_label(tactic: str | None, store: Store | None = None) -> str:
    """A tactic in plain words ("making him jealous"), for a face's heading."""
    pronouns, name = _voice(store)
    return domain.tactic_label(tactic or "other", pronouns=pronouns, partner_name=name)
