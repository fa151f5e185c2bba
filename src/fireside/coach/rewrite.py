"""Rewrites: each problem sentence said from the sender's side, the rest kept as written."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from fireside.coach.detect import Hit
from fireside.coach.text import Sentence


def when_phrase(sentence: str, phrases: Sequence[str]) -> str:
    lowered = sentence.lower()
    for phrase in phrases:
        if re.search(rf"\b{re.escape(phrase)}\b", lowered):
            return f" {phrase}"
    return ""


def render_rewrite(hit: Hit, rewrites: Mapping[str, str], when: Sequence[str]) -> str | None:
    """The rewrite of one finding, or None when the advice is to leave the sentence out."""
    key = hit.rule.rewrite
    if not key:
        return None
    topic = _as_topic(hit.groups.get("topic") or rewrites["topic_default"])
    return rewrites[key].format(when=when_phrase(hit.sentence.text, when), topic=topic)


def _as_topic(phrase: str) -> str:
    """A captured phrase as the object of "talk about": "move in together" -> "moving in together"."""
    words = phrase.lower().split()
    if words and words[0] in _GERUNDS:
        words[0] = _GERUNDS[words[0]]
    return " ".join(words)


_GERUNDS = {"move": "moving", "get": "getting", "split": "splitting", "pay": "paying"}


def suggest(
    sentences: Sequence[Sentence],
    originals: Mapping[Sentence, str],
    problems: Sequence[Hit],
    priority: Sequence[str],
    rewrites: Mapping[str, str],
    when: Sequence[str],
) -> str | None:
    """The whole message, rewritten; None when nothing needed changing."""
    if not problems:
        return None
    rank = {label: i for i, label in enumerate(priority)}
    parts: list[str] = []
    for sentence in sentences:
        here = [h for h in problems if covers(h, sentence)]
        if not here:
            parts.append(originals[sentence])
            continue
        chosen = min(here, key=lambda h: rank.get(h.label, len(rank)))
        named = [h for h in here if h.groups.get("topic")]
        if named and chosen not in named:  # its wording has no topic: keep the one named
            chosen = min(named, key=lambda h: rank.get(h.label, len(rank)))
        text = render_rewrite(chosen, rewrites, when)
        if text and text not in parts:
            parts.append(text)
    if not any(p for p in parts):
        return rewrites["fallback"]
    return _tidy(" ".join(parts))


def covers(hit: Hit, sentence: Sentence) -> bool:
    """A hit speaks for its own sentence, or for every sentence its span covers (the learned
    stage can find a label in the draft as a whole)."""
    return hit.sentence == sentence or (hit.start <= sentence.start and sentence.end <= hit.end)


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text[:1].upper() + text[1:]
