"""The guardrail: read what someone intends to do, and answer a game with honesty, not a tactic.

``read_intention("I'll wait an hour before replying so I don't seem eager")`` says it is a game
(``strategic_delay``), why (in our words, after Ashley Davene and Sally LeBoy: you can't make
anyone feel anything; chemistry takes two), what to do instead (a real life of your own; saying
how you feel) and the practices behind it. A sincere plan is never refused, even when it uses
the same words: "I'm going out with my friends this weekend" is simply a plan.

The rules, all of them data in ``guardrail.toml`` (see the comments there for the kinds of
signal and what cancels one), read first (:func:`read_rules`); the learned stage
(``fireside.planner.learned``) may add a game they miss. Pure: no I/O beyond reading that file
and the weights once.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from fireside.errors import ExitCode, FiresideError
from fireside.planner.tactics import TACTICS
from fireside.pronouns import PronounSet, render

MAX_CHARS = 2000
KINDS = ("strong", "outcome", "hint", "action", "loaded")
_WEIGHT = {"strong": 3.0, "outcome": 2.0, "loaded": 2.0, "action": 1.0, "hint": 0.0}
_OTHER_FACTOR = 0.4  # a generic "other" signal names the tactic only when nothing specific does
_SENTENCE_END = re.compile(r"[.!?;\n]+")
_APOSTROPHES = re.compile(r"['\u2019\u2018\u02bc`\u00b4]")
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"'})
_SPACES = re.compile(r"\s+")
_PAST = frozenset({"i used to", "we used to", "i stopped", "ive stopped", "i have stopped"})
_NOW = re.compile(r"\b(?:now|nowadays|these days|from now on|lately|this time)\b")
CANCELLED_BY = ("negated", "retracted", "past", "advice", "consent")
# explicit enough to keep the learned stage out: the person's own no, a game left in the past,
# something agreed with the partner; not someone else's advice (is it followed? the model reads)
_TURNED_DOWN = frozenset({"negated", "retracted", "past", "consent"})
_HYPHEN = re.compile(r"(?<=[a-z])[-\u2010\u2011](?=[a-z])")
_WILL = re.compile(r"\b(he|she|they|it|we|you)['\u2019]ll\b")
_SURROGATE = re.compile("[\ud800-\udfff]")  # bytes that were not UTF-8, or half a character


class IntentionError(FiresideError):
    """An intention that cannot be read (empty, too long, not text)."""

    exit_code = ExitCode.INVALID_INPUT


@dataclass(frozen=True)
class Intention:
    """What the guardrail makes of one intention."""

    text: str
    is_game: bool
    tactic: str | None  # one of TACTICS when is_game, else None
    why: str
    instead: str | None
    practices: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "is_game": self.is_game,
            "tactic": self.tactic,
            "why": self.why,
            "instead": self.instead,
            "practices": list(self.practices),
        }


@dataclass(frozen=True)
class Signal:
    """One pattern that matched the normalised text."""

    tactic: str
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class _Pattern:
    tactic: str
    kind: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class _Wording:
    label: str
    why: str
    instead: str
    practices: tuple[str, ...]


class GuardrailBook:
    """``guardrail.toml``, compiled once."""

    def __init__(self, data: dict[str, Any]) -> None:
        macros: dict[str, str] = data["macros"]

        def expand(pattern: str) -> str:
            for name, value in macros.items():
                pattern = pattern.replace(f"%{name}%", value)
            return pattern

        self.shorthand: dict[str, str] = dict(data["shorthand"])
        words = sorted(self.shorthand, key=len, reverse=True)
        self._shorthand = re.compile(rf"\b(?:{'|'.join(map(re.escape, words))})\b")
        self.patterns: list[_Pattern] = []
        for signal in data["signal"]:
            tactic, kind = signal["tactic"], signal["kind"]
            if tactic not in TACTICS or kind not in KINDS:
                raise ValueError(f"guardrail.toml: unknown tactic {tactic!r} or kind {kind!r}")
            for pattern in signal["patterns"]:
                self.patterns.append(_Pattern(tactic, kind, re.compile(expand(pattern))))
        scope = data["scope"]
        negator, gap = scope["negators"], int(scope["gap"])
        self.negator = re.compile(rf"\b{negator}\b")
        self.gap = gap
        # for a purpose, only a negator of the person's own plan counts ("I'm not going to...",
        # "no more ...", "instead of waiting to see if he remembers"), not one inside a
        # description ("act like it didn't touch me")
        self.last_negator = re.compile(
            rf"(?:^\s*|\b(?:i|im|ill|id|ive|we|were|well)\s+(?:\w+\s+)?|\b(?=instead of|rather than))(?P<negator>{negator})\b"
            rf"(?:\s+{scope['fillers']}\b)*\s+(?!(?:and|but|or|so|then)\b)(?P<word>\w+)"
        )
        self.withholding = re.compile(scope["withholding_verbs"])
        self.withheld = re.compile(scope["withheld_things"])
        self.retractions = [re.compile(p) for p in scope["retractions"]]
        self.before = re.compile(rf"\b{scope['before']}\b")
        self.attribution = re.compile(scope["attribution"])
        self.adoption = re.compile(scope["adoption"])
        self.sincere_reasons = [re.compile(expand(p)) for p in data["sincere_reasons"]["patterns"]]
        self.consent = [re.compile(expand(p)) for p in data["consent"]["patterns"]]
        self.vetoes = [re.compile(expand(p)) for p in data["veto"]["patterns"]]
        self.wording = {
            name: _Wording(
                label=entry["label"],
                why=_join(entry["why"]),
                instead=_join(entry["instead"]),
                practices=tuple(entry["practices"]),
            )
            for name, entry in data["tactic"].items()
        }
        missing = set(TACTICS) - set(self.wording)
        if missing:
            raise ValueError(f"guardrail.toml: no wording for {sorted(missing)}")
        self.sincere_why = _join(data["sincere"]["why"])
        self.note_template: str = data["note"]["template"]

    def normalise(self, text: str) -> str:
        """Lower case, apostrophes gone, shorthand and common typos spelled out."""
        folded = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
        folded = _WILL.sub(r"\1 will", folded)  # "he'll" is "he will", never "hell"
        folded = _APOSTROPHES.sub("", folded)
        folded = _HYPHEN.sub(" ", folded)  # "accidentally-on-purpose", "face-up"
        folded = re.sub(r"\bw/o\b", " without ", folded)
        folded = re.sub(r"\bw/", " with ", folded)
        folded = folded.replace("&", " and ")
        folded = self._shorthand.sub(lambda m: self.shorthand[m.group()], folded)
        folded = re.sub(r"(?<=[a-z]) n (?=[a-z])", " and ", folded)
        folded = re.sub(r"(?<=[a-z]) w (?=[a-z])", " with ", folded)
        folded = re.sub(r"(?<=[a-z]) 2 (?=[a-z])", " to ", folded)
        folded = re.sub(r"(?<=[a-z]) 4 (?=[a-z])", " for ", folded)
        return _SPACES.sub(" ", folded).strip()

    def signals(
        self, normalised: str, cancelled: list[tuple[Signal, str]] | None = None
    ) -> list[Signal]:
        """Every signal that counts: not negated, retracted, past or someone else's advice.

        Signals that matched but do not count go to ``cancelled`` when it is given, with why
        (one of ``CANCELLED_BY``).
        """
        found: list[Signal] = []
        for pattern in self.patterns:
            for match in pattern.regex.finditer(normalised):
                signal = Signal(pattern.tactic, pattern.kind, match.start(), match.end())
                reason = self._cancelled_by(normalised, signal)
                if reason is None:
                    found.append(signal)
                elif cancelled is not None:
                    cancelled.append((signal, reason))
        found.sort(key=lambda s: (s.start, s.end))
        return found

    def _cancelled_by(self, text: str, signal: Signal) -> str | None:
        """Why a signal does not count, or None when it does."""
        sentence_start = _sentence_start(text, signal.start)
        prefix = text[sentence_start : signal.start]
        if signal.kind in ("outcome", "hint"):
            # a purpose is negated within its own clause, by a negator that ends before it; the
            # negated word may be the purpose's own first word ("I won't make him jealous"),
            # but a negator inside the purpose is part of it ("dont wanna seem thirsty")
            clause_start = sentence_start + prefix.rfind(",") + 1
            clause = text[clause_start : signal.end]
            before = [
                m
                for m in self.last_negator.finditer(clause)
                if clause_start + m.end("negator") <= signal.start
            ]
            if before and not self._withheld(clause[before[-1].start("word") :]):
                return "negated"
            if _NOT_FOR.search(prefix):  # "Not so she'll come back.", "not to make him jealous"
                return "negated"
        elif self._negated_before(prefix, text[signal.start : signal.end]):
            return "negated"
        after = text[signal.end :]
        if any(r.search(after) for r in self.retractions):
            return "retracted"
        thought = self.before.search(prefix)
        # "I used to shout, now I just go quiet for days": the plan after "now" is today's
        if thought and thought.group() in _PAST and not _NOW.search(prefix, thought.end()):
            return "past"
        if self._advice_not_taken(text, prefix, text[signal.start : signal.end]):
            return "advice"
        if signal.tactic == "snooping" and any(c.search(text) for c in self.consent):
            return "consent"
        return None

    def _negated_before(self, prefix: str, matched: str) -> bool:
        """A negator shortly before the signal ("I'm not going to", "instead of testing him").

        The negator's own lookahead may need the signal's first word, so the signal is read
        with the prefix; only a negator that ends before the signal counts.
        """
        for match in self.negator.finditer(prefix + matched):
            if match.end() > len(prefix):
                break
            between = prefix[match.end() :]
            if "," not in between and len(between.split()) <= self.gap:
                return True
        return False

    def _withheld(self, words_after_negator: str) -> bool:
        """Is the negated thing itself the withholding ("no more good morning texts")?"""
        words = words_after_negator.split()
        return bool(words) and (
            bool(self.withholding.fullmatch(words[0]))
            or any(self.withheld.fullmatch(w) for w in words[:3])
        )

    def _advice_not_taken(self, text: str, prefix: str, matched: str) -> bool:
        """Someone else's advice before the signal, not adopted. The advice may be the
        signal itself as an imperative ("my roommate says leave him on read"), so the
        attribution is read with the signal, and must start before it."""
        for match in self.attribution.finditer(prefix + matched):
            if match.start() >= len(prefix):
                break
            words = prefix[: match.start()].split()
            if words and words[-1] not in ("i", "ive", "id"):
                return not self.adoption.search(text)
        return False

    def has_sincere_reason(self, normalised: str) -> bool:
        return any(r.search(normalised) for r in self.sincere_reasons)

    def has_explicit_purpose(self, normalised: str) -> bool:
        """A sincere purpose of the person's own, stated outright (``[veto]``)."""
        return any(r.search(normalised) for r in self.vetoes)


# "not" just before a purpose negates it: "Deleting him. Not so he misses me, I need to heal."
_NOT_FOR = re.compile(
    r"\bnot\s+(?:just\s+|only\s+|really\s+)?(?:(?:so|so that|in order|to|because)\s+)?$"
)


def _join(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _sentence_start(text: str, position: int) -> int:
    start = 0
    for match in _SENTENCE_END.finditer(text, 0, position):
        start = match.end()
    return start


@cache
def guardrail_book() -> GuardrailBook:
    data = resources.files("fireside.planner").joinpath("guardrail.toml").read_bytes()
    return GuardrailBook(tomllib.loads(data.decode("utf-8")))


def decide(signals: list[Signal], sincere_reason: bool) -> tuple[bool, str | None]:
    """Is it a game, and which tactic: the rule that turns signals into a reading."""
    kinds = {s.kind for s in signals}
    means = kinds & {"action", "loaded"}
    is_game = bool(
        kinds & {"strong", "outcome"}
        or ("hint" in kinds and means)
        or ("loaded" in kinds and not sincere_reason)
    )
    if not is_game:
        return False, None
    return True, _best_tactic(signals)


def _best_tactic(signals: list[Signal]) -> str:
    """The tactic with the most weight behind it (a generic "other" signal counts for less)."""
    scores: dict[str, float] = {}
    first: dict[str, int] = {}
    for s in signals:
        weight = _WEIGHT[s.kind] * (_OTHER_FACTOR if s.tactic == "other" else 1.0)
        scores[s.tactic] = scores.get(s.tactic, 0.0) + weight
        first.setdefault(s.tactic, s.start)
    if not scores:
        return "other"
    tactic = max(scores, key=lambda t: (scores[t], -first[t]))
    return tactic if scores[tactic] > 0.0 else "other"


def _tactic_from(signals: list[Signal]) -> str | None:
    """The tactic the rules' signals point to, if any of them names one (for the learned stage)."""
    named = [s for s in signals if s.tactic != "other" and s.kind != "hint"]
    return _best_tactic(named) if named else None


# A game in itself ("play hard to get") in a plan of fewer words than this is firm: the learned
# stage may not turn it down. Its n-grams have seen "hard to get" in as many refusals as plans,
# and a short plan gives it nothing else to go on. Leaving one writer out (17 writers), firm
# under 8, 10, 12 or 15 words gave the same figures (87.1-87.2% of games, 2.5% of sincere).
FIRM_WORDS = 12


@dataclass(frozen=True)
class RulesReading:
    """What the rules make of an intention, with what the learned stage may use of it."""

    is_game: bool
    tactic: str | None  # the rules' tactic when is_game, else None
    named: str | None  # the tactic a signal names, game or not (for a game only the model finds)
    veto: str | None  # "turned_down" or "sincere_purpose": explicit, the model may not overrule
    firm: bool = False  # a short plan that is a game in itself: the model may not turn it down


def read_rules(text: str) -> RulesReading:
    """The rules' reading of one (already checked) intention.

    ``veto`` is set only by something explicit the model cannot read: a game or a means the
    person turns down, by a negation or by taking it back ("I won't make him jealous",
    "instead of testing him ...", "leave him on read? nah, I'll answer"), leaves in the past
    ("I used to test him", but not "I used to shout, now I go quiet"), or agreed with the
    partner ("we both agreed to share locations"); or a sincere purpose of their own stated
    as the reason ("so I can heal", "for my own peace", ``[veto]`` in ``guardrail.toml``).
    Someone else's advice not followed is not a veto: whether it is followed, the model reads.
    """
    book = guardrail_book()
    normalised = book.normalise(text)
    cancelled: list[tuple[Signal, str]] = []
    signals = book.signals(normalised, cancelled)
    is_game, tactic = decide(signals, book.has_sincere_reason(normalised))
    veto = None
    if not is_game:
        if any(s.kind != "hint" and why in _TURNED_DOWN for s, why in cancelled):
            veto = "turned_down"
        elif book.has_explicit_purpose(normalised):
            veto = "sincere_purpose"
    firm = (
        is_game
        and any(s.kind == "strong" for s in signals)
        and len(normalised.split()) < FIRM_WORDS
    )
    return RulesReading(is_game, tactic, _tactic_from(signals), veto, firm)


def read_intention(
    text: str,
    *,
    pronouns: PronounSet = PronounSet.HE,
    partner_name: str | None = None,
    learned: bool = True,
) -> Intention:
    """Read one intention: is it a game, which tactic, why, and what to do instead.

    The rules read first; when they veto nothing, the learned stage is available (the coach's
    embedding model and the weights are installed) and ``learned`` is true, the stage may find
    a game, name one the rules could not, or turn down one it is all but sure is an ordinary
    plan (``fireside.planner.learned.combine``, the one rule).
    """
    if not isinstance(text, str):
        raise IntentionError(
            f"An intention must be text, not {type(text).__name__}.",
            hint='Write it as you would say it, e.g. "I\'m going out with my friends this weekend".',
        )
    stripped = text.strip()
    if not stripped:
        raise IntentionError(
            "The intention is empty.",
            hint='Say what you are thinking of doing, e.g. "I\'ll wait an hour before replying".',
        )
    if len(stripped) > MAX_CHARS:
        raise IntentionError(
            f"The intention is {len(stripped)} characters long; the guardrail reads up to {MAX_CHARS}.",
            hint="Write the plan itself in a sentence or two.",
        )
    if _SURROGATE.search(stripped):
        raise IntentionError(
            "The intention has characters that are not valid text (not UTF-8).",
            hint="Type it again, or save the file it comes from as UTF-8.",
        )
    rules = read_rules(stripped)
    is_game, tactic = rules.is_game, rules.tactic  # what combine() gives without the model
    if learned and rules.veto is None:
        from fireside.planner.learned import combine, learned_stage

        stage = learned_stage()
        if stage is not None:
            is_game, tactic = combine(rules, stage.judge([stripped])[0], stage.model.cutoffs)

    def say(template: str) -> str:
        return render(template, pronouns, partner_name)

    book = guardrail_book()
    if not is_game or tactic is None:
        return Intention(stripped, False, None, say(book.sincere_why), None, ())
    wording = book.wording[tactic]
    return Intention(
        text=stripped,
        is_game=True,
        tactic=tactic,
        why=say(wording.why),
        instead=say(wording.instead),
        practices=wording.practices,
    )


def guardrail_note(
    text: str,
    *,
    pronouns: PronounSet = PronounSet.HE,
    partner_name: str | None = None,
    learned: bool = False,
) -> str | None:
    """The note the coach adds under a draft that states a game as its intention, else None.

    A draft speaks to the partner ("I won't answer you until you apologise"), so "you" is
    read as the partner first. Rules only by default: the learned stage was trained on
    intentions, not on messages, and would speak up on ordinary ones. Never raises for an
    empty or over-long draft: there is simply no note.
    """
    if not isinstance(text, str) or not text.strip() or len(text.strip()) > MAX_CHARS:
        return None
    if not _OWN_PLAN.search(text):
        return None  # a question or a remark about the partner states no plan of the writer's
    spoken_of = as_third_person(text)
    reading = read_intention(
        spoken_of, pronouns=pronouns, partner_name=partner_name, learned=learned
    )
    if not reading.is_game:
        return None
    return guardrail_book().note_template.format(why=reading.why, instead=reading.instead)


_OWN_PLAN = re.compile(
    r"\b(?:i(?:['\u2019]ll| will| shall|['\u2019]m going to| am going to|['\u2019]?m gonna|"
    r" am gonna| plan| intend|['\u2019]m planning|['\u2019]m not going to| am not going to|"
    r" won['\u2019]?t| refuse)|ill|ima|imma|let['\u2019]?s see if)\b",
    re.IGNORECASE,
)
_SUBJECT_BEFORE = re.compile(
    r"\b(so|so that|until|till|unless|if|whether|when|because|and|then|see if|hope|hoping)\s+$"
)
_YOU = re.compile(
    r"\b(?:you(?:['\u2019](?:re|ll|ve|d))?|youre|youll|youve|your|yours|yourself|u|ur)\b", re.I
)
_THIRD = {
    "your": "his",
    "ur": "his",
    "yours": "his",
    "yourself": "himself",
    "you're": "he is",
    "youre": "he is",
    "you'll": "he will",
    "youll": "he will",
    "you've": "he has",
    "youve": "he has",
    "you'd": "he would",
}


def as_third_person(text: str) -> str:
    """A message to the partner as a sentence about him: "until you say sorry" -> "until he say sorry".

    Crude on purpose (the rules accept "he say"): "you" after so/until/if/when... is the
    subject (he), elsewhere the object (him).
    """

    def swap(match: re.Match[str]) -> str:
        word = match.group().lower().replace("\u2019", "'")
        if word in _THIRD:
            return _THIRD[word]
        return "he" if _SUBJECT_BEFORE.search(text, 0, match.start()) else "him"

    return _YOU.sub(swap, text)


def tactic_label(
    tactic: str, *, pronouns: PronounSet = PronounSet.HE, partner_name: str | None = None
) -> str:
    """A tactic in plain words, e.g. ``silence_as_punishment`` -> "silence as punishment"."""
    wording = guardrail_book().wording.get(tactic) or guardrail_book().wording["other"]
    return render(wording.label, pronouns, partner_name)
