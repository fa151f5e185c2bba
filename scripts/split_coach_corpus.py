"""Split data/coach/batches/*.jsonl into train.jsonl, dev.jsonl and test.jsonl.

Disjoint by text and by near-duplicate group (see fireside.coach.corpus); a group's split comes
from a stable hash, so adding messages never moves another one. The blind
sets (data/coach/blind*.jsonl) are never split; each is checked to share no group with the batches.

    .venv/bin/python scripts/split_coach_corpus.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fireside.coach.corpus import (
    label_counts,
    near_duplicate_groups,
    read_batches,
    read_entries,
    split,
)

ROOT = Path(__file__).resolve().parents[1] / "data" / "coach"


def main() -> int:
    entries = read_batches(ROOT / "batches")
    splits = split(entries)
    for name, rows in splits.items():
        path = ROOT / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r.as_json(), ensure_ascii=False) + "\n" for r in rows))
        counts = label_counts(rows)
        print(
            f"{name}: {len(rows)} messages  "
            + "  ".join(f"{k}={v}" for k, v in sorted(counts.items()))
        )
    status = 0
    for blind_path in sorted(ROOT.glob("blind*.jsonl")):
        blind = list(read_entries(blind_path))
        groups = near_duplicate_groups([e.text for e in entries] + [e.text for e in blind])
        ours = set(groups[: len(entries)])
        shared = [e.text for e, g in zip(blind, groups[len(entries) :], strict=True) if g in ours]
        print(
            f"{blind_path.stem}: {len(blind)} messages, {len(shared)} near-duplicates of the batches"
        )
        for text in shared[:20]:
            print(f"  {text}")
        status = status or (1 if shared else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
