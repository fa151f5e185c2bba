"""Server-mode load (issue 15): 50 people at once on loopback. Not a timed test.

    .venv/bin/python benchmarks/bench_server.py --people 50 --messages 10000 --workers 2

Starts a throwaway PostgreSQL (as the tests do), an ordinary role owning a new database,
one account per person (real argon2id hashes), and `fireside serve --server --workers N` as
a separate process: the real command. Then each simulated person, in a thread of their own
(plain http.client), signs in, sets up, reads Home and Rhythm, checks drafts, imports a
WhatsApp chat of --messages messages, reads Home ("first page": the first after their own
import) and Rhythm again and lists their imports;
then, once everyone has imported, reads Home and Rhythm and checks a draft three more times
("page after", "check after": the same requests with no import running).
Prints p50/p95 per kind of request, errors, and any answer that named another person, and
the load average before and after.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "benchmark password 42"
DRAFTS = [
    "Why haven't you called me yet? I need you to answer.",
    "I had a lovely walk today and thought of you.",
    "Don't you miss me at all?",
    "See you at 8, can't wait!",
]


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(len(ordered) * q) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--by-path", action="store_true", help="also the figures per page")
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--checks", type=int, default=10, help="drafts checked per person")
    parser.add_argument("--partitions", type=int, default=0, help="hash partitions of message")
    parser.add_argument(
        "--think", type=float, default=0.0, help="mean seconds a person pauses between requests"
    )
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="fireside-bench-server-")
    os.environ["FIRESIDE_HOME"] = home

    from tests import pg
    from tests.serverkit import app_database

    from fireside.samples.whatsapp_export import write_file
    from fireside.service import accounts
    from fireside.store import open_store

    with pg.server() as admin_url:
        databases = app_database(admin_url, partitions=args.partitions)
        url = next(databases)
        started = time.perf_counter()
        with open_store(url) as store:
            names = [f"person{n:03d}" for n in range(args.people)]
            for name in names:
                accounts.add_account(store, name, PASSWORD)
        print(f"{args.people} accounts (argon2id): {time.perf_counter() - started:.1f} s")
        exports = []
        for name in names:  # a chat of their own each, with their partner named after them
            export = Path(home) / f"WhatsApp Chat with Sam{name}.txt"
            write_file(export, args.messages)
            text = export.read_text(encoding="utf-8").replace("Sam", f"Sam{name}")
            export.write_text(text, encoding="utf-8")
            exports.append(export)
        port = _port()
        env = {**os.environ, "FIRESIDE_DATABASE_URL": url}
        server = subprocess.Popen(
            [sys.executable, "-m", "fireside", "serve", "--server", "--port", str(port),
             "--workers", str(args.workers)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        try:
            _wait_for(port, server)
            _run(args, port, names, exports)
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
            next(databases, None)


def _wait_for(port: int, server: subprocess.Popen[str]) -> None:
    deadline = time.time() + 60
    while time.time() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped: {server.stdout.read() if server.stdout else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start in a minute")


def _run(args: argparse.Namespace, port: int, names: list[str], exports: list[Path]) -> None:
    origin = f"http://127.0.0.1:{port}"
    times: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    crossed: list[str] = []
    reopened: list[str] = []  # connections the server closed when idle (a browser reopens too)
    lock = threading.Lock()
    barrier = threading.Barrier(len(names))

    def person(name: str, export: Path) -> None:
        try:
            visit(name, export)
        except Exception as exc:  # counted, not printed 50 times over
            with lock:
                errors.append(f"{name}: {type(exc).__name__}: {exc}")
            barrier.abort()

    def visit(name: str, export: Path) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        cookies: dict[str, str] = {}

        def call(kind: str, method: str, path: str, body: bytes | None = None,
                 headers: dict[str, str] | None = None) -> str:  # fmt: skip
            if args.think:  # a person reads before the next click (0.5x to 1.5x the mean)
                time.sleep(args.think * random.uniform(0.5, 1.5))
            sent = {"Origin": origin, **(headers or {})}
            if cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
            nonlocal conn
            fresh = False
            begin = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=sent)
                response = conn.getresponse()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # an idle keep-alive connection closed by the server (as a browser would do)
                with lock:
                    reopened.append(kind)
                fresh = True
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
                begin = time.perf_counter()
                conn.request(method, path, body=body, headers=sent)
                response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            spent = time.perf_counter() - begin
            for header in response.headers.get_all("set-cookie") or []:
                key, _, rest = header.partition("=")
                value = rest.split(";", 1)[0]
                if value in ('""', ""):
                    cookies.pop(key, None)
                else:
                    cookies[key] = value
            with lock:
                times[kind].append(spent)
                if fresh:  # on a connection opened again: perhaps the other worker
                    times[f"{kind} (reopened)"].append(spent)
                if args.by_path:
                    times[f"{kind} {method} {path}{' (reopened)' if fresh else ''}"].append(spent)
                if response.status >= 400:
                    errors.append(f"{name} {method} {path}: {response.status}")
                others = set(re.findall(r"Samperson\d{3}", text)) - {f"Sam{name}"}
                if others:
                    crossed.append(f"{name} {path}: {sorted(others)[:3]}")
            return text

        form = {"Content-Type": "application/x-www-form-urlencoded"}
        page = call("login form", "GET", "/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token
        barrier.wait()  # everyone signs in at once
        call("sign in", "POST", "/login",
             f"username={name}&password={PASSWORD.replace(' ', '+')}&csrf_token={token.group(1)}".encode(),
             form)  # fmt: skip
        barrier.wait()  # then everyone reads, checks and imports at once
        home = call("page", "GET", "/")
        csrf = re.search(r'<meta name="csrf-token" content="([^"]+)"', home)
        if not csrf:
            with lock:
                errors.append(f"{name}: not signed in")
            return
        headers = {"X-CSRF-Token": csrf.group(1)}
        call("setup", "POST", "/setup",
             f"my_names=Maya&partner_name=Sam{name}&timezone=Europe%2FLondon&csrf_token={csrf.group(1)}".encode(),
             form)  # fmt: skip
        call("page", "GET", "/rhythm")
        for number in range(args.checks):
            draft = DRAFTS[number % len(DRAFTS)].replace('"', "")
            call("check", "POST", "/api/v1/check", f'{{"text": "{draft}"}}'.encode(),
                 {**headers, "Content-Type": "application/json"})  # fmt: skip
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="me"\r\n\r\nMaya\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="partner"\r\n\r\nSam{name}\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="tz"\r\n\r\nEurope/London\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{export.name}"\r\n'
                "Content-Type: text/plain\r\n\r\n"
            ).encode()
            + export.read_bytes()
            + f"\r\n--{boundary}--\r\n".encode()
        )
        call("import", "POST", "/api/v1/imports", body,
             {**headers, "Content-Type": f"multipart/form-data; boundary={boundary}"})  # fmt: skip
        call("first page", "GET", "/")  # the first page after one's own import
        call("page", "GET", "/rhythm")
        listed = call("page", "GET", "/api/v1/imports")
        barrier.wait()  # everyone has imported: pages and checks with no import running
        for _ in range(3):
            call("page after", "GET", "/")
            call("page after", "GET", "/rhythm")
            call("check after", "POST", "/api/v1/check", b'{"text": "Don\'t you miss me?"}',
                 {**headers, "Content-Type": "application/json"})  # fmt: skip
        if listed.count('"id"') != 1:
            with lock:
                errors.append(f"{name}: {listed.count(chr(34) + 'id' + chr(34))} imports listed")

    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    threads = [
        threading.Thread(target=person, args=pair) for pair in zip(names, exports, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    print(f"{len(names)} people, {args.workers} workers, {args.messages:,}-message chats, "
          f"think {args.think:g} s; wall {wall:.1f} s; load average {load_before:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after")  # fmt: skip
    print(f"{'request':<40}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for kind, values in sorted(times.items()):
        print(f"{kind:<40}{len(values):>6}{statistics.median(values) * 1000:>10.0f}"
              f"{_p(values, 0.95) * 1000:>10.0f}{max(values) * 1000:>10.0f}")  # fmt: skip
    print(f"errors: {len(errors)}", *errors[:10], sep="\n  ")
    print(f"answers naming another person: {len(crossed)}", *crossed[:10], sep="\n  ")
    print(f"connections closed when idle and opened again: {len(reopened)}")


if __name__ == "__main__":
    main()
