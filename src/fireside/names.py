"""Does the name in a chat belong to the person in the profile? "Sammy 💕" is "Sammy",
"Alex Smith" is "Alex". Pure, shared by the import, `fireside parse` and the web's chooser."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

MIN_PREFIX = 3  # "Sam" finds "Samantha"; "Al" finds nobody


def fold(name: str) -> str:
    """A name reduced to what identifies it: compatibility-normalised, case-folded, with emoji,
    symbols and punctuation dropped and spaces collapsed (``"Sammy 💕"`` -> ``"sammy"``)."""
    kept = []
    for char in unicodedata.normalize("NFKC", name):
        category = unicodedata.category(char)
        if "\ufe00" <= char <= "\ufe0f":  # emoji presentation selectors (the ️ in ❤️)
            continue
        if category[0] in "LNM":
            kept.append(char)
        elif category[0] == "Z" or char in "-'’.":
            kept.append(" ")
        # symbols (emoji, hearts), other punctuation and control/format marks are dropped
    # normalised again: dropping a symbol can leave a letter and a combining mark that compose
    # ("K:" + U+0331 -> "ḵ"), so that folding a folded name changes nothing
    return unicodedata.normalize("NFKC", " ".join("".join(kept).casefold().split()))


def matches(chat_name: str, wanted: str) -> bool:
    """True when ``chat_name`` (as written in an export) is the person called ``wanted``:
    the same folded name; or ``wanted`` is the first name(s) of it ("Alex" in "Alex Smith");
    or one starts the other ("Sam" and "Samantha", at least three letters)."""
    a, b = fold(chat_name), fold(wanted)
    if not a or not b:
        return False
    if a == b:
        return True
    if a.startswith(b + " ") or b.startswith(a + " "):
        return True
    first_a, first_b = a.split(" ", 1)[0], b.split(" ", 1)[0]
    short, long = sorted((first_a, first_b), key=len)
    return len(short) >= MIN_PREFIX and long.startswith(short)


def find(participants: Sequence[str], wanted: Iterable[str]) -> list[str]:
    """The participants who are any of ``wanted``: exact folded matches first; looser matches
    (first name, prefix) only where they point at exactly one participant."""
    found: list[str] = []
    for name in wanted:
        exact = [p for p in participants if fold(p) == fold(name) and fold(p)]
        loose = exact or [p for p in participants if matches(p, name)]
        if len(loose) == 1 or (exact and loose is exact):
            found.extend(p for p in loose if p not in found)
    return found


def find_one(participants: Sequence[str], wanted: str | None) -> str | None:
    """The one participant who is ``wanted``, or None (no one, or more than one)."""
    if not wanted:
        return None
    hits = find(participants, [wanted])
    return hits[0] if len(hits) == 1 else None
