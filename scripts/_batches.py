"""What the two add-a-batch scripts share: their arguments and the new batch's path.

A name ``batch-NN`` is a training batch (``data/<x>/batches/batch-NN.jsonl``, split and
trained on); a name ``blind-N`` is a blind set (``data/<x>/blind-N.jsonl``, never trained
on), admitted with the same checks and the same leaving-out of near-duplicates.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

NAME = re.compile(r"batch-\d{2,}|blind-\d+")


def batch_arguments(description: str, example: str) -> argparse.Namespace:
    """SOURCE, --name batch-NN, --writer ID and --dry-run."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("source", type=Path)
    parser.add_argument(
        "--name",
        required=True,
        help=f"the batch's name, e.g. {example}, or blind-N for a blind set",
    )
    parser.add_argument("--writer", required=True, help="the writer id every line must carry")
    parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    return parser.parse_args()


def new_batch_path(data: Path, name: str, example: str) -> Path | None:
    """``data/batches/NAME.jsonl`` (``data/NAME.jsonl`` for a blind set), or None (said on
    stderr) for a bad or taken name."""
    if not NAME.fullmatch(name):
        print(f"--name {name!r}: expected batch-NN (e.g. {example}) or blind-N", file=sys.stderr)
        return None
    folder = data if name.startswith("blind-") else data / "batches"
    target = folder / f"{name}.jsonl"
    if target.exists():
        print(f"{target.relative_to(data.parents[1])} exists already", file=sys.stderr)
        return None
    return target
