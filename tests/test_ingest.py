"""Importing into the store: who is who, privacy, idempotency, all-or-nothing, forgetting."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from typer.testing import CliRunner

from fireside import paths
from fireside.cli import app
from fireside.errors import ExitCode, NotFoundError
from fireside.ingest import RoleError, Who, forget_import, import_chat, list_imports
from fireside.samples.whatsapp_export import LOCALES, conversation, write_export, write_file
from fireside.store import Store, open_store
from fireside.store.schema import message


@pytest.fixture
def store(database_url: str) -> Store:
    with open_store(database_url) as opened:
        yield opened  # type: ignore[misc]


def count(store: Store, *where: object) -> int:
    with store.engine.connect() as connection:
        return int(
            connection.execute(select(func.count()).select_from(message).where(*where)).scalar_one()
        )  # type: ignore[arg-type]


def test_import_stores_roles_kinds_and_keeps_partner_text_private(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "chat.txt"
    truth = write_file(path, 300, "android-en-gb")
    report = import_chat(store, path, me=["Maya"], tz="UTC")
    assert report.imported == 300 and report.duplicates == 0
    assert report.by_role == {
        "me": sum(t.sender == "Maya" for t in truth),
        "partner": sum(t.sender == "Sam" for t in truth),
    }
    assert count(store, message.c.role == "partner", message.c.text.is_not(None)) == 0
    assert (
        count(store, message.c.role == "me", message.c.kind == "text", message.c.text.is_(None))
        == 0
    )
    with store.engine.connect() as connection:
        chars = connection.execute(
            select(func.sum(message.c.chars)).where(message.c.role == "partner")
        ).scalar_one()
    assert chars == sum(len(t.text) for t in truth if t.sender == "Sam")


def test_partner_text_is_kept_only_when_asked(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    write_file(path, 100, "ios-en-gb")
    import_chat(store, path, me=["Maya"], partner="Sam", keep_partner_text=True, tz="UTC")
    assert (
        count(
            store, message.c.role == "partner", message.c.kind == "text", message.c.text.is_(None)
        )
        == 0
    )


def test_reimport_and_overlapping_exports_add_only_new_messages(
    store: Store, tmp_path: Path
) -> None:
    loc = LOCALES["android-en-gb"]
    truth = list(conversation(600, seed=11))
    early, later = tmp_path / "early.txt", tmp_path / "later.txt"
    with early.open("w", encoding="utf-8") as handle:
        write_export(handle, truth[:350], loc)
    with later.open("w", encoding="utf-8") as handle:
        write_export(handle, truth[100:], loc)
    first = import_chat(store, early, me=["Maya"], tz="UTC")
    again = import_chat(store, early, me=["Maya"], tz="UTC")
    overlap = import_chat(store, later, me=["Maya"], tz="UTC")
    assert (first.imported, again.imported, again.duplicates) == (350, 0, 350)
    assert (overlap.imported, overlap.duplicates) == (250, 250)
    # The overlap's figures describe only what it added (the store is asked, not the file).
    assert sum(overlap.by_role.values()) == sum(overlap.by_kind.values()) == 250
    assert overlap.first is not None and first.last is not None and overlap.first >= first.last
    assert count(store) == 600
    assert [r.messages for r in list_imports(store)] == [
        350,
        250,
    ]  # the empty re-import left no entry


def test_identical_messages_in_the_same_minute_are_both_kept(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text(
        "01/03/2024, 10:00 - Maya: ok\n01/03/2024, 10:00 - Maya: ok\n01/03/2024, 10:01 - Sam: ok\n"
    )
    assert import_chat(store, path, me=["Maya"], tz="UTC", date_order="dmy").imported == 3
    assert import_chat(store, path, me=["Maya"], tz="UTC", date_order="dmy").duplicates == 3


def test_who_is_who(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    write_file(path, 50, "android-en-gb")
    with pytest.raises(RoleError) as caught:
        import_chat(store, path, me=["Nobody"], partner="Else", tz="UTC")
    assert caught.value.participants and set(caught.value.participants) == {"Maya", "Sam"}
    asked = import_chat(store, path, tz="UTC", choose=lambda _people: Who(me="Sam", partner="Maya"))
    assert asked.by_role.keys() == {"me", "partner"}


def test_group_chats_need_an_explicit_partner(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "group.txt"
    path.write_text(
        "13/03/2024, 10:00 - Maya: hi all\n13/03/2024, 10:01 - Sam: hey\n13/03/2024, 10:02 - Jo: hello\n"
    )
    with pytest.raises(RoleError, match="group chat"):
        import_chat(store, path, me=["Maya"], tz="UTC")
    report = import_chat(store, path, me=["Maya"], partner="Sam", tz="UTC")
    assert report.by_role == {"me": 1, "partner": 1, "other": 1}


def test_a_failed_import_leaves_nothing_behind_and_the_next_run_imports_it_whole(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "chat.txt"
    write_file(path, 1200, "android-en-gb")
    import fireside.ingest.saving as saving

    stage = saving._SQLiteStage if store.engine.dialect.name == "sqlite" else saving._PostgresStage
    real = stage._copy_in

    def dies_after_writing(self, connection, owner_id, import_id):  # type: ignore[no-untyped-def]
        assert real(self, connection, owner_id, import_id) == (1200, 0)  # written, not committed
        raise KeyboardInterrupt

    monkeypatch.setattr(stage, "_copy_in", dies_after_writing)
    with pytest.raises(KeyboardInterrupt):
        import_chat(store, path, me=["Maya"], tz="UTC")
    assert count(store) == 0 and list_imports(store) == []
    assert staging_files() == []
    monkeypatch.setattr(stage, "_copy_in", real)
    assert import_chat(store, path, me=["Maya"], tz="UTC").imported == 1200


def staging_files(directory: Path | None = None) -> list[Path]:
    return sorted((directory or paths.data_dir()).glob(".import-staging-*"))


def test_a_killed_import_process_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    path = tmp_path / "big.txt"
    write_file(path, 300_000, "android-en-gb")
    env = {**os.environ, "FIRESIDE_HOME": str(home)}
    process = subprocess.Popen(
        [sys.executable, "-m", "fireside", "import", str(path), "--me", "Maya", "--tz", "UTC"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wal = home / "fireside.db-wal"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > 2_000_000:  # rows are being written
            break
        time.sleep(0.01)
    assert process.poll() is None, "the import finished before it could be interrupted"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert len(staging_files(home)) == 1  # the killed import's messages, for now
    with open_store(f"sqlite:///{home}/fireside.db") as store:
        assert count(store) == 0 and list_imports(store) == []
        monkeypatch.setenv("FIRESIDE_HOME", str(home))
        assert import_chat(store, path, me=["Maya"], tz="UTC").imported == 300_000
    assert staging_files(home) == []  # swept: its process is gone


def test_forget_removes_one_import_and_its_messages(store: Store, tmp_path: Path) -> None:
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    write_file(one, 40, "android-en-gb", seed=1)
    write_file(two, 60, "android-en-gb", seed=2, start=datetime(2024, 5, 20, 9, 0))
    first = import_chat(store, one, me=["Maya"], tz="UTC")
    import_chat(store, two, me=["Maya"], tz="UTC")
    assert forget_import(store, first.import_id or 0) == 40
    assert count(store) == 60 and len(list_imports(store)) == 1
    with pytest.raises(NotFoundError):
        forget_import(store, 999)


def test_csv_import_with_and_without_offsets(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "chat.csv"
    path.write_text(
        "timestamp,sender,text\n"
        '2024-03-01T18:05:00+01:00,Maya,"hi, love"\n'
        "2024-03-01T18:20:00,Sam,hey\n"
        "yesterday,Sam,lost\n"
        '2024-03-01T19:00:00Z,Maya,"two\nlines"\n'
    )
    report = import_chat(store, path, me=["Maya"], tz="Europe/Paris")
    assert report.format == "csv" and report.imported == 3
    assert [p.line for p in report.problems] == [4]
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(message.c.ts, message.c.offset_minutes).order_by(message.c.ts)
        ).all()
    assert [r.offset_minutes for r in rows] == [60, 60, 0]
    assert rows[0].ts == rows[1].ts - 15 * 60 * 1000


def test_cli_import_report_and_imports(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    write_file(path, 80, "ios-en-us")
    no_names = runner.invoke(app, ["import", str(path)])
    assert no_names.exit_code == ExitCode.INVALID_INPUT
    assert "Participants: " in no_names.stderr and "--me NAME and --partner NAME" in no_names.stderr
    result = runner.invoke(app, ["import", str(path), "--me", "Maya", "--tz", "UTC"])
    assert result.exit_code == 0 and "Imported 80 new messages" in result.stdout
    assert "partner's message text was not stored" in result.stdout
    again = runner.invoke(app, ["import", str(path), "--me", "Maya", "--tz", "UTC"])
    assert "Nothing new" in again.stdout and "all 80 messages were already" in again.stdout
    table = runner.invoke(app, ["imports"]).stdout
    assert "chat.txt" in table and "80" in table
    listed = json.loads(runner.invoke(app, ["imports", "--json"]).stdout)
    assert listed[0]["messages"] == 80
    forgot = runner.invoke(app, ["imports", "forget", str(listed[0]["id"])])
    assert forgot.exit_code == 0 and "80 messages" in forgot.stdout
    missing = runner.invoke(app, ["imports", "forget", "42"])
    assert missing.exit_code == ExitCode.NOT_FOUND


def test_cli_import_json_report_fields(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    write_file(path, 30, "android-de")
    data = json.loads(runner.invoke(app, ["import", str(path), "--me", "Maya", "--json"]).stdout)
    assert {
        "format",
        "messages",
        "imported",
        "duplicates",
        "by_role",
        "by_kind",
        "first",
        "last",
        "problems",
    } <= set(data)
    assert data["format"] == "whatsapp" and data["messages"] == 30


def test_profile_names_are_used(runner: CliRunner, tmp_path: Path) -> None:
    runner.invoke(
        app, ["init", "--no-interactive", "--me", "maya", "--partner", "SAM", "--tz", "UTC"]
    )
    path = tmp_path / "chat.txt"
    write_file(path, 20, "android-en-gb")
    data = json.loads(runner.invoke(app, ["import", str(path), "--json"]).stdout)
    assert data["by_role"].keys() == {"me", "partner"}


@pytest.mark.parametrize(
    "flags, message",
    [
        (["--tz", "Mars/Olympus"], "--tz: 'Mars/Olympus' is not a valid value."),
        (["--date-order", "ydm"], "--date-order: 'ydm' is not a valid value."),
        (["--encoding", "klingon"], "--encoding: 'klingon' is not a valid value."),
        (["--format", "myspace"], "Unknown format 'myspace'."),
    ],
)
def test_bad_import_flags_are_named(
    runner: CliRunner, tmp_path: Path, flags: list[str], message: str
) -> None:
    path = tmp_path / "chat.txt"
    write_file(path, 10, "android-en-gb")
    result = runner.invoke(app, ["import", str(path), "--me", "Maya", *flags])
    assert result.exit_code == ExitCode.INVALID_INPUT, result.stderr
    assert message in result.stderr


def test_dedupe_keys_are_pinned() -> None:
    """Stored keys depend on this exact recipe; if this fails, re-imports would duplicate.

    (Migration 0005 moved every stored key to it from the first recipe.)"""
    import polars as pl

    from fireside.ingest.keys import Numbering

    ts = pl.Series(
        [datetime(2024, 3, 1, 18, 5)] * 3 + [datetime(2024, 3, 1, 18, 6)], dtype=pl.Datetime("ms")
    ).dt.replace_time_zone("UTC")
    role = pl.Series(["me", "me", "partner", "other"])
    assert Numbering(lambda _a, _b: {}).keys(ts, role).to_list() == [
        1 << 40,  # my first message at 18:05
        (1 << 40) + 1,  # my second in the same minute: told apart by its order
        2 << 40,  # the partner's first at 18:05
        3 << 40,
    ]


def test_progress_reports_reading_then_saving(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    write_file(path, 2000, "android-en-gb")
    events: list[object] = []
    import_chat(
        store,
        path,
        me=["Maya"],
        tz="UTC",
        progress=lambda done, total: events.append((done, total)),
        saving=lambda: events.append("saving"),
    )
    size = path.stat().st_size
    assert events[-1] == "saving" and events[-2] == (size, size)
    assert all(isinstance(e, tuple) for e in events[:-1])


def test_a_full_disk_is_named_and_nothing_is_imported(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "chat.txt"
    write_file(path, 100, "android-en-gb")

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    import tempfile

    mkstemp = tempfile.mkstemp
    monkeypatch.setattr("fireside.store.staging.tempfile.mkstemp", full)
    result = runner.invoke(app, ["import", str(path), "--me", "Maya", "--tz", "UTC"])
    assert result.exit_code == ExitCode.STORE
    assert "staging file" in result.stderr and "No space left on device" in result.stderr
    assert "nothing was imported" in result.stderr
    # (not monkeypatch.undo(): that also undid the test's own FIRESIDE_HOME, and the check
    # below then read the real ~/.local/share/fireside)
    monkeypatch.setattr("fireside.store.staging.tempfile.mkstemp", mkstemp)
    result = runner.invoke(app, ["imports", "--json"])
    assert json.loads(result.stdout) == []


def _file_bytes(home: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(home.glob("fireside.db*")) if p.is_file())


def test_erase_and_forget_leave_no_trace_of_the_words_in_the_files(
    runner: CliRunner, tmp_path: Path, fireside_home: Path
) -> None:
    path = tmp_path / "chat.txt"
    path.write_text(
        "01/03/2024, 10:00 - Maya: the zebracrossing7431 is where we met\n"
        "01/03/2024, 10:05 - Sam: really\n"
    )
    args = ["import", str(path), "--me", "Maya", "--tz", "UTC", "--date-order", "dmy"]
    assert runner.invoke(app, args).exit_code == 0
    assert b"zebracrossing7431" in _file_bytes(fireside_home)
    assert runner.invoke(app, ["imports", "forget", "1"]).exit_code == 0
    assert b"zebracrossing7431" not in _file_bytes(fireside_home)
    assert runner.invoke(app, args).exit_code == 0
    left = fireside_home / ".import-staging-999999999-x.db"  # as a killed import leaves it
    left.write_bytes(b"zebracrossing7431")
    assert runner.invoke(app, ["erase", "--yes"]).exit_code == 0
    assert b"zebracrossing7431" not in _file_bytes(fireside_home)
    assert not left.exists()


def _reference_keys(rows: list[tuple[int, str]]) -> list[int]:
    """The dedupe key recipe written plainly, one message at a time in file order."""
    codes = {"me": 1, "partner": 2, "other": 3}
    seen: dict[tuple[int, str], int] = {}
    keys = []
    for ms, role in rows:
        number = seen.get((ms, role), 0)
        seen[(ms, role)] = number + 1
        keys.append(codes[role] * (1 << 40) + number)
    return keys


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1_500_000_000_000, max_value=1_500_000_000_004),  # many repeats
            st.sampled_from(["me", "partner", "other"]),
        ),
        max_size=60,
    ),
    st.lists(st.integers(min_value=0, max_value=60), max_size=6),
)
def test_dedupe_keys_match_the_plain_recipe_across_any_frames(
    rows: list[tuple[int, str]], cuts: list[int]
) -> None:
    """Frames in or out of time order: the numbering carries across them exactly."""
    import polars as pl

    from fireside.ingest.keys import Numbering

    staged: list[tuple[int, str]] = []

    def staged_counts(first: int, last: int) -> dict[tuple[int, str], int]:
        counts: dict[tuple[int, str], int] = {}
        for ms, role in staged:
            if first <= ms <= last:
                counts[(ms, role)] = counts.get((ms, role), 0) + 1
        return counts

    numbering = Numbering(staged_counts)
    keys: list[int] = []
    points = sorted({0, len(rows), *(min(c, len(rows)) for c in cuts)})
    for start, end in itertools.pairwise(points):
        part = rows[start:end]
        ts = pl.Series([ms for ms, _ in part], dtype=pl.Int64)
        frame_ts = pl.from_epoch(ts, time_unit="ms").dt.replace_time_zone("UTC")
        keys += numbering.keys(frame_ts, pl.Series([r for _, r in part], dtype=pl.String)).to_list()
        staged.extend(part)
    assert keys == _reference_keys(rows)


def test_unreadable_lines_past_the_cap_are_still_counted(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "chat.csv"
    rows = ["2024-03-01T10:00:00+00:00,Maya,hi", "2024-03-01T10:01:00+00:00,Sam,hey"]
    rows += ["not a time,Sam,x"] * 1200
    path.write_text("timestamp,sender,text\n" + "\n".join(rows) + "\n")
    result = runner.invoke(app, ["import", str(path), "--me", "Maya", "--json"])
    report = json.loads(result.stdout)
    assert report["imported"] == 2 and report["unreadable"] == 1200
    assert len(report["problems"]) == 200
