"""Start-up and catalogue figures. Run: .venv/bin/python benchmarks/bench_foundation.py

Prints figures; never a timed test. Results are recorded in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time


def _cli_ms(args: list[str], env: dict[str, str], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "fireside", *args], env=env, capture_output=True, check=True
        )
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "FIRESIDE_HOME": home}
        first = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "fireside", "profile"], env=env, capture_output=True, check=True
        )
        print(
            f"first run (creates and migrates the database): {(time.perf_counter() - first) * 1000:.0f} ms"
        )
        print(f"`fireside --version`: {_cli_ms(['--version'], env):.0f} ms median")
        print(f"`fireside practice P08`: {_cli_ms(['practice', 'P08'], env):.0f} ms median")
        print(
            f"`fireside practices jealous --json`: {_cli_ms(['practices', 'jealous', '--json'], env):.0f} ms median"
        )

    from fireside.practices import load_catalogue, search

    start = time.perf_counter()
    catalogue = load_catalogue()
    print(f"catalogue load and validation: {(time.perf_counter() - start) * 1000:.1f} ms")
    search(catalogue, "warm up")
    queries = ["jealous", "text him", "space", "after work", "make him miss me", "angry"] * 200
    start = time.perf_counter()
    for query in queries:
        search(catalogue, query)
    per_query = (time.perf_counter() - start) / len(queries) * 1e6
    print(f"search: {per_query:.0f} µs per query over {len(queries)} queries")


if __name__ == "__main__":
    main()
