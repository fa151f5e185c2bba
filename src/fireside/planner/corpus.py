"""The guardrail's corpus: batches of intentions we wrote, split into train / dev / test.

``data/guardrail/batches/*.jsonl`` hold every intention, one JSON object a line: ``text``,
``is_game``, ``tactic`` (one of ``TACTICS`` for a game, ``null`` for a sincere plan),
``register``, ``writer`` and, for sincere plans, ``kind``. The split is decided for a *group*:
intentions whose normalised texts are equal or nearly equal (word-set Jaccard of at least
``NEAR``) share one, so a paraphrase never sits in train while its twin is in test. A group's
split comes from a hash of its first member's normalised text, so adding intentions never moves
another group.

``data/guardrail/blind.jsonl`` and ``blind-3.jsonl`` were each written after the rules (and the
weights) were frozen, by a writer who saw only the tactic definitions (``GUIDE.md`` for the
third, a writer who never saw the corpus). They are never split, tuned on or trained on.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fireside.planner.tactics import TACTICS

SPLITS = ("train", "dev", "test")
NEAR = 0.75
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_SHORT = {"u": "you", "ur": "your", "im": "i'm", "dont": "don't", "gonna": "going to"}


class CorpusError(ValueError):
    """A line of a corpus file is not a valid intention (names the file and line)."""


@dataclass(frozen=True)
class Example:
    text: str
    is_game: bool
    tactic: str | None
    register: str = ""
    writer: str = ""
    kind: str = ""
    where: str = ""

    def as_json(self) -> dict[str, object]:
        row: dict[str, object] = {
            "text": self.text,
            "is_game": self.is_game,
            "tactic": self.tactic,
            "register": self.register,
            "writer": self.writer,
        }
        if self.kind:
            row["kind"] = self.kind
        return row


def normalise(text: str) -> str:
    """Case, apostrophes, spacing and a little shorthand folded away (for grouping only)."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("\u2019", "'")
    return " ".join(_SHORT.get(w, w) for w in _WORD.findall(folded.replace("'", "")))


def read_examples(path: Path) -> list[Example]:
    """Every line of one JSON-lines file; a bad line raises ``CorpusError`` naming it."""
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{where}: not JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise CorpusError(f"{where}: expected a JSON object")
        text, is_game, tactic = row.get("text"), row.get("is_game"), row.get("tactic")
        if not isinstance(text, str) or not text.strip():
            raise CorpusError(f"{where}: 'text' must be a non-empty string")
        if not isinstance(is_game, bool):
            raise CorpusError(f"{where}: 'is_game' must be true or false")
        if is_game and tactic not in TACTICS:
            raise CorpusError(f"{where}: a game needs a 'tactic' from {', '.join(TACTICS)}")
        if not is_game and tactic is not None:
            raise CorpusError(f"{where}: a sincere plan has 'tactic': null")
        examples.append(
            Example(
                text=text.strip(),
                is_game=is_game,
                tactic=tactic,
                register=str(row.get("register", "")),
                writer=str(row.get("writer", "")),
                kind=str(row.get("kind", "")),
                where=where,
            )
        )
    return examples


def read_batches(folder: Path) -> list[Example]:
    """All batches in file order; a text written twice is kept once (the first)."""
    seen: set[str] = set()
    kept = []
    for path in sorted(folder.glob("*.jsonl")):
        for example in read_examples(path):
            if example.text not in seen:
                seen.add(example.text)
                kept.append(example)
    return kept


def near_duplicate_groups(texts: list[str]) -> list[int]:
    """A group number for each text: equal or nearly equal normalised texts share one (the
    coach's grouping, with this corpus's folding, a looser ``NEAR`` and three rare words)."""
    from fireside.coach.corpus import near_duplicate_groups as groups

    return groups(texts, fold=normalise, near=NEAR, rarest=3)


def split_of(key: str) -> str:
    """train, dev or test, from a stable hash of a group's key (the coach's rule)."""
    from fireside.coach.corpus import split_of as coach_split_of

    return coach_split_of(key, hex_digits=8)


def split(examples: list[Example]) -> dict[str, list[Example]]:
    """Disjoint train / dev / test lists, near-duplicates kept together."""
    groups = near_duplicate_groups([e.text for e in examples])
    key_of = {g: normalise(examples[g].text) for g in set(groups)}
    out: dict[str, list[Example]] = {name: [] for name in SPLITS}
    for example, group in zip(examples, groups, strict=True):
        out[split_of(key_of[group])].append(example)
    return out


def corpus_hash(examples: Iterable[Example]) -> str:
    """The sha256 of the examples a model was trained on (text, label, tactic and writer, in
    order: the writer decides the held-out scores the threshold is calibrated on)."""
    digest = hashlib.sha256()
    for e in examples:
        digest.update(json.dumps([e.text, e.is_game, e.tactic, e.writer]).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def write_jsonl(path: Path, examples: Iterable[Example]) -> None:
    """Write atomically: a temporary file beside ``path``, then a rename."""
    temporary = path.with_suffix(path.suffix + ".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        for example in examples:
            handle.write(json.dumps(example.as_json(), ensure_ascii=False) + "\n")
    temporary.replace(path)
