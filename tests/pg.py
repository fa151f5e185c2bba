"""A throwaway PostgreSQL cluster for the server-mode tests (see RECIPES.md).

``FIRESIDE_TEST_POSTGRES_URL`` points the tests at an existing server instead.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _bin_dir() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def available() -> bool:
    return bool(os.environ.get("FIRESIDE_TEST_POSTGRES_URL")) or _bin_dir() is not None


@contextlib.contextmanager
def server() -> Iterator[str]:
    """Yield a SQLAlchemy URL of a running PostgreSQL server with a superuser ``postgres``."""
    external = os.environ.get("FIRESIDE_TEST_POSTGRES_URL")
    if external:
        yield external
        return
    bin_dir = _bin_dir()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL binaries not found; run scripts/ensure-postgres.sh")
    root = Path(tempfile.mkdtemp(prefix="fireside-pg-"))
    as_root = os.geteuid() == 0
    if as_root:  # initdb refuses to run as root
        shutil.chown(root, user="postgres")
    port = _free_port()

    def run(*args: str) -> None:
        command = [str(bin_dir / args[0]), *args[1:]]
        if as_root:
            command = [
                "su",
                "postgres",
                "-s",
                "/bin/sh",
                "-c",
                " ".join(_quote(c) for c in command),
            ]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    data = root / "data"
    run("initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8")
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    run("pg_ctl", "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        with contextlib.suppress(Exception):
            run("pg_ctl", "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def postgres_user_exists() -> bool:
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return False
    return True
