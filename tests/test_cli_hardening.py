"""Damaged surroundings end in a clear message: pipes, locks, full disks, odd folders and files.

Each failure is made for real where it can be: a reader that goes away, a second connection
holding the write lock, a database that may not grow, a read-only store, Ctrl-C during an
import, a data folder shared with others, a symlink where the export goes.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fireside.cli import app
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


# --- item 11: the data folder's mode --------------------------------------------------------


def test_an_existing_shared_folder_is_left_as_it_is_with_a_note(
    runner: CliRunner, fireside_home: Path, tmp_path: Path
) -> None:
    fireside_home.mkdir()
    fireside_home.chmod(0o1777)  # a shared folder with the sticky bit
    for args in (["practices"], ["profile"], ["practice", "P01"], ["info"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert stat.S_IMODE(fireside_home.stat().st_mode) == 0o1777, args
    result = runner.invoke(app, ["profile"])
    assert "others on this machine can look into your fireside folder" in result.stderr
    assert "mode 1777" in result.stderr and "chmod 700" in result.stderr
    assert "others can look into it" in runner.invoke(app, ["info"]).stdout
    chat = tmp_path / "chat.txt"
    write_file(chat, 50)
    result = runner.invoke(app, ["import", str(chat), "--me", "Maya", "--partner", "Sam"])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(fireside_home.stat().st_mode) == 0o1777
    assert stat.S_IMODE((fireside_home / "fireside.db").stat().st_mode) == 0o600


def test_a_private_folder_gets_no_note(runner: CliRunner, fireside_home: Path) -> None:
    fireside_home.mkdir(mode=0o711)
    fireside_home.chmod(0o711)  # others may pass through, not look in
    result = runner.invoke(app, ["profile"])
    assert result.exit_code == 0 and "others" not in result.stderr
    assert stat.S_IMODE(fireside_home.stat().st_mode) == 0o711


def test_reading_the_library_creates_nothing(runner: CliRunner, fireside_home: Path) -> None:
    assert runner.invoke(app, ["practices"]).exit_code == 0
    assert runner.invoke(app, ["practice", "P08"]).exit_code == 0
    assert not fireside_home.exists()


def test_new_folders_are_made_private_parents_included(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "new" / "deeper" / "fireside"
    monkeypatch.setenv("FIRESIDE_HOME", str(home))
    assert runner.invoke(app, ["profile"]).exit_code == 0
    for folder in (home, home.parent, home.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


@pytest.mark.parametrize("where", ["the-file", "the-file/below"])
def test_fireside_home_at_a_file_is_explained(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    (tmp_path / "the-file").write_text("not a folder")
    monkeypatch.setenv("FIRESIDE_HOME", str(tmp_path / where))
    result = runner.invoke(app, ["profile"])
    assert result.exit_code == ExitCode.STORE
    assert "is a file, not a folder" in result.stderr and "FIRESIDE_HOME" in result.stderr
    assert "Traceback" not in result.output
