"""Where `fireside parse` spends its time on a WhatsApp export, stage by stage.

    .venv/bin/python benchmarks/bench_parse_stages.py            # the cached 1 M Android export
    .venv/bin/python benchmarks/bench_parse_stages.py --platform ios

Uses the export bench_import.py generates (benchmarks/.cache). Prints, best of three:
- splitting the blocks into raw columns, and finishing them (times, kinds, offsets), the
  blocks one at a time, in CPU seconds (Polars' own threads included);
- the bound for a faster splitter: the blocks split beforehand, then only the finishing and
  the JSON lines, on two threads as the command runs them (wall seconds).
Reaches into the WhatsApp reader's private steps on purpose; it is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from zoneinfo import ZoneInfo

from fireside.importers import ParseOptions, whatsapp
from fireside.importers.jsonlines import write_json_lines
from fireside.importers.whatsapp_dates import infer_order

HERE = Path(__file__).resolve().parent


def best_cpu(runs: int, work: Callable[[], object]) -> float:
    """The least CPU time (all threads) that ``work`` took in ``runs`` tries."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--platform", choices=["android", "ios"], default="android")
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    sys.path.insert(0, str(HERE))
    from bench_import import export  # the same generated, cached export

    path = export(args.platform, args.messages)
    options = ParseOptions(tz=ZoneInfo("UTC"))
    blocks = list(whatsapp._blocks(path, options, None))
    raws = [whatsapp._split_messages(block, path, options).raw for block in blocks]
    dates = {text: None for raw in raws for text in raw.get_column("date").unique().to_list()}
    order = infer_order(dates, path, final=True)
    assert order is not None

    split_s = best_cpu(
        args.runs, lambda: [whatsapp._split_messages(b, path, options) for b in blocks]
    )
    finish_s = best_cpu(args.runs, lambda: [whatsapp._finish(r, order, options, {}) for r in raws])
    print(f"{path.name}: {len(blocks)} blocks")
    print(f"  splitting into raw columns (blocks one at a time): {split_s:5.2f} CPU-s")
    print(f"  finishing: times, kinds, offsets (one at a time): {finish_s:5.2f} CPU-s")

    walls = []
    for _ in range(args.runs):
        start = time.perf_counter()
        with ThreadPoolExecutor(2) as pool, Path("/dev/null").open("wb") as out:
            done = pool.map(lambda raw: whatsapp._finish(raw, order, options, {}), raws)
            write_json_lines(
                (d.frame for d in done if d.frame is not None), out, me=[], partner=None
            )
        walls.append(time.perf_counter() - start)
    print(f"  finishing + JSON lines on two threads, splitting free: {min(walls):5.2f} s wall")


if __name__ == "__main__":
    main()
