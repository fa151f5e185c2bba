"""Message coach speed. Run: .venv/bin/python benchmarks/bench_coach.py

Per-message latency of check_message over every corpus message (median and p99), a 5,000+
character draft, and `fireside check --jsonl` over 100,000 messages end to end.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path

from fireside.coach import check_message

CORPUS = Path(__file__).resolve().parents[1] / "data" / "coach"


def texts() -> list[str]:
    found = []
    for path in sorted(CORPUS.glob("*.jsonl")):
        found += [json.loads(line)["text"] for line in path.read_text().splitlines()]
    return found


def main() -> None:
    messages = texts()
    check_message("warm up")
    timings = []
    for _ in range(5):
        for text in messages:
            start = time.perf_counter_ns()
            check_message(text)
            timings.append((time.perf_counter_ns() - start) / 1e6)
    timings.sort()
    p99 = timings[int(len(timings) * 0.99)]
    print(f"check_message over {len(timings)} calls ({len(messages)} distinct messages):")
    print(
        f"  median {statistics.median(timings):.3f} ms, p99 {p99:.3f} ms, max {timings[-1]:.3f} ms"
    )

    long_text = " ".join(islice(cycle(messages), 120))
    start = time.perf_counter()
    for _ in range(20):
        check_message(long_text)
    print(
        f"a {len(long_text):,}-character draft: {(time.perf_counter() - start) / 20 * 1000:.1f} ms"
    )

    with tempfile.TemporaryDirectory() as home:
        source = Path(home) / "drafts.jsonl"
        with source.open("w") as handle:
            for i, text in enumerate(islice(cycle(messages), 100_000)):
                handle.write(json.dumps({"id": i, "text": text}) + "\n")
        env = {**os.environ, "FIRESIDE_HOME": home}
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "fireside", "check", "--jsonl", str(source)],
            env=env,
            capture_output=True,
            check=True,
        )
        elapsed = time.perf_counter() - start
        lines = result.stdout.count(b"\n")
        print(f"`fireside check --jsonl` over {lines:,} messages: {elapsed:.1f} s end to end")


if __name__ == "__main__":
    main()
