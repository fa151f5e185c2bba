"""Signal via signal-export: the current and the older Markdown line forms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fireside.cli import app

CURRENT = """[2024-01-05 10:11:12] Maya: hi love
[2024-01-05 10:12:40] Sam: morning! (- Maya: ❤️ -)
two lines today
[2024-01-05 10:13:00] Sam: ![IMG_1234.jpg](./media/IMG_1234.jpg)
[2024-01-05 10:14:00] Maya: look ![cat.jpg](./media/cat.jpg)
"""
OLDER = """[2019-05-29, 15:04] Me: hi
[2019-05-29, 15:06] Sam: hey
"""


def parse(runner: CliRunner, path: Path) -> list[dict[str, object]]:
    result = runner.invoke(app, ["parse", str(path), "--tz", "Europe/Berlin"])
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_current_form(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "chat.md"
    path.write_text(CURRENT, encoding="utf-8")
    rows = parse(runner, path)
    assert [(r["sender"], r["kind"]) for r in rows] == [
        ("Maya", "text"),
        ("Sam", "text"),
        ("Sam", "media"),
        ("Maya", "text"),
    ]
    assert rows[1]["text"] == "morning!\ntwo lines today"
    assert rows[3]["text"] == "look"
    assert rows[0]["ts"] == "2024-01-05T10:11:12+01:00"


@pytest.mark.parametrize("content", [OLDER])
def test_older_form(runner: CliRunner, tmp_path: Path, content: str) -> None:
    path = tmp_path / "chat.md"
    path.write_text(content, encoding="utf-8")
    rows = parse(runner, path)
    assert [r["sender"] for r in rows] == ["Me", "Sam"]
    assert rows[0]["ts"] == "2019-05-29T15:04:00+02:00"


def test_import(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "chat.md"
    path.write_text(CURRENT, encoding="utf-8")
    report = json.loads(runner.invoke(app, ["import", str(path), "--me", "Maya", "--json"]).stdout)
    assert report["format"] == "signal" and report["imported"] == 4
    assert report["by_role"] == {"me": 2, "partner": 2}
