"""Text helpers: normalisation that keeps offsets, sentences, words, language."""

from __future__ import annotations

import re
from dataclasses import dataclass

# one-to-one replacements, so every offset in the normalised text is an offset in the original
_SAME_LENGTH = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"')\]]*|\n|$)|[.!?]+")
WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
LETTER = re.compile(r"[^\W\d_]")
LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str  # normalised, stripped


def normalise(text: str) -> str:
    return text.translate(_SAME_LENGTH)


def sentences(text: str) -> list[Sentence]:
    """Sentences with offsets into ``text`` (already normalised)."""
    found = []
    for match in _SENTENCE.finditer(text):
        raw = match.group()
        stripped = raw.strip()
        if not stripped or not any(ch.isalnum() or ord(ch) > 0x2000 for ch in stripped):
            if found and stripped:  # trailing punctuation such as "?!" joins the sentence before
                last = found[-1]
                found[-1] = Sentence(last.start, match.end(), text[last.start : match.end()].strip())
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        found.append(Sentence(start, start + len(stripped), stripped))
    return found


def words(text: str) -> list[str]:
    return WORD.findall(text)


def looks_english(text: str, known: frozenset[str]) -> bool:
    """Heuristic: mostly Latin letters, and enough frequent English words among 4+ words."""
    letters = LETTER.findall(text)
    if not letters:
        return True  # emoji, numbers: nothing to judge
    latin = sum(1 for ch in letters if LATIN_LETTER.match(ch))
    if latin / len(letters) < 0.5:
        return False
    tokens = [w.lower() for w in words(text)]
    if len(tokens) < 4:
        return True
    share = sum(1 for w in tokens if w in known) / len(tokens)
    return share >= 0.25
