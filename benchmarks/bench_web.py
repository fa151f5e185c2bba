"""Web app figures (issue 12, section 6). Not a timed test: run it by hand.

    .venv/bin/python benchmarks/bench_web.py --messages 1000000

Measures, on a throwaway home: the CLI-path import (service.chats.import_export) of a
sample WhatsApp export, the same file uploaded and imported through POST /api/v1/imports,
p50/p95 of the home and rhythm pages (the reading cached per data version), POST
/api/v1/check requests per second and p95 at 8 connections, and the server's peak RSS.
The load client is plain Python (http.client in threads) over a real uvicorn server.
"""

from __future__ import annotations

import argparse
import http.client
import os
import resource
import socket
import statistics
import tempfile
import threading
import time
import uuid
from pathlib import Path


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="fireside-bench-web-")
    os.environ["FIRESIDE_HOME"] = home
    import uvicorn

    from fireside.samples.whatsapp_export import write_file
    from fireside.service import base, chats
    from fireside.service import profile as profiles
    from fireside.web import create_app

    export = Path(home) / "WhatsApp Chat with Sam.txt"
    write_file(export, args.messages)
    size = export.stat().st_size
    cli_db = f"sqlite:///{home}/cli.db"
    with base.open_store(cli_db) as store:
        profiles.save_profile_answers(
            store, {"my_names": "Maya", "partner_name": "Sam", "timezone": "Europe/London"}
        )
        started = time.perf_counter()
        chats.import_export(store, export, tz="Europe/London")
        cli_seconds = time.perf_counter() - started

    port = _port()
    secret = "bench-" + "z" * 40
    app = create_app(f"sqlite:///{home}/web.db", port=port, secret=secret)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    origin = f"http://127.0.0.1:{port}"
    cookie = f"fireside_session={app.state.keys.session}"
    headers = {"Cookie": cookie, "Origin": origin, "X-CSRF-Token": app.state.keys.csrf}

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

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    request(
        conn,
        "POST",
        "/setup",
        b"my_names=Maya&partner_name=Sam&timezone=Europe%2FLondon&csrf_token="
        + app.state.keys.csrf.encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="tz"\r\n\r\nEurope/London\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{export.name}"\r\n'
            "Content-Type: text/plain\r\n\r\n"
        ).encode()
        + export.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    web_seconds = request(
        conn,
        "POST",
        "/api/v1/imports",
        body,
        {"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    del body

    pages = {}
    for path in ("/", "/rhythm"):
        first = request(conn, "GET", path)
        times = [request(conn, "GET", path) for _ in range(args.requests)]
        pages[path] = (first, statistics.median(times), _p95(times))

    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.perf_counter() + args.seconds

    def worker() -> None:
        mine = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        payload = b'{"text": "Why haven\'t you called me yet? I need you to answer."}'
        while time.perf_counter() < stop:
            spent = request(
                mine, "POST", "/api/v1/check", payload, {"Content-Type": "application/json"}
            )
            with lock:
                latencies.append(spent)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    server.should_exit = True

    print(f"messages: {args.messages:,} ({size / 1e6:.1f} MB export), cores: {os.cpu_count()}")
    print(
        f"import, CLI path: {cli_seconds:.2f} s; upload + import through the web: {web_seconds:.2f} s ({web_seconds / cli_seconds:.2f}x)"
    )
    for path, (first, p50, p95) in pages.items():
        print(
            f"GET {path}: first {first * 1000:.0f} ms, then p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms ({args.requests} requests)"
        )
    print(
        f"POST /api/v1/check, 8 connections, {args.seconds:.0f} s: {len(latencies) / args.seconds:.0f} req/s, p95 {_p95(latencies) * 1000:.1f} ms"
    )
    print(
        f"peak RSS of the process (server, load client and the CLI-path import together): {rss_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
