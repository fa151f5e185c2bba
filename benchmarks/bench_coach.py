"""Message coach speed, with the learned stage. Run: .venv/bin/python benchmarks/bench_coach.py

Prints: the model's load time (a fresh process: import, load, first check), per-message latency
of check_message over the test split (median and p99, one core's worth: the embedding runs on
one thread), the same with the rules alone, a 6,000-character draft, and
`fireside check --jsonl` over 100,000 messages end to end with its peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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
    path = CORPUS / "test.jsonl"
    return [json.loads(line)["text"] for line in path.read_text().splitlines()]


def latency(messages: list[str], *, model: bool) -> tuple[float, float]:
    timings = []
    for text in messages:
        start = time.perf_counter_ns()
        check_message(text, model=model)
        timings.append((time.perf_counter_ns() - start) / 1e6)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.99)]


def load_time() -> float:
    script = (
        "import time; t = time.perf_counter(); from fireside.coach import check_message; "
        "check_message('hello there'); print(time.perf_counter() - t)"
    )
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", script], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(5)
    ]
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jsonl", type=int, default=100_000, help="messages for --jsonl (0: skip)")
    args = parser.parse_args()
    print(f"model load (fresh process, import + first check, median of 5): {load_time():.2f} s")
    messages = texts()
    check_message("warm up")
    median, p99 = latency(messages, model=True)
    print(
        f"check_message, rules + model, {len(messages)} messages: median {median:.2f} ms, p99 {p99:.2f} ms"
    )
    median, p99 = latency(messages, model=False)
    print(f"check_message, rules alone: median {median:.3f} ms, p99 {p99:.3f} ms")
    long_text = " ".join(islice(cycle(messages), 200))[:6000]
    start = time.perf_counter()
    for _ in range(5):
        check_message(long_text)
    print(
        f"a {len(long_text):,}-character draft: {(time.perf_counter() - start) / 5 * 1000:.0f} ms"
    )
    if not args.jsonl:
        return
    with tempfile.TemporaryDirectory() as home:
        source = Path(home) / "drafts.jsonl"
        with source.open("w") as handle:
            for i, text in enumerate(islice(cycle(messages), args.jsonl)):
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
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        lines = result.stdout.count(b"\n")
        print(
            f"`fireside check --jsonl` over {lines:,} messages: {elapsed:.0f} s, peak {peak:.0f} MB"
        )


if __name__ == "__main__":
    main()
