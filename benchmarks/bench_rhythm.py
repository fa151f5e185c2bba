"""Rhythm speed with a million messages in the store.

    .venv/bin/python benchmarks/bench_rhythm.py

Imports the generated 1 M-message export (benchmarks/.cache, made by bench_import.py or here)
into a throwaway store, then times `fireside rhythm --json` end to end (with peak memory) and
the measures alone (`fireside.rhythm.compute` on the loaded frame). Prints figures; not a test.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_import import export, timed  # noqa: E402


def main() -> None:
    path = export("android", 1_000_000)
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "FIRESIDE_HOME": home}
        fireside = [sys.executable, "-m", "fireside"]
        subprocess.run(
            [*fireside, "import", str(path), "--me", "Maya", "--tz", "UTC"],
            env=env,
            check=True,
            capture_output=True,
        )
        runs = [timed([*fireside, "rhythm", "--json"], env) for _ in range(3)]
        print(
            f"`fireside rhythm --json`, 1 M messages: best {min(r[0] for r in runs):.2f} s, peak {max(r[1] for r in runs):.0f} MB"
        )

        os.environ["FIRESIDE_HOME"] = home
        from fireside.rhythm import Settings, compute, weekly
        from fireside.store import open_store
        from fireside.store.messages import load_messages

        with open_store() as store, store.engine.connect() as connection:
            start = time.perf_counter()
            frame = load_messages(connection, store.owner_id)
            loaded = time.perf_counter() - start
        start = time.perf_counter()
        compute(frame, Settings())
        measured = time.perf_counter() - start
        start = time.perf_counter()
        weekly(frame, Settings())
        series = time.perf_counter() - start
        print(
            f"loading the frame: {loaded:.2f} s; the measures: {measured:.2f} s; the weekly series: {series:.2f} s"
        )


if __name__ == "__main__":
    main()
