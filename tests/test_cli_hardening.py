"""Damaged surroundings end in a clear message: pipes, locks, full disks, odd folders and files.

Each failure is made for real where it can be: a reader that goes away, a second connection
holding the write lock, a database that may not grow, a read-only store, Ctrl-C during an
import, a data folder shared with others, a symlink where the export goes.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from fireside.cli import app
from fireside.errors import ExitCode
from fireside.files import private_file
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


# --- item 12: files written for you ---------------------------------------------------------


def test_export_replaces_an_open_file_with_a_private_one(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "all.json"
    target.write_text("old")
    target.chmod(0o644)
    result = runner.invoke(app, ["export", str(target)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "readable only by you" in " ".join(result.stdout.split())
    assert json.loads(target.read_text())["format"] == 1


def test_export_onto_a_symlink_leaves_what_it_points_at(runner: CliRunner, tmp_path: Path) -> None:
    victim = tmp_path / "someone-elses.txt"
    victim.write_text("precious")
    victim.chmod(0o644)
    link = tmp_path / "export.json"
    link.symlink_to(victim)
    result = runner.invoke(app, ["export", str(link)])
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "precious" and stat.S_IMODE(victim.stat().st_mode) == 0o644
    assert not link.is_symlink() and stat.S_IMODE(link.stat().st_mode) == 0o600
    assert json.loads(link.read_text())["format"] == 1


@pytest.mark.parametrize("where", ["no/such/folder/x.json", "."])
def test_export_where_it_cannot_write_is_explained(
    runner: CliRunner, tmp_path: Path, where: str
) -> None:
    result = runner.invoke(app, ["export", str(tmp_path / where)])
    # a path a person gave that cannot be written is their input to change (exit 4, issue 14)
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "Traceback" not in result.output and str(tmp_path) in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fireside-home"]  # nothing left


def test_a_failed_write_leaves_the_old_file_and_no_scrap(tmp_path: Path) -> None:
    target = tmp_path / "kept.json"
    target.write_text("the old one")
    with pytest.raises(KeyboardInterrupt), private_file(target) as stream:
        stream.write(b"half of the new")
        raise KeyboardInterrupt
    assert target.read_text() == "the old one"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.json"]


def test_charts_are_private_files_and_follow_no_symlink(runner: CliRunner, tmp_path: Path) -> None:
    chat = tmp_path / "chat.txt"
    write_file(chat, 400)
    assert (
        runner.invoke(app, ["import", str(chat), "--me", "Maya", "--partner", "Sam"]).exit_code == 0
    )
    folder = tmp_path / "new" / "charts"
    victim = tmp_path / "victim.svg"
    victim.write_text("keep me")
    folder.mkdir(parents=True)
    folder.chmod(0o755)  # an existing folder keeps its mode
    (folder / "reply-times.svg").symlink_to(victim)
    (folder / "weekly-messages.svg").write_text("old")
    (folder / "weekly-messages.svg").chmod(0o644)
    result = runner.invoke(app, ["rhythm", "--charts", str(folder)])
    assert result.exit_code == 0, result.output
    assert victim.read_text() == "keep me"
    for chart in folder.iterdir():
        assert not chart.is_symlink() and stat.S_IMODE(chart.stat().st_mode) == 0o600, chart
        assert chart.read_text().startswith("<svg")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    fresh = tmp_path / "fresh" / "charts"
    assert runner.invoke(app, ["rhythm", "--charts", str(fresh)]).exit_code == 0
    assert stat.S_IMODE(fresh.stat().st_mode) == stat.S_IMODE(fresh.parent.stat().st_mode) == 0o700


# --- item 10: `check --jsonl` goes on past any bad line -------------------------------------


def test_check_jsonl_reports_each_bad_line_and_checks_the_rest(
    runner: CliRunner, tmp_path: Path
) -> None:
    drafts = tmp_path / "drafts.jsonl"
    drafts.write_bytes(
        b'{"text": "first"}\n'
        b'{"text": "at five", "at": 5}\n'
        + b"[" * 100_000
        + b"]" * 100_000
        + b"\n"
        + b'{"text": "bad \xff\xfe bytes"}\n'
        + b'{"text": "'
        + b"x" * (2 << 20)
        + b'"}\n'
        + b'{"text": "mood", "mood": true}\n'
        + b'{"text": "'
        + b"9" * 5000
        + b'"}\n'  # (a string: fine)
        + b'{"text": "n", "mood": '
        + b"9" * 5000
        + b"}\n"  # more digits than Python turns into a number
        + b'{"text": "last"}'  # no final newline
    )
    result = runner.invoke(app, ["check", "--jsonl", str(drafts)])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "Traceback" not in result.output
    checked = [json.loads(line)["text"] for line in result.stdout.splitlines()]
    assert checked == ["first", "9" * 5000, "last"]
    for number, reason in [
        (2, '"at" must be text'),
        (3, "nested too deeply"),
        (4, "not valid UTF-8"),
        (5, "longer than 1 MB"),
        (6, '"mood" must be a whole number'),
        (8, "line 8:"),
    ]:
        assert f"drafts.jsonl: line {number}: " in result.stderr, number
        assert reason in result.stderr, reason
    assert "6 lines could not be checked" in result.stderr


# --- item 10: the store under pressure ------------------------------------------------------

NO_SQL = ("SELECT", "INSERT", "UPDATE", "[SQL", "parameters", "sqlalche.me")


def _store_file(home: Path) -> Path:
    return home / "fireside.db"


def _imports(home: Path) -> list[tuple[int, int]]:
    with sqlite3.connect(_store_file(home)) as connection:
        return connection.execute("SELECT id, messages FROM chat_import").fetchall()


def _message_count(home: Path) -> int:
    with sqlite3.connect(_store_file(home)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return int(connection.execute("SELECT count(*) FROM message").fetchone()[0])


def test_a_writer_holding_the_lock_is_explained_not_dumped(
    runner: CliRunner, fireside_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert runner.invoke(app, ["profile", "set", "partner-name", "Sam"]).exit_code == 0
    chat = tmp_path / "chat.txt"
    write_file(chat, 300)
    monkeypatch.setenv("FIRESIDE_BUSY_TIMEOUT", "0.2")
    other = sqlite3.connect(_store_file(fireside_home), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer, holding the write lock
    try:
        for args in (
            ["profile", "set", "partner-name", "Alex"],
            ["import", str(chat), "--me", "Maya"],
            ["erase", "--yes"],
        ):
            result = runner.invoke(app, args)
            assert result.exit_code == ExitCode.STORE, (args, result.output)
            assert "is busy: another program" in result.stderr
            assert "within 0.2 seconds" in result.stderr
            assert not any(word in result.output for word in NO_SQL), result.output
        assert runner.invoke(app, ["profile", "--json"]).exit_code == 0  # reading still works
    finally:
        other.rollback()
        other.close()
    assert json.loads(runner.invoke(app, ["profile", "--json"]).stdout)["partner_name"] == "Sam"
    assert _imports(fireside_home) == []


def test_a_full_disk_during_the_insert_is_explained_and_nothing_is_kept(
    runner: CliRunner, fireside_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fireside.store import engine

    assert runner.invoke(app, ["profile", "set", "partner-name", "Sam"]).exit_code == 0
    with sqlite3.connect(_store_file(fireside_home)) as connection:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
    pragmas = engine._sqlite_pragmas

    def full_soon(dbapi_connection: Any, record: Any) -> None:
        pragmas(dbapi_connection, record)  # then the disk "fills" 20 pages (80 KB) later
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 20}")

    monkeypatch.setattr(engine, "_sqlite_pragmas", full_soon)
    chat = tmp_path / "chat.txt"
    write_file(chat, 20_000)
    result = runner.invoke(app, ["import", str(chat), "--me", "Maya"])
    assert result.exit_code == ExitCode.STORE, result.output
    assert "The disk is full" in result.stderr and "as it was" in result.stderr
    assert not any(word in result.output for word in NO_SQL), result.output
    assert _imports(fireside_home) == [] and _message_count(fireside_home) == 0
    monkeypatch.setattr(engine, "_sqlite_pragmas", pragmas)  # room again: it all goes in
    assert runner.invoke(app, ["import", str(chat), "--me", "Maya"]).exit_code == 0
    assert _message_count(fireside_home) > 19_000


def test_an_unknown_database_failure_shows_no_sql(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    def boom(*_args: object, **_kwargs: object) -> None:
        raise OperationalError(
            "UPDATE profile SET partner_name=?", ("secret words",), Exception("odd")
        )

    monkeypatch.setattr("fireside.store.Store.save_profile", boom)
    result = runner.invoke(app, ["profile", "set", "partner-name", "Alex"])
    assert result.exit_code == ExitCode.INTERNAL
    assert "OperationalError: odd" in result.stderr
    assert "secret words" not in result.stderr and "UPDATE" not in result.stderr


# --- item 13: someone else's database --------------------------------------------------------


@pytest.mark.parametrize(
    "schema, says",
    [
        (
            ["CREATE TABLE accounts (id INTEGER, name TEXT)", "CREATE TABLE invoices (id)"],
            "already holds other tables (accounts, invoices)",
        ),
        (
            [
                "CREATE TABLE alembic_version (version_num TEXT)",
                "INSERT INTO alembic_version VALUES ('ae1027a6acf')",
                "CREATE TABLE users (id)",
            ],
            "belongs to another program",
        ),
        (
            [
                "CREATE TABLE alembic_version (version_num TEXT)",
                "INSERT INTO alembic_version VALUES ('0099')",
            ],
            "made by a newer fireside",
        ),
    ],
)
def test_someone_elses_database_is_left_untouched(
    runner: CliRunner, tmp_path: Path, schema: list[str], says: str
) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        for statement in schema:
            connection.execute(statement)
    before = other.read_bytes()
    for args in (["profile"], ["profile", "set", "partner-name", "Sam"], ["info"]):
        result = runner.invoke(app, ["--database-url", f"sqlite:///{other}", *args])
        assert result.exit_code == ExitCode.STORE, result.output
        assert says in result.stderr
        assert "leaves it alone" in result.stderr or "left as it is" in result.stderr
    assert other.read_bytes() == before  # not one table added, not one byte changed
    assert not (tmp_path / "other.db.migrate-lock").exists()


def test_an_empty_database_is_set_up(runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    result = runner.invoke(app, ["--database-url", f"sqlite:///{empty}", "profile", "--json"])
    assert result.exit_code == 0, result.output


# --- item 10: a read-only store --------------------------------------------------------------

_MOUNT_READ_ONLY = 'mount --bind -o ro "$0" "$0" && exec "$@"'


def _read_only_prefix(folder: Path) -> list[str]:
    """A command prefix that runs what follows with ``folder`` mounted read-only.

    Root ignores file modes, so chmod proves nothing here: a read-only bind mount in a
    private mount namespace makes every write fail for real (EROFS), as on a read-only disk.
    """
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare(1) to mount a folder read-only")
    for prefix in (["unshare", "--mount"], ["unshare", "--map-root-user", "--mount"]):
        trial = [
            *prefix,
            "sh",
            "-c",
            _MOUNT_READ_ONLY,
            str(folder),
            "sh",
            "-c",
            '! touch "$0/x"',
            str(folder),
        ]
        if subprocess.run(trial, capture_output=True, check=False).returncode == 0:
            return [*prefix, "sh", "-c", _MOUNT_READ_ONLY, str(folder)]
    pytest.skip("this machine does not allow a read-only bind mount")


def test_a_read_only_store_can_be_read(
    runner: CliRunner, fireside_home: Path, tmp_path: Path
) -> None:
    chat = tmp_path / "chat.txt"
    write_file(chat, 500)
    assert runner.invoke(app, ["profile", "set", "partner-name", "Sam"]).exit_code == 0
    assert runner.invoke(app, ["import", str(chat), "--me", "Maya"]).exit_code == 0
    before = sorted((p.name, p.stat().st_mtime_ns) for p in fireside_home.iterdir())
    prefix = _read_only_prefix(fireside_home)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*prefix, *_fireside(*args)],
            capture_output=True,
            text=True,
            check=False,
            env=_env(fireside_home),
        )

    for args in (
        ["profile", "--json"],
        ["imports"],
        ["rhythm", "--json"],
        ["info"],
        ["practices"],
        ["check", "Don't you miss me?"],
        ["export", "-"],
    ):
        result = run(*args)
        assert result.returncode == 0, (args, result.stderr)
    assert json.loads(run("profile", "--json").stdout)["partner_name"] == "Sam"
    assert json.loads(run("export", "-").stdout)["tables"]["chat_import"][0]["messages"] > 400
    for args in (
        ["profile", "set", "partner-name", "Alex"],
        ["import", str(chat), "--me", "Maya"],
        ["erase", "--yes"],
    ):
        result = run(*args)
        assert result.returncode == ExitCode.STORE, (args, result.stderr)
        assert "read-only" in result.stderr.lower(), (args, result.stderr)
        assert "Traceback" not in result.stderr and "INSERT" not in result.stderr
    assert sorted((p.name, p.stat().st_mtime_ns) for p in fireside_home.iterdir()) == before


# --- item 10: Ctrl-C while saving -------------------------------------------------------------


def test_ctrl_c_while_saving_is_130_and_the_store_stays_whole(tmp_path: Path) -> None:
    """SIGINT at points of the saving step (the staging file is there: reading is done).

    Before, ADBC's own Ctrl-C handling turned it into "NOT_IMPLEMENTED" (exit 5), and a
    clean-up step that failed while the interrupt unwound gave exit 70. A signal sent the
    moment the staging file appears also caught the worker that writes it being left to
    write it again after it was deleted.
    """
    chat = tmp_path / "chat.txt"
    write_file(chat, 60_000)
    home = tmp_path / "home"
    interrupted = 0
    for delay in (0.0, 0.1):
        shutil.rmtree(home, ignore_errors=True)
        process = subprocess.Popen(
            _fireside("import", str(chat), "--me", "Maya", "--partner", "Sam", "--tz", "UTC"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_env(home),
        )
        while process.poll() is None and not any(home.glob(".import-staging-*")):
            time.sleep(0.002)
        time.sleep(delay)
        if process.poll() is not None:  # (done before the signal: nothing to test)
            process.communicate()
            continue
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=120)
        assert process.returncode == ExitCode.INTERRUPTED, (delay, errors)
        assert b"Stopped (Ctrl-C)" in errors and b"Traceback" not in errors
        assert _imports(home) == [] and _message_count(home) == 0  # whole: nothing half-saved
        assert not any(home.glob(".import-staging-*")), sorted(p.name for p in home.iterdir())
        interrupted += 1
    assert interrupted >= 1
    done = subprocess.run(
        _fireside("import", str(chat), "--me", "Maya", "--partner", "Sam", "--tz", "UTC"),
        capture_output=True,
        env=_env(home),
        check=False,
    )
    assert done.returncode == 0 and _message_count(home) >= 59_000
