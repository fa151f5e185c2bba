"""Write data/guardrail/{train,dev,test}.jsonl from data/guardrail/batches/ (reproducible).

.venv/bin/python scripts/split_guardrail_corpus.py
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from fireside.planner.corpus import read_batches, split, write_jsonl

DATA = Path(__file__).resolve().parents[1] / "data" / "guardrail"


def main() -> None:
    examples = read_batches(DATA / "batches")
    for name, part in split(examples).items():
        write_jsonl(DATA / f"{name}.jsonl", part)
        games = sum(e.is_game for e in part)
        tactics = Counter(e.tactic for e in part if e.is_game)
        print(
            f"{name}: {len(part)} ({games} games, {len(part) - games} sincere), {len(tactics)} tactics"
        )


if __name__ == "__main__":
    main()
