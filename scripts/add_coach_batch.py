"""Add a coach batch written elsewhere to data/coach/batches/ (or as a blind set), checked and without near-duplicates.

    .venv/bin/python scripts/add_coach_batch.py NEW.jsonl --name batch-21 --writer writer-21
    .venv/bin/python scripts/add_coach_batch.py BLIND.jsonl --name blind-7 --writer blind-7   # a blind set
    .venv/bin/python scripts/split_coach_corpus.py     # then split again and retrain

Every line must be a valid message (``fireside.coach.corpus.read_entries``: a text and labels
from LABELS.md) written by ``--writer``. A bad line stops everything and is named. A line whose
text is already in the corpus or in a blind set (data/coach/blind*.jsonl), or is a
near-duplicate of one (the split's own grouping), is left out and listed, so a paraphrase never
straddles the splits or a blind set. The batch is written whole or not at all.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from _batches import batch_arguments, new_batch_path  # scripts/_batches.py

from fireside.coach.corpus import Entry, near_duplicate_groups, read_entries

DATA = Path(__file__).resolve().parents[1] / "data" / "coach"


def fresh(new: list[Entry], existing: list[Entry]) -> tuple[list[Entry], list[Entry]]:
    """The new entries kept, and those left out as (near-)duplicates of existing ones or of
    each other (the first of a group is kept)."""
    groups = near_duplicate_groups([e.text for e in existing] + [e.text for e in new])
    taken = set(groups[: len(existing)])
    kept, dropped = [], []
    for entry, group in zip(new, groups[len(existing) :], strict=True):
        if group in taken:
            dropped.append(entry)
        else:
            kept.append(entry)
            taken.add(group)
    return kept, dropped


def write_whole(target: Path, entries: list[Entry]) -> None:
    """Write then rename: the batch is there whole or not at all."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        for entry in entries:
            out.write(json.dumps(entry.as_json(), ensure_ascii=False) + "\n")
    Path(temporary).replace(target)


def main() -> int:
    args = batch_arguments(__doc__.splitlines()[0], "batch-21")
    target = new_batch_path(DATA, args.name, "batch-21")
    if target is None:
        return 2
    try:
        new = list(read_entries(args.source))
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        print(f"{args.source}: {exc}", file=sys.stderr)
        return 1
    wrong = [
        f"{e.where}: 'writer' is {e.writer!r}, expected {args.writer!r}"
        for e in new
        if e.writer != args.writer
    ]
    if wrong:
        print("\n".join(wrong), file=sys.stderr)
        return 1
    existing = [
        e for path in sorted((DATA / "batches").glob("*.jsonl")) for e in read_entries(path)
    ]
    existing += [e for path in sorted(DATA.glob("blind*.jsonl")) for e in read_entries(path)]
    kept, dropped = fresh(new, existing)
    for entry in dropped:
        print(f"left out, near an existing line: {entry.where}: {entry.text}")
    print(f"{args.name}: {len(kept)} kept, {len(dropped)} left out of {len(new)}")
    if not args.dry_run:
        write_whole(target, kept)
    return 0


if __name__ == "__main__":
    sys.exit(main())
