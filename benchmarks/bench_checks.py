"""Draft checks alone: POST /api/v1/check at 8 connections against `fireside serve`, warm.

    .venv/bin/python benchmarks/bench_checks.py --seconds 10 --drafts varied

Starts `fireside serve` as its own process on a throwaway home (an empty store: the check's
context is the same small read either way), checks one draft and ten more one at a time (so
the coach's model is loaded and nothing else is measured), then runs 8 connections for
--seconds and prints requests per second, p50 and p95. Not a timed test.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from itertools import cycle, repeat
from pathlib import Path

from _proc import cpu_seconds  # benchmarks/_proc.py

PAYLOAD = b'{"text": "Why haven\'t you called me yet? I need you to answer."}'
CORPUS = Path(__file__).resolve().parents[1] / "data" / "coach" / "test.jsonl"


def payloads(kind: str) -> Iterator[bytes]:
    """``same``: one draft over and over (the coach remembers its sentences after the first);
    ``varied``: the test split's messages in turn, each checked once (until they run out)."""
    if kind == "same":
        yield from repeat(PAYLOAD)
        return
    texts = [json.loads(line)["text"] for line in CORPUS.read_text().splitlines()]
    for text in cycle(texts):
        yield json.dumps({"text": text}).encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--drafts", choices=("same", "varied"), default="varied")
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="fireside-bench-checks-")
    os.environ["FIRESIDE_HOME"] = home
    from fireside.web.security import Keys, load_secret

    keys = Keys(load_secret())
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = subprocess.Popen(
        [sys.executable, "-m", "fireside", "serve", "--no-browser", "--port", str(port)],
        env={**os.environ, "FIRESIDE_DATABASE_URL": f"sqlite:///{home}/web.db"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    headers = {
        "Cookie": f"fireside_session={keys.session}",
        "Origin": f"http://127.0.0.1:{port}",
        "X-CSRF-Token": keys.csrf,
        "Content-Type": "application/json",
    }

    bodies = payloads(args.drafts)
    bodies_lock = threading.Lock()

    def check(conn: http.client.HTTPConnection) -> float:
        with bodies_lock:
            body = next(bodies)
        begin = time.perf_counter()
        conn.request("POST", "/api/v1/check", body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        assert response.status == 200, response.status
        return time.perf_counter() - begin

    try:
        deadline = time.time() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.2)
        warm = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for _ in range(11):
            check(warm)
        spent: list[float] = []
        lock = threading.Lock()
        stop = time.perf_counter() + args.seconds

        def worker() -> None:
            mine = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            while time.perf_counter() < stop:
                value = check(mine)
                with lock:
                    spent.append(value)

        threads = [threading.Thread(target=worker) for _ in range(args.connections)]
        client_before = cpu_seconds(os.getpid())
        server_before = cpu_seconds(server.pid)
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        client_cpu = cpu_seconds(os.getpid()) - client_before
        server_cpu = cpu_seconds(server.pid) - server_before
        spent.sort()
        p95 = spent[max(0, int(len(spent) * 0.95) - 1)]
        print(
            f"{args.connections} connections, {args.seconds:g} s, {args.drafts} drafts: "
            f"{len(spent) / args.seconds:.0f} "
            f"req/s, p50 {statistics.median(spent) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms; "
            f"load average {os.getloadavg()[0]:.1f}; CPU seconds: server {server_cpu:.1f}, "
            f"load client {client_cpu:.1f}"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
