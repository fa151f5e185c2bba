"""The coach's labelled corpus: batches in, disjoint train / dev / test splits out.

``data/coach/batches/*.jsonl`` hold every message we wrote, one JSON object a line with
``text``, ``labels``, ``register`` and ``writer``. A split is decided for a *group* of messages,
never for one: messages whose normalised text is equal or nearly equal (same words, give or
take punctuation, case, shorthand and a word or two) share a group, so a paraphrase can never
sit in train while its twin is in test. The group's split comes from a hash of its first
member's normalised text, so adding messages never moves another group.

``data/coach/blind.jsonl`` and ``blind-2.jsonl`` are the blind sets: each written after the
rules and the model were frozen, by a writer who never saw the batches (a different writer each
time). They are never split, trained or tuned on.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from fireside.coach.model import ALL_LABELS

NEUTRAL = "neutral"
SPLITS = ("train", "dev", "test")
SHARES = {"train": 60, "dev": 20}  # percent; the rest is test
NEAR = 0.8  # word-set Jaccard at or above which two messages are near-duplicates
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_SHORT = {"u": "you", "ur": "your", "r": "are", "im": "i'm", "dont": "don't", "cant": "can't"}


@dataclass(frozen=True)
class Entry:
    text: str
    labels: tuple[str, ...]  # sorted; () for neutral
    register: str = ""
    writer: str = ""
    where: str = ""  # file:line, for messages about the data

    def as_json(self) -> dict[str, object]:
        return {
            "text": self.text,
            "labels": list(self.labels) or [NEUTRAL],
            "register": self.register,
            "writer": self.writer,
        }


@dataclass
class CorpusProblems:
    problems: list[str] = field(default_factory=list)

    def add(self, where: str, what: str) -> None:
        self.problems.append(f"{where}: {what}")


def normalise(text: str) -> str:
    """Case, accents of punctuation, spacing and common shorthand folded away."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("\u2019", "'")
    words = [_SHORT.get(w, w) for w in _WORD.findall(folded.replace("'", ""))]
    return " ".join(words)


def read_entries(path: Path, problems: CorpusProblems | None = None) -> Iterator[Entry]:
    """Every valid line of one JSON-lines file; invalid ones go to ``problems`` (or raise)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            row = json.loads(line)
            text, labels = row["text"], row["labels"]
            if not isinstance(text, str) or not text.strip() or not isinstance(labels, list):
                raise ValueError("text must be a non-empty string and labels a list")
        except (ValueError, KeyError, TypeError) as exc:
            if problems is None:
                raise ValueError(f"{where}: {exc}") from exc
            problems.add(where, str(exc))
            continue
        unknown = set(labels) - set(ALL_LABELS) - {NEUTRAL}
        if unknown:
            if problems is None:
                raise ValueError(f"{where}: unknown labels {sorted(unknown)}")
            problems.add(where, f"unknown labels {sorted(unknown)}")
            continue
        yield Entry(
            text=text.strip(),
            labels=tuple(sorted(set(labels) - {NEUTRAL})),
            register=str(row.get("register", "")),
            writer=str(row.get("writer", "")),
            where=where,
        )


def read_batches(folder: Path) -> list[Entry]:
    """All batches, in file order; a text written twice is kept once (the first)."""
    seen: set[str] = set()
    entries: list[Entry] = []
    for path in sorted(folder.glob("*.jsonl")):
        for entry in read_entries(path):
            if entry.text not in seen:
                seen.add(entry.text)
                entries.append(entry)
    return entries


def near_duplicate_groups(
    texts: list[str],
    *,
    fold: Callable[[str], str] | None = None,
    near: float = NEAR,
    rarest: int = 2,
) -> list[int]:
    """A group number for each text: equal or nearly equal normalised texts share one.

    Near means a word-set Jaccard of at least ``near`` (for texts of three words or more).
    Candidates are found through each text's ``rarest`` rarest words, so this stays fast.
    ``fold`` normalises a text (default: ``normalise``); the guardrail's corpus uses its own.
    """
    keys = [(fold or normalise)(t) for t in texts]
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    first: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key in first:
            union(first[key], i)
        else:
            first[key] = i
    sets = [frozenset(k.split()) for k in keys]
    frequency = Counter(w for s in sets for w in s)
    index: dict[str, list[int]] = defaultdict(list)
    for i, words in enumerate(sets):
        if len(words) >= 3:
            for word in sorted(words, key=lambda w: (frequency[w], w))[:rarest]:
                index[word].append(i)
    for members in index.values():
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                a, b = sets[i], sets[j]
                if len(a & b) / len(a | b) >= near:
                    union(i, j)
    return [find(i) for i in range(len(texts))]


def split_of(key: str, *, hex_digits: int | None = None) -> str:
    """train, dev or test, from a stable hash of a group's key (its first ``hex_digits``
    hexadecimal digits when given: the guardrail's corpus was split that way)."""
    digest = int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:hex_digits], 16) % 100
    if digest < SHARES["train"]:
        return "train"
    if digest < SHARES["train"] + SHARES["dev"]:
        return "dev"
    return "test"


def split(entries: list[Entry]) -> dict[str, list[Entry]]:
    """Train, dev and test, disjoint by text and by near-duplicate group."""
    groups = near_duplicate_groups([e.text for e in entries])
    result: dict[str, list[Entry]] = {name: [] for name in SPLITS}
    for entry, group in zip(entries, groups, strict=True):
        result[split_of(normalise(entries[group].text))].append(entry)
    return result


def corpus_digest(entries: Iterable[Entry]) -> str:
    """The sha256 of what training reads: every text with its labels, in order."""
    digest = hashlib.sha256()
    for entry in entries:
        digest.update(json.dumps([entry.text, list(entry.labels)], ensure_ascii=False).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def label_counts(entries: Iterable[Entry]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for entry in entries:
        counts.update(entry.labels or (NEUTRAL,))
    return counts
