"""Find what the rules describe: per sentence, first rule of each label wins."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from fireside.coach.rules import Rule, RuleBook
from fireside.coach.text import Sentence, words


@dataclass(frozen=True)
class Hit:
    rule: Rule
    sentence: Sentence
    start: int
    end: int
    groups: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.rule.label


@dataclass(frozen=True)
class _Lexicon:
    joy: frozenset[str]
    shouted_anger: frozenset[str]
    not_shouting: frozenset[str]
    negative: frozenset[str]
    humor: re.Pattern[str]
    humor_min_words: int


@cache
def _lexicon(book: RuleBook) -> _Lexicon:
    lex = book.lexicon
    markers = "|".join(re.escape(m) for m in lex["humor_markers"])
    emoji = "|".join(re.escape(e) for e in lex["humor_emoji"])
    return _Lexicon(
        joy=frozenset(lex["joy"]),
        shouted_anger=frozenset(lex["shouted_anger"]),
        not_shouting=frozenset(lex["not_shouting"]),
        negative=frozenset(lex["negative"]),
        humor=re.compile(rf"\b(?:{markers})\w*\b|{emoji}", re.IGNORECASE),
        humor_min_words=int(lex["humor_min_words"]),
    )


_CAPS = re.compile(r"\b[A-Z][A-Z']*[A-Z]\b")
_BANG = re.compile(r"(?:[!?]*![!?]*){3,}|\?+!+[!?]*|!+\?+[!?]*")


class _Message:
    """Facts about the whole message that detectors share, computed once."""

    def __init__(self, text: str, lex: _Lexicon) -> None:
        self.text = text
        self.lowered = text.lower()
        self.lower_words = {w.lower() for w in words(text)}
        self.joyful = bool(self.lower_words & lex.joy)
        self.negative = bool(self.lower_words & lex.negative)


def _shouting(sentence: Sentence, message: _Message, lex: _Lexicon) -> tuple[int, int] | None:
    caps = [m for m in _CAPS.finditer(sentence.text) if m.group() not in lex.not_shouting]
    if not caps or message.joyful:
        return None
    loud = len(caps) >= 2 or len(caps[0].group()) >= 4
    angry = any(m.group() in lex.shouted_anger for m in caps)
    if not (loud and angry):
        return None
    return sentence.start + caps[0].start(), sentence.start + caps[-1].end()


def _exclaiming(sentence: Sentence, message: _Message, _lex: _Lexicon) -> tuple[int, int] | None:
    bang = _BANG.search(sentence.text)
    if not bang or message.joyful or not message.negative:
        return None
    return sentence.start + bang.start(), sentence.start + bang.end()


Detector = Callable[[Sentence, _Message, _Lexicon], "tuple[int, int] | None"]
_SENTENCE_DETECTORS: dict[str, Detector] = {"shouting": _shouting, "exclaiming": _exclaiming}


def detect(text: str, sentences: list[Sentence], book: RuleBook) -> list[Hit]:
    """Every rule hit in the (normalised) text; message-level suppression comes later
    (``learned.combine``), once the learned stage has had its say."""
    lex = _lexicon(book)
    message = _Message(text, lex)
    hits: list[Hit] = []
    for sentence in sentences:
        taken: set[str] = set()
        for rule in book.rules:
            if rule.label in taken or rule.detector == "humor":
                continue
            hit = _apply(rule, sentence, message, lex)
            if hit is not None:
                hits.append(hit)
                taken.add(rule.label)
    hits.extend(_humor(text, sentences, book, lex))
    return hits


def _apply(rule: Rule, sentence: Sentence, message: _Message, lex: _Lexicon) -> Hit | None:
    if rule.detector:
        span = _SENTENCE_DETECTORS[rule.detector](sentence, message, lex)
        return Hit(rule, sentence, *span) if span else None
    if rule.pattern is None:
        return None
    text, lowered = sentence.text, sentence.lowered
    match = rule.pattern.search(text, lowered)
    if match is None or (rule.unless is not None and rule.unless.search(text, lowered)):
        return None
    if rule.unless_in_draft is not None and rule.unless_in_draft.search(
        message.text, message.lowered
    ):
        return None
    topic = _topic_text(match, text) or _first_topic(rule, text, lowered)
    groups = {"topic": topic} if topic else {}
    return Hit(rule, sentence, sentence.start + match.start(), sentence.start + match.end(), groups)


def _topic_text(match: re.Match[str], text: str) -> str | None:
    """The words a ``topic`` group captured, as written (the match may be on lower case)."""
    for name, value in match.groupdict().items():
        if value and name.startswith("topic"):
            return text[slice(*match.span(name))]
    return None


def _first_topic(rule: Rule, text: str, lowered: str) -> str | None:
    """Another pattern of the rule may name the topic ("we need to talk … about money")."""
    if rule.topic is None:
        return None
    for match in rule.topic.finditer(text, lowered):
        if found := _topic_text(match, text):
            return found
    return None


def _humor(text: str, sentences: list[Sentence], book: RuleBook, lex: _Lexicon) -> list[Hit]:
    rule = next((r for r in book.rules if r.detector == "humor"), None)
    marker = lex.humor.search(text)
    if rule is None or marker is None:
        return []
    content = words(lex.humor.sub(" ", text))
    if len(content) < lex.humor_min_words:
        return []
    sentence = next((s for s in sentences if s.start <= marker.start() < s.end + 1), sentences[-1])
    return [Hit(rule, sentence, marker.start(), marker.end())]
