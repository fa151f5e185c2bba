"""Telegram Desktop JSON: single chats, whole-account exports, entities, service messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fireside.cli import app
from fireside.errors import ExitCode

CHAT = {
    "name": "Sam",
    "type": "personal_chat",
    "id": 4242,
    "messages": [
        {
            "id": 1,
            "type": "service",
            "date": "2024-03-01T18:00:00",
            "date_unixtime": "1709312400",
            "actor": "Maya",
            "action": "phone_call",
        },
        {
            "id": 2,
            "type": "message",
            "date": "2024-03-01T18:05:00",
            "date_unixtime": "1709312700",
            "from": "Maya",
            "from_id": "user1",
            "text": "hi love",
            "text_entities": [{"type": "plain", "text": "hi love"}],
        },
        {
            "id": 3,
            "type": "message",
            "date": "2024-03-01T18:20:00",
            "date_unixtime": "1709313600",
            "from": "Sam",
            "from_id": "user2",
            "text": ["look: ", {"type": "link", "text": "https://example.org"}, "!"],
            "edited": "2024-03-01T18:21:00",
        },
        {
            "id": 4,
            "type": "message",
            "date": "2024-03-01T18:30:00",
            "date_unixtime": "1709314200",
            "from": "Sam",
            "from_id": "user2",
            "photo": "(File not included.)",
            "text": "",
        },
        {
            "id": 5,
            "type": "message",
            "date": "2024-03-01T18:31:00",
            "date_unixtime": "1709314260",
            "from": "Maya",
            "from_id": "user1",
            "media_type": "sticker",
            "sticker_emoji": "😘",
            "text": "",
        },
    ],
}


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def parse(runner: CliRunner, path: Path, *extra: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["parse", str(path), "--tz", "Europe/Paris", *extra])
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_single_chat_export(runner: CliRunner, tmp_path: Path) -> None:
    rows = parse(runner, write(tmp_path / "result.json", CHAT))
    assert [(r["sender"], r["kind"]) for r in rows] == [
        ("Maya", "text"),
        ("Sam", "text"),
        ("Sam", "media"),
        ("Maya", "sticker"),
    ]
    assert rows[0]["ts"] == "2024-03-01T18:05:00+01:00"  # local time with its offset
    assert rows[1]["text"] == "look: https://example.org!"


def test_account_export_needs_chat_and_lists_them(runner: CliRunner, tmp_path: Path) -> None:
    account = {
        "about": "x",
        "personal_information": {},
        "chats": {
            "about": "",
            "list": [
                {**CHAT},
                {"name": "Family", "type": "private_group", "id": 7, "messages": []},
            ],
        },
    }
    path = write(tmp_path / "result.json", account)
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "holds 2 chats: Sam, Family" in result.stderr and "--chat NAME" in result.stderr
    assert len(parse(runner, path, "--chat", "sam")) == 4


def test_old_exports_without_unixtime_use_the_time_zone(runner: CliRunner, tmp_path: Path) -> None:
    old = {
        **CHAT,
        "messages": [
            {k: v for k, v in m.items() if k != "date_unixtime"} for m in CHAT["messages"]
        ],
    }
    rows = parse(runner, write(tmp_path / "result.json", old))
    assert rows[0]["ts"] == "2024-03-01T18:05:00+01:00"


def test_a_date_that_disagrees_with_its_unix_time_takes_the_zone_offset(
    runner: CliRunner, tmp_path: Path
) -> None:
    odd = {**CHAT, "messages": [dict(m) for m in CHAT["messages"]]}
    for message in odd["messages"]:
        message["date"] = "1999-01-01T00:00:00"  # decades from date_unixtime: not an offset
    rows = parse(runner, write(tmp_path / "result.json", odd))
    assert rows[0]["ts"] == "2024-03-01T18:05:00+01:00"  # the Unix time, in Europe/Paris


def test_truncated_json_names_the_position_and_stores_nothing(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "result.json"
    path.write_text(json.dumps(CHAT, indent=1)[:700], encoding="utf-8")
    result = runner.invoke(
        app, ["import", str(path), "--me", "Maya", "--partner", "Sam", "--format", "telegram"]
    )
    assert result.exit_code == ExitCode.INVALID_INPUT
    kept = path.read_bytes()
    line, column = kept.count(b"\n") + 1, len(kept) - kept.rfind(b"\n")
    assert f"line {line}, column {column}" in result.stderr and "cut off" in result.stderr
    listed = runner.invoke(app, ["imports", "--json"])
    assert json.loads(listed.stdout) == []


def test_a_fault_inside_the_file_is_placed_and_nothing_is_stored(
    runner: CliRunner, tmp_path: Path
) -> None:
    text = json.dumps(CHAT, indent=1).replace('"Sam"', "Sam", 1)
    path = tmp_path / "result.json"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["import", str(path), "--me", "Maya", "--format", "telegram"])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "the JSON is broken" in result.stderr and "lines 1–" in result.stderr
    assert json.loads(runner.invoke(app, ["imports", "--json"]).stdout) == []


def test_big_chats_come_in_batches_with_the_same_result(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "result.json", CHAT)
    whole = parse(runner, path)
    monkeypatch.setattr("fireside.importers.telegram.BATCH", 1)
    assert parse(runner, path) == whole


def test_a_byte_order_mark_and_other_encodings_are_read(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    text = json.dumps(CHAT, ensure_ascii=False, indent=1)
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert len(parse(runner, path)) == 4
    path.write_bytes(text.replace("😊", "").encode("cp1252", errors="replace"))
    assert len(parse(runner, path, "--encoding", "cp1252")) == 4


def test_account_chats_are_picked_by_position_even_when_unnamed_or_repeated(
    runner: CliRunner, tmp_path: Path
) -> None:
    account = {
        "personal_information": {},
        "chats": {
            "list": [
                {"name": None, "type": "saved_messages", "id": 1, "messages": []},
                {"name": "Family", "type": "private_group", "id": 7, "messages": [{"x": 1}] * 3},
                {**CHAT},
                {"name": "Twin", "id": 8, "messages": []},
                {"name": "twin", "id": 9, "messages": []},
            ]
        },
    }
    path = write(tmp_path / "result.json", account)
    assert len(parse(runner, path, "--chat", "Sam")) == 4
    result = runner.invoke(app, ["parse", str(path)])
    assert "holds 5 chats: (unnamed chat 1), Family, Sam, Twin, twin" in result.stderr
    result = runner.invoke(app, ["parse", str(path), "--chat", "TWIN"])
    assert result.exit_code == ExitCode.INVALID_INPUT and "several match" in result.stderr


def test_import_counts_media_as_contact_and_keeps_partner_text_private(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = write(tmp_path / "result.json", CHAT)
    result = runner.invoke(app, ["import", str(path), "--me", "Maya", "--json"])
    report = json.loads(result.stdout)
    assert report["format"] == "telegram" and report["imported"] == 4
    assert report["by_role"] == {"me": 2, "partner": 2}
    assert report["by_kind"] == {"text": 2, "media": 1, "sticker": 1}
    assert report["system_lines"] == 1
