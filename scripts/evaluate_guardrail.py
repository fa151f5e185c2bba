"""Measure the guardrail on labelled files (default: the dev, test and blind sets).

.venv/bin/python scripts/evaluate_guardrail.py               # rules + learned stage if installed
.venv/bin/python scripts/evaluate_guardrail.py --rules-only
.venv/bin/python scripts/evaluate_guardrail.py --mistakes data/guardrail/dev.jsonl
.venv/bin/python scripts/evaluate_guardrail.py --by-writer data/guardrail/test.jsonl
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from fireside.planner.corpus import read_examples
from fireside.planner.evaluate import evaluate
from fireside.planner.learned import learned_stage

DATA = Path(__file__).resolve().parents[1] / "data" / "guardrail"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--rules-only", action="store_true", help="leave the learned stage out")
    parser.add_argument("--mistakes", action="store_true", help="list every wrong reading")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON lines")
    parser.add_argument("--by-writer", action="store_true", help="also the figures per writer")
    args = parser.parse_args()
    files = args.files or [
        *(DATA / f"{name}.jsonl" for name in ("dev", "test")),
        *sorted(DATA.glob("blind*.jsonl")),
    ]
    learned = not args.rules_only and learned_stage() is not None
    mode = "rules + learned stage" if learned else "rules only"
    if not args.json:
        print(f"mode: {mode}")
    for path in files:
        examples = read_examples(path)
        parts = [(path.name, examples)]
        if args.by_writer:
            writers = sorted({e.writer for e in examples})
            parts += [(f"  {w}", [e for e in examples if e.writer == w]) for w in writers]
        for name, part in parts:
            figures = evaluate(part, name=name.strip(), learned=learned)
            if args.json:
                print(json.dumps({**figures.as_json(), "file": path.name, "mode": mode}))
            else:
                print(
                    f"{name:22} games found {figures.games_found}/{figures.games} "
                    f"({figures.games_rate:.1%})  sincere flagged {figures.sincere_flagged}/"
                    f"{figures.sincere} ({figures.flagged_rate:.1%})  tactic right "
                    f"{figures.tactic_right}/{figures.games_found}"
                )
            if args.mistakes and name == path.name:
                for m in figures.mistakes:
                    print(f"  {m['where']}: expected {m['expected']}, got {m['got']}: {m['text']}")


if __name__ == "__main__":
    main()
