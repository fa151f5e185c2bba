"""Facebook Messenger and Instagram JSON: merged files, mojibake repaired only when it round-trips."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from fireside.cli import app
from fireside.importers.meta import repair


def mojibake(text: str) -> str:
    """What Meta writes: every UTF-8 byte as its own character."""
    return text.encode("utf-8").decode("latin-1")


def write_thread(folder: Path, encode: bool = True) -> Path:
    fix = mojibake if encode else (lambda s: s)
    folder.mkdir(parents=True)
    newest = {
        "participants": [{"name": fix("Zoë")}, {"name": "Sam"}],
        "messages": [  # newest first, as Meta writes them
            {"sender_name": "Sam", "timestamp_ms": 1709316000000, "content": fix("à demain 😘")},
            {
                "sender_name": fix("Zoë"),
                "timestamp_ms": 1709315940000,
                "photos": [{"uri": "p.jpg"}],
            },
            {"sender_name": "Sam", "timestamp_ms": 1709315900000, "content": "Liked a message"},
            {
                "sender_name": "Sam",
                "timestamp_ms": 1709315880000,
                "call_duration": 120,
                "content": "Sam called you.",
            },
        ],
        "title": "Sam",
    }
    oldest = {
        "participants": newest["participants"],
        "messages": [
            {
                "sender_name": fix("Zoë"),
                "timestamp_ms": 1709312700000,
                "content": fix("café?"),
                "is_unsent": False,
            },
            {"sender_name": "Sam", "timestamp_ms": 1709312400000, "sticker": {"uri": "s.png"}},
        ],
    }
    (folder / "message_1.json").write_text(json.dumps(newest))
    (folder / "message_2.json").write_text(json.dumps(oldest))
    return folder / "message_1.json"


def test_repair_only_when_it_round_trips() -> None:
    assert repair(mojibake("Zoë 😘")) == "Zoë 😘"
    assert repair("Zoë 😘") == "Zoë 😘"  # correctly encoded: left alone
    assert repair("plain") == "plain"


def parse(runner: CliRunner, path: Path) -> list[dict[str, object]]:
    result = runner.invoke(app, ["parse", str(path), "--tz", "Europe/Paris"])
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_thread_files_are_merged_sorted_and_repaired(runner: CliRunner, tmp_path: Path) -> None:
    rows = parse(runner, write_thread(tmp_path / "inbox" / "sam_123"))
    assert [(r["sender"], r["kind"]) for r in rows] == [
        ("Sam", "sticker"),
        ("Zoë", "text"),
        ("Sam", "call"),
        ("Zoë", "media"),
        ("Sam", "text"),
    ]
    assert rows[1]["text"] == "café?" and rows[-1]["text"] == "à demain 😘"
    assert rows[0]["ts"] == "2024-03-01T18:00:00+01:00"


def test_a_correctly_encoded_export_is_not_damaged(runner: CliRunner, tmp_path: Path) -> None:
    rows = parse(runner, write_thread(tmp_path / "thread", encode=False))
    assert rows[1]["text"] == "café?" and rows[1]["sender"] == "Zoë"


def test_import_counts_media_and_calls_as_contact(runner: CliRunner, tmp_path: Path) -> None:
    path = write_thread(tmp_path / "thread")
    report = json.loads(runner.invoke(app, ["import", str(path), "--me", "zoë", "--json"]).stdout)
    assert report["format"] == "messenger" and report["imported"] == 5
    assert report["by_kind"] == {"sticker": 1, "text": 2, "call": 1, "media": 1}
    assert report["system_lines"] == 1  # the reaction


def test_a_minimal_file_without_participants_is_recognised(tmp_path: Path) -> None:
    import json as _json

    from fireside.importers import detect

    path = tmp_path / "message_1.json"
    messages = [
        {"sender_name": "Sam", "timestamp_ms": 1709287200000 + i, "content": "hi"} for i in range(3)
    ]
    path.write_text(_json.dumps({"messages": messages}), encoding="utf-8")
    assert detect(path).name == "messenger"
