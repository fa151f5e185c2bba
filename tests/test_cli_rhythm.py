"""`fireside rhythm` and `fireside waiting` on an imported chat."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from typer.testing import CliRunner

from fireside.cli import app
from fireside.errors import ExitCode
from fireside.samples.whatsapp_export import write_file

FIELDS = {
    "messages",
    "words",
    "conversations",
    "initiations",
    "initiation_share_me",
    "replies",
    "followup_rate",
    "message_share_me",
    "word_share_me",
    "longest_silence_hours",
    "silences_over_48h",
    "contact_days_per_week",
    "late_night_share",
    "weekly",
    "reading",
}


def imported(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    write_file(path, 3000, "android-en-gb", start=datetime(2024, 1, 15, 8, 0))
    assert runner.invoke(app, ["import", str(path), "--me", "Maya", "--tz", "UTC"]).exit_code == 0


def test_rhythm_json_has_every_documented_field(runner: CliRunner, tmp_path: Path) -> None:
    imported(runner, tmp_path)
    data = json.loads(runner.invoke(app, ["rhythm", "--json"]).stdout)
    assert set(data) >= FIELDS
    assert data["messages"]["me"] + data["messages"]["partner"] == 3000
    assert set(data["reading"]) >= {
        "space",
        "reciprocity",
        "trend",
        "evidence",
        "practices",
        "summary",
    }
    assert data["weekly"] and {"week", "role", "messages", "initiations"} <= set(data["weekly"][0])


def test_rhythm_table_and_period(runner: CliRunner, tmp_path: Path) -> None:
    imported(runner, tmp_path)
    table = runner.invoke(app, ["rhythm"])
    assert table.exit_code == 0 and "Space:" in table.stdout and "not a judgement" in table.stdout
    narrow = json.loads(
        runner.invoke(
            app, ["rhythm", "--since", "2024-01-16", "--until", "2024-01-16", "--json"]
        ).stdout
    )
    assert 0 < narrow["messages"]["me"] + narrow["messages"]["partner"] < 3000
    bad = runner.invoke(app, ["rhythm", "--since", "last week"])
    assert bad.exit_code == ExitCode.INVALID_INPUT and "--since" in bad.stderr


def test_rhythm_and_waiting_without_history(runner: CliRunner) -> None:
    assert "No messages yet" in runner.invoke(app, ["rhythm"]).stdout
    assert "no chat history yet" in runner.invoke(app, ["waiting"]).stdout


def test_waiting_uses_his_usual_reply_time(runner: CliRunner, tmp_path: Path) -> None:
    imported(runner, tmp_path)
    data = json.loads(
        runner.invoke(app, ["waiting", "--since", "2024-01-16T10:00", "--json"]).stdout
    )
    assert (
        data["waiting"] is True and data["usual_minutes"] is not None and "P07" in data["practices"]
    )


def test_charts_are_drawn_offline_as_svg(runner: CliRunner, tmp_path: Path) -> None:
    imported(runner, tmp_path)
    folder = tmp_path / "charts"
    result = runner.invoke(app, ["rhythm", "--charts", str(folder)])
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "hour-by-weekday.svg",
        "reply-times.svg",
        "weekly-initiation-share.svg",
        "weekly-messages.svg",
    ]
    heatmap = (folder / "hour-by-weekday.svg").read_text()
    assert heatmap.startswith("<svg") and "Hour of the day" in heatmap
    assert heatmap.index(">Mon<") < heatmap.index(">Sun<")  # weekdays in calendar order
    assert "Minutes to reply" in (folder / "reply-times.svg").read_text()
