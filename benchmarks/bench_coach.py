"""Message coach speed, with the learned stage. Run: .venv/bin/python benchmarks/bench_coach.py

Prints: the model's load time (a fresh process: import, load, first check), per-message latency
of check_message over the test split (median and p99, one core's worth: the embedding runs on
one thread), the same with the rules alone, a 6,000-character draft, and
`fireside check --jsonl` over 100,000 drafts end to end with its peak memory: by default
``--drafts pairs`` (two corpus messages at random as one draft, no two alike), or
``--drafts corpus`` (the test split over and over, as before; the embedder remembers
recent texts, so this one mostly measures the rules).

    .venv/bin/python benchmarks/bench_coach.py --jsonl 20000 --threads 1
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from itertools import cycle, islice
from pathlib import Path

from fireside.coach import check_message

CORPUS = Path(__file__).resolve().parents[1] / "data" / "coach"


def texts(name: str = "test") -> list[str]:
    path = CORPUS / f"{name}.jsonl"
    return [json.loads(line)["text"] for line in path.read_text().splitlines()]


def drafts(kind: str, count: int) -> Iterator[str]:
    """``corpus``: the test split over and over; ``pairs``: two corpus messages at random as
    one draft, no two drafts alike (so nothing is remembered whole, only some sentences)."""
    if kind == "corpus":
        yield from islice(cycle(texts()), count)
        return
    pool = texts("train") + texts("dev") + texts("test")
    chooser = random.Random(7)
    seen: set[str] = set()
    while len(seen) < count:
        draft = f"{chooser.choice(pool)} {chooser.choice(pool)}"
        if draft not in seen:
            seen.add(draft)
            yield draft


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
    parser.add_argument(
        "--drafts", choices=("corpus", "pairs"), default="pairs", help="what --jsonl checks"
    )
    parser.add_argument(
        "--threads", type=int, default=0, help="model threads for --jsonl (0: one per core)"
    )
    parser.add_argument("--only-jsonl", action="store_true", help="skip the latency figures")
    args = parser.parse_args()
    if not args.only_jsonl:
        latencies()
    if args.jsonl:
        batch(args.jsonl, args.drafts, args.threads)


def latencies() -> None:
    os.environ.setdefault("FIRESIDE_MODEL_THREADS", "1")  # one core, as the targets say
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


def batch(count: int, kind: str, threads: int) -> None:
    with tempfile.TemporaryDirectory() as home:
        source = Path(home) / "drafts.jsonl"
        with source.open("w") as handle:
            for i, text in enumerate(drafts(kind, count)):
                handle.write(json.dumps({"id": i, "text": text}) + "\n")
        env = {**os.environ, "FIRESIDE_HOME": home}
        if threads:
            env["FIRESIDE_MODEL_THREADS"] = str(threads)
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
            f"`fireside check --jsonl` over {lines:,} drafts ({kind}, model threads "
            f"{threads or 'one per core'}): {elapsed:.0f} s, peak {peak:.0f} MB"
        )


if __name__ == "__main__":
    main()
