"""``check_message``: a draft in, findings, strengths, a rewrite and a verdict out.

Pure and fast: no store, no I/O after the data files are loaded once.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from fireside.coach import gates
from fireside.coach.detect import Hit, detect
from fireside.coach.model import (
    PROBLEM_LABELS,
    CheckResult,
    Finding,
    Grounding,
    History,
    Note,
    Strength,
    Verdict,
)
from fireside.coach.rewrite import render_rewrite, suggest
from fireside.coach.rules import RuleBook, rule_book
from fireside.coach.text import Normaliser, looks_english, sentences
from fireside.errors import InvalidValueError
from fireside.profile import Profile
from fireside.pronouns import PRONOUNS, PronounSet

MAX_CHARS_CHECKED = 20_000  # longer drafts are checked on their first 20,000 characters


class EmptyDraftError(InvalidValueError):
    def __init__(self) -> None:
        super().__init__("text", "", "a draft message with at least one word")
        self.message = "The draft is empty."
        self.hint = "Type the message you're thinking of sending."


class _Keep(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@cache
def _wording(pronouns: PronounSet, partner_name: str | None) -> dict[str, Any]:
    """The wording file with pronoun placeholders filled; other placeholders kept."""
    values = _Keep(PRONOUNS[pronouns].placeholders(partner_name))

    def fill(node: Any) -> Any:
        if isinstance(node, str):
            return node.format_map(values)
        if isinstance(node, list):
            return [fill(item) for item in node]
        if isinstance(node, dict):
            return {key: fill(item) for key, item in node.items()}
        return node

    return fill(rule_book().wording)  # type: ignore[no-any-return]


@cache
def _language_words(book: RuleBook) -> tuple[frozenset[str], frozenset[str]]:
    lex = book.lexicon
    return frozenset(str(lex["english"]).split()), frozenset(str(lex["foreign"]).split())


@cache
def _normaliser(book: RuleBook) -> Normaliser:
    return Normaliser(book.lexicon["shorthand"], book.lexicon["shorthand_contextual"])


def check_message(
    text: str,
    *,
    mood: int | None = None,
    at: datetime | None = None,
    profile: Profile | None = None,
    history: History | None = None,
) -> CheckResult:
    """Check a draft before sending it. See docs/coach.md for every field of the result."""
    if not text or not text.strip():
        raise EmptyDraftError()
    gates.check_mood(mood)
    book = rule_book()
    profile = profile or Profile(timezone="UTC")
    wording = _wording(profile.partner_pronouns, profile.partner_name)
    normalised = _normaliser(book)(text[:MAX_CHARS_CHECKED])
    checked = normalised.text
    parts = sentences(checked)

    if not looks_english(text[:MAX_CHARS_CHECKED], *_language_words(book)):
        return CheckResult(
            text=text,
            verdict=Verdict.SEND,
            findings=(),
            strengths=(),
            suggested_rewrite=None,
            grounding=None,
            notes=(Note("language", wording["notes"]["not_english"]),),
            supported=False,
            summary=wording["notes"]["not_english"],
        )

    hits = detect(checked, parts, book)
    problems = [h for h in hits if h.label in PROBLEM_LABELS]
    rewrites = wording["rewrite"]
    when = book.lexicon["when"]
    findings = tuple(_finding(h, normalised.span(h.start, h.end), wording, when) for h in problems)
    strengths = tuple(
        Strength(h.label, *normalised.span(h.start, h.end), h.rule.practices)
        for h in hits
        if h.label not in PROBLEM_LABELS
    )
    originals = {s: text[slice(*normalised.span(s.start, s.end))] for s in parts}
    suggested = suggest(parts, originals, problems, book.rewrite_priority, rewrites, when)

    labels = {f.label for f in findings}
    notes: list[Note] = []

    def say(key: str, **values: object) -> str:
        return str(wording["notes"][key]).format(**values)

    grounding_wanted = False
    if mood is not None and mood >= gates.MOOD_PAUSE_AT:
        notes.append(Note("mood", say("mood_high"), ("P06", "P21")))
        grounding_wanted = True
    reads = gates.tone(labels)
    if reads:
        notes.append(
            Note("tone", say("reads_upset", tone=wording["notes"][f"tone_{reads}"]), ("P06", "P16"))
        )
        grounding_wanted = True
    timing = None
    if at is not None and "heavy_topic" in labels:
        timing = gates.timing_note(at, profile, say)
        if timing:
            notes.append(timing)
    waiting = gates.history_note(history, say) if history is not None else None
    if waiting:
        notes.append(waiting)

    if grounding_wanted or timing or waiting:
        verdict = Verdict.PAUSE
    elif findings:
        verdict = Verdict.SOFTEN
    else:
        verdict = Verdict.SEND
    grounding = _grounding(wording) if grounding_wanted else None
    return CheckResult(
        text=text,
        verdict=verdict,
        findings=findings,
        strengths=strengths,
        suggested_rewrite=suggested,
        grounding=grounding,
        notes=tuple(notes),
        summary=wording["verdict"][verdict.value],
    )


def _finding(hit: Hit, span: tuple[int, int], wording: dict[str, Any], when: list[str]) -> Finding:
    return Finding(
        label=hit.label,
        start=span[0],
        end=span[1],
        severity=hit.rule.severity,
        why=wording["why"][hit.rule.why],
        practices=hit.rule.practices,
        rewrite=render_rewrite(hit, wording["rewrite"], when),
    )


def _grounding(wording: dict[str, Any]) -> Grounding:
    g = wording["grounding"]
    return Grounding(g["title"], g["intro"], tuple(g["steps"]), g["closing"])
