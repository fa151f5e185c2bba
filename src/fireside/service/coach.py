"""Checking drafts and the grounding routine."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from fireside.coach import CheckResult, Draft, History, check_message, check_messages
from fireside.coach.breathing import EXHALE_SECONDS, INHALE_SECONDS, Phase, breaths_for, schedule
from fireside.coach.history import RECENT_MESSAGES, history_from_turns
from fireside.errors import FiresideError, InvalidValueError
from fireside.profile import Profile
from fireside.pronouns import render

if TYPE_CHECKING:
    from fireside.coach.evaluate import Report as EvaluationReport
    from fireside.store import Store


_warming = threading.Lock()
_warm = False


def warm_up() -> None:
    """Load the coach (its rules, the embedding model, the learned stage) once, now.

    A long-running face calls this when it starts and before each check: the first check
    then never pays for the loading, and two first checks at once never load the model
    twice (each copy is some 250 MB)."""
    global _warm
    if _warm:
        return
    with _warming:
        if not _warm:
            # a plan of the writer's own ("I'll…") also loads the guardrail's rules (~90 ms)
            check_message("Hello, I hope your day went well. I'll call you after work.")
            _warm = True


def keep_no_drafts() -> None:
    """Remember no draft's text between checks (a server for many people): each check reads
    its own sentences afresh. On one person's own machine the coach remembers the last few
    thousand sentences it read, in memory only, so a draft re-checked as it is typed is fast."""
    from fireside.coach import embedding

    embedding.keep_none()


def forget_drafts() -> None:
    """Forget every sentence the coach remembers (erase-all calls this)."""
    from fireside.coach import embedding

    found = embedding.loaded()
    if found is not None:
        found.forget()


def recent_history(store: Store, now: datetime | None = None) -> History | None:
    """My unanswered messages and the partner's usual reply time, from imported chats."""
    return history_from_turns(store.recent_turns(RECENT_MESSAGES), now)


def parse_at(value: str | None, profile: Profile | None = None) -> datetime | None:
    """``now``, a clock time (``18:10``, ``6pm``: today, in your time zone) or an ISO time."""
    if value is None:
        return None
    from fireside.profile_text import parse_clock

    zone = profile.zone if profile else ZoneInfo("UTC")
    text = value.strip().lower()
    if text == "now":
        return datetime.now(zone)
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        pass
    try:
        clock = parse_clock(text)
    except ValueError:
        raise InvalidValueError(
            "--at",
            value,
            "now, a time of day such as 18:10 or 6pm, or an ISO time such as 2026-11-22T18:30",
        ) from None
    return datetime.combine(datetime.now(zone).date(), clock, zone)


def check_draft(
    store: Store,
    text: str,
    *,
    mood: int | None = None,
    at: datetime | str | None = None,
    history: History | None = None,
    profile: Profile | None = None,
) -> CheckResult:
    """Check a draft with the saved profile (pronouns, routine, time zone) and, when chats
    have been imported, the recent history for the waiting gate (unless ``history`` is given).
    ``at`` may be text as typed (``now``, ``18:10``, an ISO time). Pass ``profile`` when the
    caller has already read it.
    """
    profile = profile or store.profile_or_default()
    when = parse_at(at, profile) if isinstance(at, str) else at
    return check_message(
        text,
        mood=mood,
        at=when,
        profile=profile,
        history=history if history is not None else recent_history(store),
    )


@dataclass(frozen=True)
class CheckedLine:
    """One line of a JSON-lines batch: its result, or why it could not be checked."""

    number: int
    row: dict[str, Any] = field(default_factory=dict)
    result: CheckResult | None = None
    problem: str | None = None

    def as_json(self) -> dict[str, Any]:
        if self.result is None:
            return {"line": self.number, "problem": self.problem}
        return {**self.row, **self.result.as_json()}


CHECK_BATCH = 64  # drafts checked together by check_lines
MAX_LINE_BYTES = 1 << 20  # a draft is a text message: a longer line is reported, not read


def draft_lines(handle: IO[bytes]) -> Iterator[bytes | None]:
    """Each line of ``handle`` as bytes; None for a line over MAX_LINE_BYTES (skipped unread)."""
    while True:
        line = handle.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) <= MAX_LINE_BYTES or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):  # the rest of the over-long line
            line = handle.readline(MAX_LINE_BYTES)
        yield None


def check_lines(store: Store, lines: Iterable[bytes | str | None]) -> Iterator[CheckedLine]:
    """Check many drafts, one JSON object per line (``text``, optional ``mood`` and ``at``),
    in order. A bad line yields a ``CheckedLine`` with ``problem`` and the rest go on.
    The profile and the history are read once, not once per line, and the drafts are checked
    in batches (the learned stage embeds a batch in one call).

    Each line is decoded and parsed on its own, so invalid UTF-8, a line nested too deep to
    parse, an over-long line (None, from ``draft_lines``) or a field of the wrong type is one
    reported line, never the end of the batch."""
    profile = store.profile_or_default()
    history = recent_history(store)
    pending: list[tuple[int, dict[str, Any] | None, Draft | str]] = []

    def flush() -> Iterator[CheckedLine]:
        drafts = [d for _, _, d in pending if isinstance(d, Draft)]
        results = iter(check_messages(drafts, profile=profile, history=history))
        for number, row, draft in pending:
            if not isinstance(draft, Draft):
                yield CheckedLine(number, problem=draft)
                continue
            result = next(results)
            if isinstance(result, FiresideError):
                yield CheckedLine(number, problem=result.message)
            else:
                yield CheckedLine(number, row=row or {}, result=result)
        pending.clear()

    for number, line in enumerate(lines, 1):
        if line is not None and not line.strip():
            continue
        try:
            row = _draft(line)
            pending.append(
                (number, row, Draft(row["text"], row.get("mood"), parse_at(row.get("at"), profile)))
            )
        except (ValueError, FiresideError) as exc:
            pending.append(
                (number, None, exc.message if isinstance(exc, FiresideError) else str(exc))
            )
        if len(pending) >= CHECK_BATCH:
            yield from flush()
    yield from flush()


def _draft(line: bytes | str | None) -> dict[str, Any]:
    """One input line as a draft row, or ValueError saying what is wrong with it."""
    if line is None:
        raise ValueError(f"the line is longer than {MAX_LINE_BYTES >> 20} MB; a draft is shorter")
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(f"not valid UTF-8 (at byte {exc.start + 1})") from None
    try:
        row = json.loads(line)
    except RecursionError:
        raise ValueError("nested too deeply to read as JSON") from None
    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
        raise ValueError('expected a JSON object with a "text" string')
    mood = row.get("mood")
    if mood is not None and (isinstance(mood, bool) or not isinstance(mood, int)):
        raise ValueError('"mood" must be a whole number from 0 to 4')
    at = row.get("at")
    if at is not None and not isinstance(at, str):
        raise ValueError('"at" must be text: now, a time of day such as 18:10, or an ISO time')
    return row


@dataclass(frozen=True)
class Routine:
    """The grounding routine (P06): a checklist, then paced breathing (4 s in, 6 s out)."""

    title: str
    intro: str
    steps: tuple[str, ...]
    closing: str
    inhale_seconds: float
    exhale_seconds: float
    breaths: int
    heuristic: str

    def phases(self) -> Iterator[Phase]:
        """Breathe in, breathe out, ``breaths`` times."""
        return schedule(self.breaths * (self.inhale_seconds + self.exhale_seconds) / 60)

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "intro": self.intro,
            "steps": list(self.steps),
            "closing": self.closing,
            "inhale_seconds": self.inhale_seconds,
            "exhale_seconds": self.exhale_seconds,
            "breaths": self.breaths,
            "practices": ["P06", "P05", "P21"],
        }


def grounding(store: Store | None = None, *, minutes: float = 2.0) -> Routine:
    """The routine's words (with the partner's pronouns when a profile is saved) and pace."""
    from fireside.coach.rules import rule_book

    profile = (store.profile() if store else None) or Profile()
    book = rule_book().wording

    def say(text: str) -> str:
        return render(text, profile.partner_pronouns, profile.partner_name)

    words = book["grounding"]
    return Routine(
        title=say(words["title"]),
        intro=say(words["intro"]),
        steps=tuple(say(step) for step in words["steps"]),
        closing=say(words["closing"]),
        inhale_seconds=INHALE_SECONDS,
        exhale_seconds=EXHALE_SECONDS,
        breaths=breaths_for(minutes),
        heuristic=say(book["notes"]["heuristic"]),
    )


def evaluate_file(
    path: Path, *, keep_mistakes: bool = False, model: bool = True
) -> EvaluationReport:
    """Measure the coach on a labelled JSON-lines file (``fireside coach-eval``);
    ``model=False`` measures the rules alone."""
    from fireside.coach.evaluate import evaluate, read_examples

    if not path.is_file():
        raise FiresideError(f"{path} is not a file.", hint="Give a JSON-lines file.")
    return evaluate(read_examples(path), keep_mistakes=keep_mistakes, model=model)
