"""Guardrail speed. Run: .venv/bin/python benchmarks/bench_guardrail.py

Per-intention latency of read_intention over every intention in data/guardrail (median, p95,
p99, max), for the rules alone and, when the coach's embedding model is installed, with the
learned stage (asked whenever the rules veto nothing: it may add a game, name one, or
overrule one it is all but sure is an ordinary plan); the first call's load time; and the
longest intention accepted (2,000 characters). The target is under 20 ms an intention.
CPU time is printed beside wall-clock time because on a shared machine the wall clock also
counts time spent waiting for a core.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from fireside.planner.corpus import read_batches, read_examples
from fireside.planner.guardrail import MAX_CHARS, guardrail_book, read_intention
from fireside.planner.learned import learned_stage

DATA = Path(__file__).resolve().parents[1] / "data" / "guardrail"


def timings(texts: list[str], *, learned: bool, rounds: int) -> tuple[list[float], float]:
    """Wall-clock milliseconds of each call, sorted, and the mean CPU milliseconds a call."""
    found = []
    cpu = time.process_time()
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter_ns()
            read_intention(text, learned=learned)
            found.append((time.perf_counter_ns() - start) / 1e6)
    cpu_ms = (time.process_time() - cpu) * 1000 / len(found)
    return sorted(found), cpu_ms


def show(label: str, measured: tuple[list[float], float]) -> None:
    values, cpu_ms = measured

    def at(share: float) -> float:
        return values[min(len(values) - 1, int(share * len(values)))]

    print(
        f"{label:30} n={len(values):5}  CPU {cpu_ms:.3f} ms/call  wall: median "
        f"{statistics.median(values):.3f}  p95 {at(0.95):.3f}  p99 {at(0.99):.3f}  "
        f"max {values[-1]:.3f} ms"
    )


def main() -> None:
    from fireside.coach.embedding import keep_none

    keep_none()  # each intention is read again on every round: measure reading, not memory
    texts = [e.text for e in read_batches(DATA / "batches")]
    texts += [e.text for e in read_examples(DATA / "blind.jsonl")]
    start = time.perf_counter()
    guardrail_book()
    print(f"rules loaded and compiled in {(time.perf_counter() - start) * 1000:.0f} ms")
    read_intention("warm up", learned=False)
    show("rules only", timings(texts, learned=False, rounds=5))
    long_text = ("I'm going out with my friends this weekend and " * 60)[:MAX_CHARS]
    show("rules only, 2,000 characters", timings([long_text], learned=False, rounds=50))
    start = time.perf_counter()
    stage = learned_stage()
    if stage is None:
        print("learned stage: off (fireside.coach.embedding is not installed)")
        return
    print(f"learned stage loaded in {(time.perf_counter() - start) * 1000:.0f} ms")
    read_intention("warm up")
    show("rules + learned stage", timings(texts, learned=True, rounds=2))
    show("with learned, 2,000 characters", timings([long_text], learned=True, rounds=20))


if __name__ == "__main__":
    main()
