"""iMessage chat.db: read-only, Apple epoch in seconds or nanoseconds, attributedBody, tapbacks."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from fireside.cli import app
from fireside.errors import ExitCode
from fireside.importers.imessage import body_from_archive


def archive(text: str) -> bytes:
    """A minimal typedstream archive holding an NSString, shaped like the real ones."""
    data = text.encode("utf-8")
    size = bytes([len(data)]) if len(data) < 0x80 else b"\x81" + len(data).to_bytes(2, "little")
    return (
        b"\x04\x0bstreamtyped\x81\xe8\x03\x84\x01@\x84\x84\x84\x12NSAttributedString\x00\x84\x84\x08NSObject\x00\x85\x92\x84\x84\x84\x08NSString\x01\x94\x84\x01+"
        + size
        + data
        + b"\x86\x84"
    )


def make_db(path: Path) -> Path:
    connection = sqlite3.connect(path)
    connection.executescript(
        """
        CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT, service TEXT);
        CREATE TABLE message (ROWID INTEGER PRIMARY KEY, text TEXT, attributedBody BLOB, handle_id INTEGER,
            is_from_me INTEGER, date INTEGER, associated_message_type INTEGER, cache_has_attachments INTEGER);
        CREATE TABLE chat (ROWID INTEGER PRIMARY KEY, chat_identifier TEXT);
        INSERT INTO handle VALUES (1, '+447700900123', 'iMessage'), (2, 'bank@example.com', 'iMessage');
        """
    )
    base_s = 730_000_000  # seconds since 2001-01-01: 2024-02-19 01:46:40 UTC
    rows = [
        (1, "hi love", None, 1, 1, base_s, 0, 0),  # an old database: seconds
        (2, None, archive("hey you ❤️"), 1, 0, (base_s + 300) * 1_000_000_000, 0, 0),  # nanoseconds
        (3, None, None, 1, 0, (base_s + 400) * 1_000_000_000, 2000, 0),  # a tapback
        (4, "\ufffc", None, 1, 0, (base_s + 500) * 1_000_000_000, 0, 1),  # a photo
        (5, "your statement", None, 2, 0, (base_s + 600) * 1_000_000_000, 0, 0),
    ]
    connection.executemany("INSERT INTO message VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    connection.commit()
    connection.close()
    return path


def test_body_from_archive_reads_short_and_long_strings() -> None:
    assert body_from_archive(archive("hey")) == "hey"
    long = "x" * 300
    assert body_from_archive(archive(long)) == long
    assert body_from_archive(None) == "" and body_from_archive(b"junk") == ""


def test_one_conversation_read_only(runner: CliRunner, tmp_path: Path) -> None:
    db = make_db(tmp_path / "chat.db")
    before = db.read_bytes()
    result = runner.invoke(app, ["parse", str(db), "--chat", "07700 900123", "--tz", "UTC"])
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["sender"], r["kind"], r["text"]) for r in rows] == [
        ("Me", "text", "hi love"),
        ("+447700900123", "text", "hey you ❤️"),
        ("+447700900123", "media", ""),
    ]
    assert rows[0]["ts"] == "2024-02-19T01:46:40+00:00"  # 978,307,200 + 730,000,000 s
    assert db.read_bytes() == before  # opened read-only


def test_without_chat_the_conversations_are_listed(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["import", str(make_db(tmp_path / "chat.db"))])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "+447700900123 (4)" in result.stderr and "--chat" in result.stderr


def test_import(runner: CliRunner, tmp_path: Path) -> None:
    db = make_db(tmp_path / "chat.db")
    report = json.loads(
        runner.invoke(app, ["import", str(db), "--chat", "+447700900123", "--json"]).stdout
    )
    assert (
        report["format"] == "imessage" and report["imported"] == 3 and report["system_lines"] == 1
    )
    assert report["by_role"] == {"me": 1, "partner": 2}


def test_a_database_that_is_not_imessage_is_named(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE message (x)")
    result = runner.invoke(app, ["parse", str(path), "--format", "imessage"])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "not an iMessage database" in result.stderr and "chat.db" in result.stderr


def test_a_wal_database_is_read_without_writing_beside_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = make_db(tmp_path / "chat.db")
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.close()
    before = sorted(p.name for p in tmp_path.iterdir())
    result = runner.invoke(app, ["parse", str(path), "--chat", "+447700900123", "--tz", "UTC"])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no chat.db-wal, -shm


def test_damaged_rows_are_problems_never_a_crash(runner: CliRunner, tmp_path: Path) -> None:
    path = make_db(tmp_path / "chat.db")
    connection = sqlite3.connect(path)
    connection.executescript(
        """
        INSERT INTO handle VALUES (3, 447700900999, 'SMS');
        INSERT INTO message VALUES (10, CAST('blob words' AS BLOB), NULL, 3, 0, 730000100, 0, 0);
        INSERT INTO message VALUES (11, 'no time', NULL, 3, 1, NULL, 0, 0);
        INSERT INTO message VALUES (12, 'far off', NULL, 3, 0, 9000000000000000000, 0, 0);
        INSERT INTO message VALUES (13, 'fine', NULL, 3, 1, 730000200, 0, 0);
        INSERT INTO message VALUES (14, 'odd date', NULL, 3, 1, 'soon', 0, 0);
        """
    )
    connection.commit()
    connection.close()
    result = runner.invoke(app, ["parse", str(path), "--chat", "447700900999", "--tz", "UTC"])
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [m["text"] for m in lines] == ["blob words", "fine"]
    for row in ("11", "12", "14"):
        assert f"line {row}" in result.stderr or f"{row}:" in result.stderr
