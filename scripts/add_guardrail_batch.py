"""Add a batch written elsewhere to data/guardrail/batches/ (or as a blind set), checked and without near-duplicates.

    .venv/bin/python scripts/add_guardrail_batch.py NEW.jsonl --name batch-15 --writer guard-writer-g1
    .venv/bin/python scripts/add_guardrail_batch.py BLIND.jsonl --name blind-7 --writer guard-blind-7  # a blind set
    .venv/bin/python scripts/split_guardrail_corpus.py     # then split again and retrain

Every line must be a valid intention (``fireside.planner.corpus.read_examples``: text, is_game,
a tactic for a game and null for a sincere plan) that the guardrail accepts (not empty, at most
2,000 characters), written by ``--writer``. A bad line stops everything and is named. A line
whose text is already in the corpus or in a blind set (data/guardrail/blind*.jsonl), or is a near-duplicate of
one (the split's own grouping: word-set Jaccard of at least 0.75 after normalising), is left
out and listed, so a paraphrase never straddles the splits or the blind set. The batch is
written whole or not at all.
"""

from __future__ import annotations

import sys
from pathlib import Path

from _batches import batch_arguments, new_batch_path  # scripts/_batches.py

from fireside.planner.corpus import (
    CorpusError,
    Example,
    near_duplicate_groups,
    read_batches,
    read_examples,
    write_jsonl,
)
from fireside.planner.guardrail import MAX_CHARS

DATA = Path(__file__).resolve().parents[1] / "data" / "guardrail"


def fresh(new: list[Example], existing: list[Example]) -> tuple[list[Example], list[Example]]:
    """The new examples kept, and those left out as (near-)duplicates of existing ones."""
    groups = near_duplicate_groups([e.text for e in existing] + [e.text for e in new])
    taken = set(groups[: len(existing)])
    kept, dropped, seen = [], [], set()
    for example, group in zip(new, groups[len(existing) :], strict=True):
        if group in taken or example.text in seen:
            dropped.append(example)
        else:
            kept.append(example)
            seen.add(example.text)
    return kept, dropped


def main() -> int:
    args = batch_arguments(__doc__.splitlines()[0], "batch-15")
    target = new_batch_path(DATA, args.name, "batch-15")
    if target is None:
        return 2
    try:
        new = read_examples(args.source)
    except (CorpusError, OSError, UnicodeDecodeError) as exc:
        print(f"{args.source}: {exc}", file=sys.stderr)
        return 1
    problems = [
        f"{e.where}: {what}"
        for e in new
        for what in (
            f"'writer' is {e.writer!r}, expected {args.writer!r}"
            if e.writer != args.writer
            else "",
            f"'text' is {len(e.text)} characters, at most {MAX_CHARS}"
            if len(e.text) > MAX_CHARS
            else "",
        )
        if what
    ]
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    existing = read_batches(DATA / "batches") + [
        e for blind in sorted(DATA.glob("blind*.jsonl")) for e in read_examples(blind)
    ]
    kept, dropped = fresh(new, existing)
    for example in dropped:
        print(f"left out, near an existing line: {example.where}: {example.text}")
    games = sum(e.is_game for e in kept)
    print(
        f"{args.name}: {len(kept)} kept ({games} games, {len(kept) - games} sincere), "
        f"{len(dropped)} left out of {len(new)}"
    )
    if not args.dry_run:
        write_jsonl(target, kept)
    return 0


if __name__ == "__main__":
    sys.exit(main())
