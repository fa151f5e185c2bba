"""Web app figures (issue 12, section 6). Not a timed test: run it by hand.

    .venv/bin/python benchmarks/bench_web.py --messages 1000000

On a throwaway home: the CLI-path import (service.chats.import_export) of a sample WhatsApp
export; then `fireside serve` as its own process (the real command, one uvicorn worker, on
SQLite) and, from this process (plain http.client in threads):

- the same file uploaded and imported through POST /api/v1/imports;
- the first GET / and GET /rhythm after it (a change of the data), then p50/p95 of each;
- POST /api/v1/check at 8 connections for --seconds: requests per second, p50 and p95;
- pages and checks (one connection each) while a second export of --during messages is
  uploaded and imported: what a person sees while an import runs;
- the server's peak RSS (VmHWM), and that of its worker processes if it has any.
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def _peak_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(child) for child in found]


def _multipart(path: Path) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="tz"\r\n\r\nEurope/London\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
            "Content-Type: text/plain\r\n\r\n"
        ).encode()
        + path.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument(
        "--during",
        type=int,
        default=200_000,
        help="messages of the import run while pages are read",
    )
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="fireside-bench-web-")
    os.environ["FIRESIDE_HOME"] = home

    from fireside.samples.whatsapp_export import write_file
    from fireside.service import base, chats, rhythm
    from fireside.service import profile as profiles
    from fireside.web.security import Keys, load_secret

    export = Path(home) / "WhatsApp Chat with Sam.txt"
    write_file(export, args.messages)
    later = Path(home) / "WhatsApp Chat with Sam (2).txt"
    write_file(later, args.during, seed=7, start=datetime(2031, 1, 1, 9))
    size = export.stat().st_size
    cli_db = f"sqlite:///{home}/cli.db"
    with base.open_store(cli_db) as store:
        profiles.save_profile_answers(
            store, {"my_names": "Maya", "partner_name": "Sam", "timezone": "Europe/London"}
        )
        started = time.perf_counter()
        chats.import_export(store, export, tz="Europe/London")
        cli_seconds = time.perf_counter() - started
        rhythm.space_reading(store)  # what the web's import now also computes before answering
        rhythm.waiting_status(store)
        cli_reading = time.perf_counter() - started - cli_seconds

    port = _port()
    keys = Keys(load_secret())
    server = subprocess.Popen(
        [sys.executable, "-m", "fireside", "serve", "--no-browser", "--port", str(port)],
        env={**os.environ, "FIRESIDE_DATABASE_URL": f"sqlite:///{home}/web.db"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for(port, server)
        _run(args, port, keys, export, later, size, (cli_seconds, cli_reading), server.pid)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def _wait_for(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.time() + 60
    while time.time() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server stopped")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start in a minute")


def _run(
    args: argparse.Namespace,
    port: int,
    keys: object,
    export: Path,
    later: Path,
    size: int,
    cli: tuple[float, float],
    server_pid: int,
) -> None:
    origin = f"http://127.0.0.1:{port}"
    headers = {
        "Cookie": f"fireside_session={keys.session}",  # type: ignore[attr-defined]
        "Origin": origin,
        "X-CSRF-Token": keys.csrf,  # type: ignore[attr-defined]
    }
    peaks: dict[str, float] = {}

    def watch() -> None:  # the server's and its workers' peak memory, as they come and go
        while not stop_watch.is_set():
            peaks["server"] = max(peaks.get("server", 0), _peak_mb(server_pid))
            for child in _children(server_pid):
                peaks[f"worker {child}"] = max(peaks.get(f"worker {child}", 0), _peak_mb(child))
            time.sleep(0.2)

    stop_watch = threading.Event()
    threading.Thread(target=watch, daemon=True).start()

    def request(
        conn: http.client.HTTPConnection,
        method: str,
        path: str,
        body: bytes | None = None,
        extra: dict[str, str] | None = None,
    ) -> float:
        begin = time.perf_counter()
        conn.request(method, path, body=body, headers={**headers, **(extra or {})})
        response = conn.getresponse()
        response.read()
        assert response.status < 400, (path, response.status)
        return time.perf_counter() - begin

    def connect() -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", port, timeout=900)

    conn = connect()
    request(
        conn,
        "POST",
        "/setup",
        b"my_names=Maya&partner_name=Sam&timezone=Europe%2FLondon&csrf_token="
        + headers["X-CSRF-Token"].encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    body, kind = _multipart(export)
    web_seconds = request(conn, "POST", "/api/v1/imports", body, {"Content-Type": kind})
    del body

    pages = {}
    for path in ("/", "/rhythm"):
        first = request(conn, "GET", path)
        times = [request(conn, "GET", path) for _ in range(args.requests)]
        pages[path] = (first, statistics.median(times), _p95(times))

    payload = b'{"text": "Why haven\'t you called me yet? I need you to answer."}'
    json_kind = {"Content-Type": "application/json"}

    def load(
        seconds: float, connections: int, step: Callable[[http.client.HTTPConnection], float]
    ) -> list[float]:
        spent: list[float] = []
        lock = threading.Lock()
        stop = time.perf_counter() + seconds

        def worker() -> None:
            mine = connect()
            while time.perf_counter() < stop:
                value = step(mine)
                with lock:
                    spent.append(value)

        threads = [threading.Thread(target=worker) for _ in range(connections)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return spent

    checks = load(
        args.seconds, 8, lambda c: request(c, "POST", "/api/v1/check", payload, json_kind)
    )

    # While a second export is uploaded and imported: a person reading and checking.
    during: dict[str, list[float]] = {"page": [], "check": []}
    importing = threading.Event()
    importing.set()

    def reader(kind_: str, step: Callable[[http.client.HTTPConnection], float]) -> None:
        mine = connect()
        while importing.is_set():
            during[kind_].append(step(mine))
            time.sleep(0.05)

    readers = [
        threading.Thread(target=reader, args=("page", lambda c: request(c, "GET", "/rhythm"))),
        threading.Thread(target=reader, args=("page", lambda c: request(c, "GET", "/"))),
        threading.Thread(
            target=reader,
            args=("check", lambda c: request(c, "POST", "/api/v1/check", payload, json_kind)),
        ),
    ]
    body, kind = _multipart(later)
    for t in readers:
        t.start()
    during_seconds = request(connect(), "POST", "/api/v1/imports", body, {"Content-Type": kind})
    importing.clear()
    for t in readers:
        t.join()
    after_first = request(connect(), "GET", "/")
    stop_watch.set()

    print(
        f"messages: {args.messages:,} ({size / 1e6:.1f} MB export), cores: {os.cpu_count()}, load average {os.getloadavg()[0]:.1f}"
    )
    cli_seconds, cli_reading = cli
    print(
        f"import, CLI path: {cli_seconds:.2f} s (+ {cli_reading:.2f} s for the reading and waiting after it); "
        f"upload + import through the web: {web_seconds:.2f} s ({web_seconds / cli_seconds:.2f}x the import, "
        f"{web_seconds / (cli_seconds + cli_reading):.2f}x import and reading)"
    )
    for path, (first, p50, p95) in pages.items():
        print(
            f"GET {path}: first {first * 1000:.0f} ms, then p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms ({args.requests} requests)"
        )
    print(
        f"POST /api/v1/check, 8 connections, {args.seconds:.0f} s: {len(checks) / args.seconds:.0f} req/s, p50 {statistics.median(checks) * 1000:.1f} ms, p95 {_p95(checks) * 1000:.1f} ms"
    )
    for name, values in during.items():
        if values:
            print(
                f"while importing {args.during:,} more ({during_seconds:.1f} s): {name} p50 {statistics.median(values) * 1000:.0f} ms, p95 {_p95(values) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms ({len(values)} requests)"
            )
    print(f"the first GET / after that import: {after_first * 1000:.0f} ms")
    workers = {k: v for k, v in peaks.items() if k != "server"}
    print(f"peak RSS: server {peaks.get('server', 0):.0f} MB" + (f"; its worker processes {', '.join(f'{v:.0f}' for v in workers.values())} MB" if workers else ""))  # fmt: skip


if __name__ == "__main__":
    main()
