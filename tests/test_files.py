"""Files fireside writes for you: whole or not at all, and a bad path named (exit 4)."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fireside.cli import app
from fireside.errors import ExitCode
from fireside.rhythm import Settings
from fireside.rhythm.charts import chart_specs
from fireside.service.files import OutputPathError, write_private


def test_a_failed_write_leaves_neither_the_file_nor_a_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"the old report")

    def full(_: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(Exception, match="disk is full"):
        write_private(target, b"%PDF-1.7 half")
    assert target.read_bytes() == b"the old report"  # the old file stays whole
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_write_private_is_readable_only_by_you(tmp_path: Path) -> None:
    write_private(tmp_path / "a.html", "<p>hi</p>")
    assert (tmp_path / "a.html").stat().st_mode & 0o777 == 0o600
    with pytest.raises(OutputPathError) as caught:
        write_private(tmp_path / "no" / "a.html", "x")
    assert caught.value.exit_code == ExitCode.INVALID_INPUT


def test_export_to_a_missing_folder_exits_4(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(tmp_path / "missing" / "e.json")])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "does not exist" in result.output


def test_the_rhythm_chart_specs_are_valid_vega_lite() -> None:
    """Building the charts skips Altair's validation (seconds on real data); it is here."""
    import polars as pl

    times = [datetime(2024, 1, 1, 8) + timedelta(minutes=47 * i) for i in range(200)]
    frame = pl.DataFrame(  # the store's shape: ts (UTC), role, words
        {
            "ts": times,
            "role": ["me" if i % 3 else "partner" for i in range(200)],
            "words": [5] * 200,
        }
    ).with_columns(pl.col("ts").dt.replace_time_zone("UTC"))
    for name, chart in chart_specs(frame, Settings()).items():
        assert chart.to_dict(validate=True), name


def test_no_chart_carries_one_value_per_message() -> None:
    """What a chart holds grows with weeks, people and hours, never with messages: drawing a
    million messages' replies inline took half a minute."""
    import polars as pl

    count = 20_000
    times = [datetime(2024, 1, 1, 8) + timedelta(minutes=3 * i) for i in range(count)]
    frame = pl.DataFrame(
        {
            "ts": times,
            "role": ["me" if i % 3 else "partner" for i in range(count)],
            "words": [5] * count,
        }
    ).with_columns(pl.col("ts").dt.replace_time_zone("UTC"))
    for name, chart in chart_specs(frame, Settings()).items():
        assert len(chart.to_json(validate=False)) < 200_000, name  # 20,000 replies: 2 MB before
