"""What one page costs in server mode, in-process on a throwaway PostgreSQL: wall time and
CPU seconds (this process's, and PostgreSQL's own processes') per page, for a new account's
first view of a page and for the same account's next view.

    .venv/bin/python benchmarks/bench_first_home.py                 # Home, 80 new accounts
    .venv/bin/python benchmarks/bench_first_home.py --path /rhythm --accounts 40

The accounts sign in through the ASGI app (``TestClient``, so its own cost is in the
figures); five accounts view the page first so that what every account shares (the
reading of no messages, the templates) is ready. A burst of first pages on two cores is
bounded by the sum of these CPU figures: ``benchmarks/bench_server.py`` measures that burst.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _proc import cpu_seconds_named  # benchmarks/_proc.py  # noqa: E402


def main() -> None:
    from tests import pg, serverkit

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=80)
    parser.add_argument("--path", default="/")
    args = parser.parse_args()
    with pg.server() as server:
        databases = serverkit.app_database(server)
        url = next(databases)
        names = [f"person{i:03d}" for i in range(args.accounts + 5)]
        serverkit.add_accounts(url, *names)
        app = serverkit.server_app(url)
        clients = [serverkit.sign_in(app, name) for name in names]
        for client in clients[:5]:
            assert client.get(args.path).status_code == 200
        for view in ("first view", "next view"):
            walls = []
            cpu, postgres = time.process_time(), cpu_seconds_named("postgres")
            for client in clients[5:]:
                began = time.perf_counter()
                assert client.get(args.path).status_code == 200
                walls.append(time.perf_counter() - began)
            cpu, postgres = time.process_time() - cpu, cpu_seconds_named("postgres") - postgres
            print(
                f"{args.path} {view}: wall median {statistics.median(walls) * 1000:.1f} ms; "
                f"CPU per page: this process {cpu / args.accounts * 1000:.1f} ms, "
                f"PostgreSQL {postgres / args.accounts * 1000:.1f} ms"
            )
        for _ in databases:  # drops the database
            pass


if __name__ == "__main__":
    main()
