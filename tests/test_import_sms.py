"""Android SMS Backup & Restore XML: streamed, media payloads skipped, surrogate references fixed."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from fireside.cli import app
from fireside.errors import ExitCode

BACKUP = """<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<smses count="6" backup_set="x" backup_date="1709400000000">
  <sms protocol="0" address="+44 7700 900123" date="1709316300000" type="2" subject="null" body="hi love" read="1" status="-1" contact_name="Sam" />
  <sms protocol="0" address="07700900123" date="1709316900000" type="1" subject="null" body="hey &#55357;&#56856; you" read="1" status="-1" contact_name="Sam" />
  <sms protocol="0" address="+1 555 0100" date="1709317000000" type="1" body="Your code is 1234" contact_name="(Unknown)" />
  <sms protocol="0" address="+447700900123" date="1709317100000" type="3" body="a draft" contact_name="Sam" />
  <mms date="1709317200000" msg_box="1" address="+447700900123" contact_name="Sam">
    <parts>
      <part ct="application/smil" text="&lt;smil/&gt;" />
      <part ct="image/jpeg" name="cat.jpg" data="{payload}" />
    </parts>
    <addrs><addr address="+447700900123" type="137" /></addrs>
  </mms>
  <mms date="1709317300" msg_box="2" address="+447700900123" contact_name="Sam">
    <parts><part ct="text/plain" text="seconds, not ms" /></parts>
  </mms>
</smses>
"""


def write(tmp_path: Path, payload_bytes: int = 1000) -> Path:
    path = tmp_path / "sms-20240302.xml"
    path.write_text(BACKUP.replace("{payload}", "QUFB" * (payload_bytes // 4)), encoding="utf-8")
    return path


def test_one_conversation_by_name_or_number(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path)
    result = runner.invoke(app, ["parse", str(path), "--chat", "Sam", "--tz", "UTC"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["sender"], r["kind"]) for r in rows] == [
        ("Me", "text"),
        ("Sam", "text"),
        ("Sam", "media"),
        ("Me", "text"),
    ]
    assert rows[1]["text"] == "hey 😘 you"  # the surrogate pair became one emoji
    assert rows[3]["ts"] == "2024-03-01T18:21:40+00:00"  # seconds read as seconds
    by_number = runner.invoke(app, ["parse", str(path), "--chat", "07700 900123", "--tz", "UTC"])
    assert len(by_number.stdout.splitlines()) == 4


def test_without_a_chat_the_conversations_are_listed(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["parse", str(write(tmp_path))])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "conversations: Sam" in result.stderr and "--chat" in result.stderr


def test_import_uses_the_partner_name_and_knows_sent_messages_are_mine(
    runner: CliRunner, tmp_path: Path
) -> None:
    report = json.loads(
        runner.invoke(app, ["import", str(write(tmp_path)), "--partner", "Sam", "--json"]).stdout
    )
    assert report["format"] == "sms" and report["imported"] == 4
    assert report["by_role"] == {"me": 2, "partner": 2}


def test_huge_media_payloads_are_never_parsed(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path, payload_bytes=60_000_000)  # a 60 MB attachment
    result = runner.invoke(app, ["import", str(path), "--partner", "Sam", "--json"])
    assert json.loads(result.stdout)["imported"] == 4


def test_truncated_xml_names_the_position(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path)
    path.write_text(path.read_text()[:600])
    result = runner.invoke(app, ["import", str(path), "--partner", "Sam"])
    assert result.exit_code == ExitCode.INVALID_INPUT and "cut off" in result.stderr


def test_tokens_split_across_read_blocks_stay_whole(
    runner: CliRunner, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        "fireside.importers.sms.CHUNK", 7
    )  # every token crosses a block edge somewhere
    path = write(tmp_path, payload_bytes=400)
    result = runner.invoke(app, ["parse", str(path), "--chat", "Sam", "--tz", "UTC"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 4 and rows[1]["text"] == "hey 😘 you"
