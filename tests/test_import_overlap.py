"""Overlapping exports: a message edited or deleted since is the same message, updated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from fireside.ingest import import_chat
from fireside.store import Store, migrate, open_store
from fireside.store.engine import make_engine


@pytest.fixture
def store(database_url: str) -> Store:
    with open_store(database_url) as opened:
        yield opened  # type: ignore[misc]


def _rows(store: Store) -> list[tuple[object, ...]]:
    with store.engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                text("SELECT ts, role, kind, edited, chars FROM message ORDER BY ts, content_hash")
            )
        ]


WHATSAPP = [
    "13/03/2024, 10:00 - Maya: morning",
    "13/03/2024, 10:01 - Sam: {sam}",
    "13/03/2024, 10:01 - Sam: second in the same minute",
    "13/03/2024, 10:05 - Maya: see you",
]


def _whatsapp(tmp_path: Path, name: str, sam: str, extra: list[str] | None = None) -> Path:
    path = tmp_path / name
    lines = [line.format(sam=sam) for line in WHATSAPP] + (extra or [])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_whatsapp_message_edited_then_deleted_stays_one_row(store: Store, tmp_path: Path) -> None:
    first = _whatsapp(tmp_path, "a.txt", "hello there")
    edited = _whatsapp(tmp_path, "b.txt", "hello there, friend <This message was edited>")
    deleted = _whatsapp(
        tmp_path, "c.txt", "This message was deleted", ["14/03/2024, 09:00 - Sam: new one"]
    )
    assert import_chat(store, first, me=["Maya"], tz="UTC").imported == 4
    report = import_chat(store, edited, me=["Maya"], tz="UTC")
    assert (report.imported, report.updated) == (0, 1)
    after_edit = next(r for r in _rows(store) if r[1] == "partner")
    assert after_edit[2:] == ("text", True, len("hello there, friend"))
    report = import_chat(store, deleted, me=["Maya"], tz="UTC")
    assert (report.imported, report.updated) == (1, 1)
    rows = _rows(store)
    assert len(rows) == 5
    assert [r[2] for r in rows if r[1] == "partner"] == ["deleted", "text", "text"]
    # An older export read again turns nothing back.
    report = import_chat(store, first, me=["Maya"], tz="UTC")
    assert (report.imported, report.updated) == (0, 0)
    assert _rows(store) == rows


def _telegram(path: Path, messages: list[dict[str, object]]) -> Path:
    chat = {"name": "Sam", "type": "personal_chat", "id": 9, "messages": messages}
    path.write_text(json.dumps(chat), encoding="utf-8")
    return path


def _message(number: int, text_: str, **more: object) -> dict[str, object]:
    return {
        "id": number,
        "type": "message",
        "date": f"2024-03-01T10:00:0{number}",
        "date_unixtime": str(1709287200 + number),
        "from": "Sam" if number % 2 else "Maya",
        "from_id": "user1",
        "text": text_,
        **more,
    }


def test_a_telegram_edit_in_a_later_export_updates_its_row(store: Store, tmp_path: Path) -> None:
    before = _telegram(tmp_path / "a.json", [_message(n, "hi") for n in range(1, 5)])
    later = [_message(n, "hi") for n in range(1, 5)]
    later[2] = _message(3, "hi, edited", edited="2024-03-01T11:00:00")
    later.append(_message(5, "new"))
    after = _telegram(tmp_path / "b.json", later)
    import_chat(store, before, me=["Maya"], tz="UTC")
    report = import_chat(store, after, me=["Maya"], tz="UTC")
    assert (report.imported, report.updated) == (1, 1)
    rows = _rows(store)
    assert len(rows) == 5
    assert rows[2][3:] == (True, len("hi, edited"))


def test_migration_0006_moves_stored_keys_to_places(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate.upgrade(engine, "0005")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO chat_import (owner_id, source_format, file_name, file_sha256,"
                " imported_at, messages, duplicates, keep_partner_text, problems)"
                " VALUES ('local', 'whatsapp', 'a.txt', 'x', CURRENT_TIMESTAMP, 4, 0, false, '[]')"
            )
        )
        for ts, role, key in [
            (1000, "me", 987654321),
            (1000, "me", -5),
            (1000, "partner", 42),
            (2000, "other", 7),
        ]:
            connection.execute(
                text(
                    "INSERT INTO message (owner_id, import_id, ts, offset_minutes, role, kind,"
                    " edited, chars, words, emoji, content_hash) VALUES ('local',"
                    " (SELECT max(id) FROM chat_import), :ts, 0, :role, 'text', false, 1, 1, 0,"
                    " :key)"
                ),
                {"ts": ts, "role": role, "key": key},
            )
    engine.dispose()
    with open_store(database_url) as store, store.engine.connect() as connection:
        keys = connection.execute(
            text("SELECT content_hash FROM message ORDER BY ts, content_hash")
        ).scalars()
        assert list(keys) == [1 << 40, (1 << 40) + 1, 2 << 40, 3 << 40]


def test_problem_records_never_hold_the_lines_words(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_text(
        "a private preamble about pineapples\n"
        + "\n".join(line.format(sam="hi") for line in WHATSAPP)
        + "\n",
        encoding="utf-8",
    )
    report = import_chat(store, path, me=["Maya"], tz="UTC")
    assert report.unreadable == 1 and report.problems[0].line == 1
    telegram = _telegram(
        tmp_path / "t.json",
        [
            _message(1, "hi"),
            _message(2, "hi"),
            {**_message(3, "hi"), "date": "pineapples", "date_unixtime": "x"},
        ],
    )
    import_chat(store, telegram, me=["Maya"], tz="UTC")
    exported = json.dumps(store.export_all(), default=str)
    assert "pineapple" not in exported
    assert "not a message line" in exported and "time not understood" in exported


def test_migration_0007_cuts_stored_problem_records_back(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate.upgrade(engine, "0006")
    problems = [
        {"line": 3, "reason": "not a message line: 'my secret words'"},
        {"line": 9, "reason": "time not understood: 'secret'"},
        {"line": 12, "reason": "date or time not understood: 31/02/2024 10:00"},
    ]
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO chat_import (owner_id, source_format, file_name, file_sha256,"
                " imported_at, messages, duplicates, keep_partner_text, problems)"
                " VALUES ('local', 'whatsapp', 'a.txt', 'x', CURRENT_TIMESTAMP, 0, 0, false,"
                " :problems)"
            ),
            {"problems": json.dumps(problems)},
        )
    engine.dispose()
    with open_store(database_url) as store:
        exported = json.dumps(store.export_all(), default=str)
    assert "secret" not in exported
    assert "31/02/2024 10:00" in exported
