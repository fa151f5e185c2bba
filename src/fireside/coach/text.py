"""Text helpers: normalisation that keeps offsets, sentences, words, language."""

from __future__ import annotations

import re
from dataclasses import dataclass

# one-to-one replacements, so every offset in the normalised text is an offset in the original
_SAME_LENGTH = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'}
)
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"')\]]*|\n|$)|[.!?]+")
WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
LETTER = re.compile(r"[^\W\d_]")
LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


@dataclass(frozen=True)
class Normalised:
    """Text prepared for matching, with the way back to the original's offsets."""

    text: str
    origin: tuple[int, ...]  # origin[i]: offset in the original of normalised character i

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A span of the normalised text as a span of the original."""
        if end <= start:
            at = self.origin[start] if start < len(self.origin) else self.origin[-1] + 1
            return at, at
        return self.origin[start], self.origin[end - 1] + 1


# Characters that change nothing a person reads but could split a word or hide a finding:
# zero-width spaces and joiners, the soft hyphen, bidi controls, and terminal escape sequences
# (CSI "ESC [ ... letter", OSC "ESC ] ... BEL or ESC \\") with every other control character.
INVISIBLE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC, ended by BEL or ST (or not at all)
    r"|\x1b[@-_]?"  # other escapes
    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    r"\u2060-\u2064\u2066-\u2069\ufeff]"
)


def _drop_invisible(text: str) -> tuple[str, list[int] | None]:
    """The text without invisible characters, and where each kept character came from."""
    if not INVISIBLE.search(text):
        return text, None
    kept: list[str] = []
    origin: list[int] = []
    position = 0
    for match in INVISIBLE.finditer(text):
        kept.append(text[position : match.start()])
        origin.extend(range(position, match.start()))
        position = match.end()
    kept.append(text[position:])
    origin.extend(range(position, len(text)))
    return "".join(kept), origin


class Normaliser:
    """Curly quotes to straight ones, invisible characters out, texting shorthand ("u",
    "dont") to words; every offset of the result maps back to the original."""

    def __init__(self, shorthand: dict[str, str], contextual: dict[str, list[str]]) -> None:
        self._contextual = [
            (re.compile(rf"\b{re.escape(word)}\b{lookahead}", re.IGNORECASE), expansion)
            for word, (expansion, lookahead) in contextual.items()
        ]
        self._plain = dict(shorthand)
        words = sorted(self._plain, key=len, reverse=True)
        self._pattern = re.compile(rf"\b(?:{'|'.join(map(re.escape, words))})\b", re.IGNORECASE)

    def __call__(self, text: str) -> Normalised:
        visible, kept = _drop_invisible(text.translate(_SAME_LENGTH))
        expanded, origin = self._expand(visible)
        if kept is not None:
            origin = [kept[i] for i in origin] if kept else []
        if not origin and expanded:  # only invisible characters were dropped, none were kept
            origin = list(range(len(expanded)))
        return Normalised(expanded, tuple(origin) if origin else (0,))

    def _expand(self, text: str) -> tuple[str, list[int]]:
        replacements: dict[int, tuple[int, str]] = {}  # start -> (end, expansion)
        for pattern, expansion in self._contextual:
            for match in pattern.finditer(text):
                replacements[match.start()] = (match.end(), expansion)
        for match in self._pattern.finditer(text):
            if match.start() not in replacements:
                replacements[match.start()] = (match.end(), self._plain[match.group().lower()])
        if not replacements:
            return text, list(range(len(text)))
        pieces: list[str] = []
        origin: list[int] = []
        position = 0
        for start in sorted(replacements):
            end, expansion = replacements[start]
            if start < position:
                continue
            pieces.append(text[position:start])
            origin.extend(range(position, start))
            pieces.append(expansion)
            origin.extend(start + min(i, end - start - 1) for i in range(len(expansion)))
            position = end
        pieces.append(text[position:])
        origin.extend(range(position, len(text)))
        return "".join(pieces), origin


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str  # normalised, stripped
    lowered: str = ""  # text.lower(), computed once for the matchers

    def __post_init__(self) -> None:
        if not self.lowered:
            object.__setattr__(self, "lowered", self.text.lower())


def sentences(text: str) -> list[Sentence]:
    """Sentences with offsets into ``text`` (already normalised)."""
    found: list[Sentence] = []
    for match in _SENTENCE.finditer(text):
        raw = match.group()
        stripped = raw.strip()
        if not stripped or not any(ch.isalnum() or ord(ch) > 0x2000 for ch in stripped):
            if found and stripped:  # trailing punctuation such as "?!" joins the sentence before
                last = found[-1]
                found[-1] = Sentence(
                    last.start, match.end(), text[last.start : match.end()].strip()
                )
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        found.append(Sentence(start, start + len(stripped), stripped))
    return found


def words(text: str) -> list[str]:
    return WORD.findall(text)


_ANY_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


SHORT_DRAFT = 8  # words: a short draft needs only one foreign word more than English ones


def looks_english(text: str, english: frozenset[str], foreign: frozenset[str]) -> bool:
    """Heuristic: mostly Latin letters, and not dominated by other languages' function words."""
    if not text.isascii():  # only non-ASCII text can be mostly non-Latin
        letters = LETTER.findall(text)
        if letters and sum(1 for ch in letters if LATIN_LETTER.match(ch)) / len(letters) < 0.5:
            return False
    tokens = [w.lower() for w in _ANY_WORD.findall(text)]
    other = sum(1 for w in tokens if w in foreign)
    ours = sum(1 for w in tokens if w in english)
    if len(tokens) <= SHORT_DRAFT:  # "Ti amo", "Hola amor", "Mi manchi tanto"
        return not (other >= 1 and other > ours)
    return not (len(foreign.intersection(tokens)) >= 2 and other >= 2 and other > ours)
