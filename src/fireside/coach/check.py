"""``check_message``: a draft in, findings, strengths, a rewrite and a verdict out.

Pure and fast: no store, no I/O after the data files are loaded once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from fireside.coach import gates
from fireside.coach.detect import Hit, detect
from fireside.coach.learned import (
    MAX_SENTENCES,
    Scored,
    combine,
    label_model,
    score,
    texts_to_score,
)
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
from fireside.coach.rewrite import covers as _covers
from fireside.coach.rewrite import render_rewrite, suggest
from fireside.coach.rules import LEARNED, RuleBook, rule_book
from fireside.coach.text import Normalised, Normaliser, Sentence, looks_english, sentences
from fireside.errors import FiresideError, InvalidValueError
from fireside.profile import Profile
from fireside.pronouns import PRONOUNS, PronounSet

MAX_CHARS_CHECKED = 20_000  # longer drafts are checked on their first 20,000 characters
BATCH = 64  # drafts embedded together by check_messages


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


@dataclass(frozen=True)
class Draft:
    """One draft to check, with what the gates need to know about it."""

    text: str
    mood: int | None = None
    at: datetime | None = None


@dataclass(frozen=True)
class _Prepared:
    """A draft read by the rules, before the learned stage."""

    text: str
    normalised: Normalised
    parts: list[Sentence]
    hits: list[Hit]
    english: bool


def _prepare(text: str, book: RuleBook) -> _Prepared:
    if not text or not text.strip():
        raise EmptyDraftError()
    normalised = _normaliser(book)(text[:MAX_CHARS_CHECKED])
    checked = normalised.text
    if not checked.strip():  # nothing but invisible characters
        raise EmptyDraftError()
    parts = sentences(checked)
    english = looks_english(checked, *_language_words(book))
    hits = detect(checked, parts, book) if english and parts else []
    return _Prepared(text, normalised, parts, hits, english)


def check_message(
    text: str,
    *,
    mood: int | None = None,
    at: datetime | None = None,
    profile: Profile | None = None,
    history: History | None = None,
    model: bool = True,
) -> CheckResult:
    """Check a draft before sending it. See docs/coach.md for every field of the result.

    ``model=False`` uses the rules alone (the learned stage adds recall; see ``learned.py``).
    """
    gates.check_mood(mood)
    book = rule_book()
    prepared = _prepare(text, book)
    scores = _score([prepared])[0] if model else None
    return _finish(prepared, scores, Draft(text, mood, at), book, profile, history)


def check_messages(
    drafts: Iterable[Draft],
    *,
    profile: Profile | None = None,
    history: History | None = None,
    model: bool = True,
    batch: int = BATCH,
) -> Iterator[CheckResult | FiresideError]:
    """Check many drafts, in order: the learned stage reads them in batches (much faster than
    one at a time). A draft that can't be checked yields its error in its place."""
    book = rule_book()
    pending: list[tuple[Draft, _Prepared | FiresideError]] = []

    def flush() -> Iterator[CheckResult | FiresideError]:
        ready = [p for _, p in pending if isinstance(p, _Prepared)]
        scored = iter(_score(ready) if model else [None] * len(ready))
        results: list[CheckResult | FiresideError] = []
        to_settle: list[int] = []
        for draft, prepared in pending:
            if isinstance(prepared, FiresideError):
                results.append(prepared)
                continue
            marks: list[int] = []
            results.append(_finish(prepared, next(scored), draft, book, profile, history, marks))
            if marks:
                to_settle.append(len(results) - 1)
        if to_settle:
            profile_used = profile or Profile(timezone="UTC")
            wording = _wording(profile_used.partner_pronouns, profile_used.partner_name)
            rewrites = [results[i].suggested_rewrite or "" for i in to_settle]  # type: ignore[union-attr]
            for i, rewrite in zip(
                to_settle, _settled(rewrites, book, wording, book.lexicon["when"]), strict=True
            ):
                results[i] = dataclasses.replace(results[i], suggested_rewrite=rewrite)  # type: ignore[type-var]
        pending.clear()
        yield from results

    for draft in drafts:
        try:
            gates.check_mood(draft.mood)
            pending.append((draft, _prepare(draft.text, book)))
        except FiresideError as exc:
            pending.append((draft, exc))
        if len(pending) >= batch:
            yield from flush()
    yield from flush()


def scored_texts(text: str) -> tuple[list[str], int]:
    """What the learned stage reads for a draft, and its number of sentences (for training:
    the texts to embed are the whole normalised draft, then each sentence when there are
    several). An unsupported or empty draft reads nothing."""
    try:
        prepared = _prepare(text, rule_book())
    except EmptyDraftError:
        return [], 0
    if not (prepared.english and prepared.parts):
        return [], 0
    return texts_to_score(prepared.normalised.text, prepared.parts), len(prepared.parts)


def withdrawn_of(text: str) -> set[str]:
    """For training: :func:`withdrawn_labels` of a draft as ``check_message`` reads it."""
    book = rule_book()
    try:
        prepared = _prepare(text, book)
    except EmptyDraftError:
        return set()
    return withdrawn_labels(prepared.normalised.text, book)


def _score(drafts: list[_Prepared]) -> list[dict[str, Scored] | None]:
    """The learned stage's scores for each draft (None when it has nothing to say)."""
    model = label_model()
    wanted = [d for d in drafts if d.english and d.parts]
    if model is None or not wanted:
        return [None] * len(drafts)
    from fireside.coach.embedding import embedder

    texts = [texts_to_score(d.normalised.text, d.parts) for d in wanted]
    flat = [t for group in texts for t in group]
    probabilities = model.probabilities(embedder()(flat), flat)
    by_draft: dict[int, dict[str, Scored]] = {}
    row = 0
    for draft, group in zip(wanted, texts, strict=True):
        by_draft[id(draft)] = score(model, probabilities[row : row + len(group)], len(draft.parts))
        row += len(group)
    return [by_draft.get(id(d)) for d in drafts]


def withdrawn_labels(text: str, book: RuleBook) -> set[str]:
    """Labels the learned stage may not add to this (normalised) draft: it matches the label's
    ``[learned.*] unless`` patterns (training applies the same rule)."""
    lowered = text.lower()
    return {
        label
        for label, rule in book.learned.items()
        if rule.unless is not None and rule.unless.search(text, lowered)
    }


def _combined_hits(
    prepared: _Prepared, scores: dict[str, Scored] | None, book: RuleBook
) -> list[Hit]:
    """The rules' hits and the learned stage's, combined in the one documented way."""
    model = label_model() if scores else None
    rule_labels = {h.label for h in prepared.hits}
    found, only_learned = combine(
        rule_labels,
        scores or {},
        dict(zip(model.labels, map(float, model.thresholds), strict=True)) if model else {},
        book.suppress,
        book.suppress_found,
        # A veto needs the model to have read every sentence (a long draft's are not all read).
        dict(zip(model.labels, map(float, model.vetoes), strict=True))
        if model and len(prepared.parts) <= MAX_SENTENCES
        else None,
        withdrawn_labels(prepared.normalised.text, book),
    )
    hits = [h for h in prepared.hits if h.label in found]
    if scores:
        hits += _learned_hits(prepared, scores, only_learned, book)
    return hits


REWRITE_ROUNDS = 2  # a kept sentence can read differently once its neighbours are rewritten
SETTLE_UP_TO = 8  # sentences: longer drafts' rewrites are not checked again (time)


def _settled(
    rewrites: list[str], book: RuleBook, wording: dict[str, Any], when: list[str]
) -> list[str]:
    """Check each rewrite itself (both stages, all of them in one batch) and rewrite what it
    still carries: a sentence kept word for word can read as pressure once the sentences
    around it are gentler."""
    settled = list(rewrites)
    open_rows = list(range(len(settled)))
    for _ in range(REWRITE_ROUNDS):
        if not open_rows:
            break
        prepared = [_prepare(settled[i], book) for i in open_rows]
        still_open = []
        for row, ready, scores in zip(open_rows, prepared, _score(prepared), strict=True):
            problems = [h for h in _combined_hits(ready, scores, book) if h.label in PROBLEM_LABELS]
            if not problems:
                continue
            spans, rewrite = ready.normalised, settled[row]
            originals = {s: rewrite[slice(*spans.span(s.start, s.end))] for s in ready.parts}
            again = suggest(
                ready.parts, originals, problems, book.rewrite_priority, wording["rewrite"], when
            )
            if again and again != rewrite:
                settled[row] = again
                still_open.append(row)
        open_rows = still_open
    return settled


def _learned_hits(
    prepared: _Prepared, scores: dict[str, Scored], labels: set[str], book: RuleBook
) -> list[Hit]:
    """Hits for labels only the learned stage found: the best sentence is the span."""
    hits = []
    for label in sorted(labels):
        where = scores[label].sentence
        sentence = prepared.parts[where] if where is not None else _whole(prepared)
        hits.append(Hit(book.learned[label], sentence, sentence.start, sentence.end))
    return hits


def _whole(prepared: _Prepared) -> Sentence:
    if len(prepared.parts) == 1:
        return prepared.parts[0]
    first, last = prepared.parts[0], prepared.parts[-1]
    return Sentence(first.start, last.end, prepared.normalised.text[first.start : last.end])


def _finish(
    prepared: _Prepared,
    scores: dict[str, Scored] | None,
    draft: Draft,
    book: RuleBook,
    profile: Profile | None,
    history: History | None,
    unsettled: list[int] | None = None,
) -> CheckResult:
    """The result for a prepared draft. With ``unsettled`` given, a rewrite that should be
    read again is left as it is and noted there, for the caller to settle a batch at once."""
    profile = profile or Profile(timezone="UTC")
    wording = _wording(profile.partner_pronouns, profile.partner_name)
    text, normalised, parts = prepared.text, prepared.normalised, prepared.parts
    if not prepared.english:
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
    hits = _combined_hits(prepared, scores, book)
    problems = [h for h in hits if h.label in PROBLEM_LABELS]
    when = book.lexicon["when"]
    findings = tuple(
        _finding(h, normalised.span(h.start, h.end), wording, when, profile) for h in problems
    )
    strengths = tuple(
        Strength(
            h.label,
            *normalised.span(h.start, h.end),
            h.rule.practices,
            wording["meaning"][h.label],
            _credits(h.rule.practices, profile.partner_pronouns, profile.partner_name),
            _found_by(h),
        )
        for h in hits
        if h.label not in PROBLEM_LABELS
    )
    originals = {s: text[slice(*normalised.span(s.start, s.end))] for s in parts}
    suggested = suggest(parts, originals, problems, book.rewrite_priority, wording["rewrite"], when)
    kept = [part for part in parts if not any(_covers(h, part) for h in problems)]
    # Templates alone are clean (a test says so); a long draft's rewrite is not re-read.
    if suggested and scores is not None and kept and len(parts) <= SETTLE_UP_TO:
        if unsettled is None:
            suggested = _settled([suggested], book, wording, when)[0]
        else:
            unsettled.append(len(unsettled))  # the caller settles the whole batch at once

    labels = {f.label for f in findings}
    notes: list[Note] = []

    def say(key: str, **values: object) -> str:
        return str(wording["notes"][key]).format(**values)

    grounding_wanted = False
    if draft.mood is not None and draft.mood >= gates.MOOD_PAUSE_AT:
        notes.append(Note("mood", say("mood_high"), ("P06", "P21")))
        grounding_wanted = True
    reads = gates.tone(labels)
    if reads:
        notes.append(
            Note("tone", say("reads_upset", tone=wording["notes"][f"tone_{reads}"]), ("P06", "P16"))
        )
        grounding_wanted = True
    timing = None
    if draft.at is not None and "heavy_topic" in labels:
        timing = gates.timing_note(draft.at, profile, say)
        if timing:
            notes.append(timing)
    waiting = gates.history_note(history, say) if history is not None else None
    if waiting:
        notes.append(waiting)
    game = _guardrail(text, profile)
    if game:
        notes.append(game)

    if grounding_wanted or timing or waiting or game:
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


def _finding(
    hit: Hit, span: tuple[int, int], wording: dict[str, Any], when: list[str], profile: Profile
) -> Finding:
    return Finding(
        label=hit.label,
        start=span[0],
        end=span[1],
        severity=hit.rule.severity,
        why=wording["why"][hit.rule.why],
        practices=hit.rule.practices,
        rewrite=render_rewrite(hit, wording["rewrite"], when),
        meaning=wording["meaning"][hit.label],
        credits=_credits(hit.rule.practices, profile.partner_pronouns, profile.partner_name),
        found_by=_found_by(hit),
    )


def _guardrail(text: str, profile: Profile) -> Note | None:
    """The guardrail's note when the draft states a game as its plan (P18, P24, P01)."""
    from fireside.planner.guardrail import guardrail_note

    note = guardrail_note(
        text[:MAX_CHARS_CHECKED],
        pronouns=profile.partner_pronouns,
        partner_name=profile.partner_name,
    )
    return Note("guardrail", note, ("P18", "P24", "P01")) if note else None


def _found_by(hit: Hit) -> str:
    return "model" if hit.rule.detector == LEARNED else "rules"


@cache
def _credits(
    practices: tuple[str, ...],
    pronouns: PronounSet = PronounSet.HE,
    partner_name: str | None = None,
) -> tuple[str, ...]:
    """Each practice as a person reads it: "Keep it about you — Michelle Henderson"."""
    from fireside.practices import load_catalogue

    catalogue = load_catalogue(pronouns, partner_name)
    return tuple(
        f"{catalogue.get(pid).title} — {catalogue.get(pid).expert.name}" for pid in practices
    )


def _grounding(wording: dict[str, Any]) -> Grounding:
    g = wording["grounding"]
    return Grounding(g["title"], g["intro"], tuple(g["steps"]), g["closing"])
