"""Damaged surroundings end in a clear message: pipes, locks, full disks, odd folders and files.

Each failure is made for real where it can be: a reader that goes away, a second connection
holding the write lock, a database that may not grow, a read-only store, Ctrl-C during an
import, a data folder shared with others, a symlink where the export goes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fireside.errors import ExitCode
from fireside.samples.whatsapp_export import write_file


def _fireside(*args: str) -> list[str]:
    return [sys.executable, "-m", "fireside", *args]


def _env(home: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "FIRESIDE_HOME": str(home), **extra}


# --- item 15: a reader that goes away ------------------------------------------------------


@pytest.mark.parametrize("command", ["parse", "check-jsonl", "practices"])
def test_a_reader_that_goes_away_ends_quietly(tmp_path: Path, command: str) -> None:
    if command == "parse":
        chat = tmp_path / "chat.txt"
        write_file(chat, 20_000)
        args = ["parse", str(chat), "--tz", "UTC"]
    elif command == "check-jsonl":
        drafts = tmp_path / "drafts.jsonl"
        drafts.write_text("".join(f'{{"text": "hello {n}"}}\n' for n in range(20_000)))
        args = ["check", "--jsonl", str(drafts)]
    else:
        args = ["practices", "--json"]
    process = subprocess.Popen(
        _fireside(*args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(tmp_path / "home", COLUMNS="80"),
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()  # `| head -1`
    process.stdout.close()
    errors = process.stderr.read().decode()
    code = process.wait(timeout=60)
    assert errors == ""
    assert code in (ExitCode.BROKEN_PIPE, ExitCode.OK)  # OK: it all fitted in the pipe first
    if command != "practices":
        assert code == ExitCode.BROKEN_PIPE
