"""Split data/coach/corpus.txt into dev.jsonl and test.jsonl by a stable hash of the text,
and convert the fresh holdout (holdout.txt, written after the rules were fixed) to holdout.jsonl.

The split is fixed by the text alone (sha256), so adding a message never moves another one
between splits. Rules are tuned on dev only; test is for the reported figures.

    .venv/bin/python scripts/split_coach_corpus.py
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "data" / "coach"
TEST_SHARE = 35  # percent


def main() -> None:
    splits: dict[str, list[dict[str, object]]] = {"dev": [], "test": []}
    seen: set[str] = set()
    for number, line in enumerate((ROOT / "corpus.txt").read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        labels_part, _, text = line.partition(" | ")
        if not text or text in seen:
            raise SystemExit(f"corpus.txt:{number}: missing ' | ' or duplicate text")
        seen.add(text)
        labels = sorted(label.strip() for label in labels_part.split(","))
        digest = int(hashlib.sha256(text.encode()).hexdigest(), 16)
        split = "test" if digest % 100 < TEST_SHARE else "dev"
        splits[split].append({"text": text, "labels": labels})
    splits["holdout"] = _read_plain(ROOT / "holdout.txt")
    for name, rows in splits.items():
        path = ROOT / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
        counts = Counter(label for r in rows for label in r["labels"])  # type: ignore[attr-defined]
        print(
            f"{name}: {len(rows)} messages  "
            + "  ".join(f"{k}={v}" for k, v in sorted(counts.items()))
        )


def _read_plain(path: Path) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            labels_part, _, text = line.partition(" | ")
            rows.append({"text": text, "labels": sorted(x.strip() for x in labels_part.split(","))})
    return rows


if __name__ == "__main__":
    main()
