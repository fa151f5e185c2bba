"""Damaged times in any format: the message is left out with a reason, never a crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fireside.cli import app

GOOD_MS = 1709312400000  # 2024-03-01 17:00 UTC


def meta(tmp_path: Path, bad: object) -> Path:
    path = tmp_path / "message_1.json"
    messages = [
        {"sender_name": "Sam", "timestamp_ms": bad, "content": "hi"},
        {"sender_name": "Maya", "timestamp_ms": GOOD_MS, "content": "yo"},
    ]
    path.write_text(json.dumps({"participants": [], "messages": messages, "title": "Sam"}))
    return path


def telegram(tmp_path: Path, bad: object) -> Path:
    path = tmp_path / "result.json"
    messages = [
        {"id": 1, "type": "message", "date_unixtime": bad, "from": "Sam", "text": "hi"},
        {
            "id": 2,
            "type": "message",
            "date_unixtime": str(GOOD_MS // 1000),
            "from": "Maya",
            "text": "yo",
        },
    ]
    path.write_text(
        json.dumps({"name": "Sam", "type": "personal_chat", "id": 1, "messages": messages})
    )
    return path


def discord(tmp_path: Path, bad: object) -> Path:
    path = tmp_path / "dm.json"
    messages = [
        {
            "id": "1",
            "type": "Default",
            "timestamp": bad,
            "content": "hi",
            "author": {"name": "sam"},
        },
        {
            "id": "2",
            "type": "Default",
            "timestamp": "2024-03-01T17:00:00+00:00",
            "content": "yo",
            "author": {"name": "maya"},
        },
    ]
    export = {"guild": {"id": "0"}, "channel": {"id": "1"}, "messages": messages}
    path.write_text(json.dumps(export))
    return path


def csv(tmp_path: Path, bad: object) -> Path:
    path = tmp_path / "chat.csv"
    path.write_text(f"timestamp,sender,text\n{bad},Sam,hi\n2024-03-01T17:00:00+00:00,Maya,yo\n")
    return path


def sms(tmp_path: Path, bad: object) -> Path:
    path = tmp_path / "sms.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<smses count="2">\n'
        f'  <sms address="+447700900123" date="{bad}" type="1" body="hi" contact_name="Sam" />\n'
        f'  <sms address="+447700900123" date="{GOOD_MS}" type="2" body="yo" contact_name="Sam" />\n'
        "</smses>\n"
    )
    return path


CASES = [
    (meta, 10**20),
    (meta, 10**40),
    (meta, 0),
    (telegram, "99999999999999999"),
    (telegram, "-5"),
    (discord, "0001-01-01T00:00:00-12:00"),
    (discord, "9999-12-31T23:59:59+14:00"),
    (csv, "9999-12-31T23:59:59+14:00"),
    (csv, "1850-01-01T00:00:00"),
    (sms, "9" * 40),
    (sms, "0"),
]


@pytest.mark.parametrize(("write", "bad"), CASES, ids=[f"{w.__name__}-{b}"[:40] for w, b in CASES])
def test_a_damaged_time_leaves_one_message_out_with_a_reason(
    runner: CliRunner, tmp_path: Path, write: object, bad: object
) -> None:
    path = write(tmp_path, bad)  # type: ignore[operator]
    extra = ["--chat", "Sam"] if path.suffix == ".xml" else []
    result = runner.invoke(app, ["parse", str(path), "--tz", "Europe/London", *extra])
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in rows] == ["yo"]
    assert rows[0]["ts"] == "2024-03-01T17:00:00+00:00"  # the good one, with its offset
    assert "time" in result.stderr and (
        "out of range" in result.stderr
        or "not understood" in result.stderr
        or "without" in result.stderr
    )
