"""Discord via DiscordChatExporter JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fireside.cli import app
from fireside.errors import ExitCode

EXPORT = {
    "guild": {"id": "0", "name": "Direct Messages", "iconUrl": ""},
    "channel": {"id": "1", "type": "DirectTextChat", "name": "sam"},
    "dateRange": {"after": None, "before": None},
    "exportedAt": "2024-03-02T10:00:00+00:00",
    "messages": [
        {
            "id": "1",
            "type": "Default",
            "timestamp": "2024-03-01T18:05:00.123+01:00",
            "timestampEdited": None,
            "content": "hi love",
            "author": {"id": "u1", "name": "maya", "nickname": "Maya"},
            "attachments": [],
        },
        {
            "id": "2",
            "type": "ChannelPinnedMessage",
            "timestamp": "2024-03-01T18:06:00+01:00",
            "content": "",
            "author": {"id": "u2", "name": "sam", "nickname": "Sam"},
        },
        {
            "id": "3",
            "type": "Reply",
            "timestamp": "2024-03-01T18:07:00+01:00",
            "timestampEdited": "2024-03-01T18:08:00+01:00",
            "content": "hey you",
            "author": {"id": "u2", "name": "sam", "nickname": "Sam"},
            "attachments": [],
        },
        {
            "id": "4",
            "type": "Default",
            "timestamp": "2024-03-01T18:09:00+01:00",
            "content": "",
            "author": {"id": "u2", "name": "sam", "nickname": "Sam"},
            "attachments": [{"id": "a", "fileName": "x.png"}],
        },
        {
            "id": "5",
            "type": "Call",
            "timestamp": "2024-03-01T20:00:00+01:00",
            "content": "",
            "author": {"id": "u1", "name": "maya", "nickname": "Maya"},
        },
    ],
    "messageCount": 5,
}


def test_discord_export(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "Direct Messages - sam.json"
    path.write_text(json.dumps(EXPORT))
    result = runner.invoke(app, ["parse", str(path)])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["sender"], r["kind"]) for r in rows] == [
        ("Maya", "text"),
        ("Sam", "text"),
        ("Sam", "media"),
        ("Maya", "call"),
    ]
    assert rows[0]["ts"] == "2024-03-01T18:05:00+01:00"
    report = json.loads(runner.invoke(app, ["import", str(path), "--me", "Maya", "--json"]).stdout)
    assert report["format"] == "discord" and report["imported"] == 4 and report["system_lines"] == 1


def test_batches_cut_offs_and_exports_without_messages(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "dm.json"
    path.write_text(json.dumps(EXPORT, indent=1))
    whole = runner.invoke(app, ["parse", str(path)]).stdout
    monkeypatch.setattr("fireside.importers.discord.BATCH", 1)
    assert runner.invoke(app, ["parse", str(path)]).stdout == whole
    cut = tmp_path / "cut.json"
    cut.write_text(json.dumps(EXPORT, indent=1)[:500])
    result = runner.invoke(app, ["parse", str(cut), "--format", "discord"])
    assert result.exit_code == ExitCode.INVALID_INPUT and "cut off" in result.stderr
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps({k: v for k, v in EXPORT.items() if k != "messages"}))
    result = runner.invoke(app, ["parse", str(empty), "--format", "discord"])
    assert result.exit_code == ExitCode.INVALID_INPUT and "no messages" in result.stderr
