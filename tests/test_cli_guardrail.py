"""`fireside intention` as a person uses it: one intention, --json, --jsonl with bad lines."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from fireside.cli import app
from fireside.errors import ExitCode


def test_a_game_gets_why_and_what_to_do_instead(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["intention", "I'll wait an hour before replying so I don't seem eager"]
    )
    assert result.exit_code == 0
    assert "timing replies for effect" in result.stdout
    assert "Instead:" in result.stdout and "P01" in result.stdout
    assert "not a judgement" in result.stdout


def test_a_sincere_plan_is_simply_a_plan(runner: CliRunner) -> None:
    result = runner.invoke(app, ["intention", "I'm going out with my friends this weekend"])
    assert result.exit_code == 0
    assert "your own plan" in result.stdout and "Instead" not in result.stdout


def test_json_and_standard_input(runner: CliRunner) -> None:
    result = runner.invoke(app, ["intention", "-", "--json"], input="ignore him to punish him\n")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["is_game"] is True and data["tactic"] == "silence_as_punishment"
    assert set(data) == {"text", "is_game", "tactic", "why", "instead", "practices"}


def test_the_profile_pronouns_are_used(runner: CliRunner) -> None:
    runner.invoke(app, ["init", "--no-interactive", "--pronouns", "she", "--partner", "Sam"])
    result = runner.invoke(app, ["intention", "make her jealous", "--json"])
    assert " her " in json.loads(result.stdout)["why"]


def test_jsonl_reads_every_good_line_in_order_and_names_the_bad_ones(
    runner: CliRunner, tmp_path: Path
) -> None:
    source = tmp_path / "plans.jsonl"
    source.write_text(
        '{"text": "make him jealous", "id": "a"}\n'
        "{not json\n"
        "\n"
        '{"text": "I\'m going to the gym"}\n'
        '{"text": "   "}\n'
        '{"text": "I\'ll check his phone while he sleeps"}\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["intention", "--jsonl", str(source)])
    assert result.exit_code == ExitCode.INVALID_INPUT
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["is_game"] for r in rows] == [True, False, True]
    assert rows[0]["id"] == "a" and rows[2]["tactic"] == "snooping"
    assert f"{source}: line 2: not valid JSON" in result.stderr
    assert "line 5: The intention is empty." in result.stderr
    assert "2 lines could not be read" in result.stderr


def test_jsonl_all_good_exits_zero(runner: CliRunner) -> None:
    result = runner.invoke(app, ["intention", "--jsonl", "-"], input='{"text": "hello"}\n')
    assert result.exit_code == 0 and json.loads(result.stdout)["is_game"] is False


def test_bad_usage_is_explained(runner: CliRunner, tmp_path: Path) -> None:
    empty = runner.invoke(app, ["intention", ""])
    assert empty.exit_code == ExitCode.INVALID_INPUT and "empty" in empty.stderr
    missing = runner.invoke(app, ["intention"])
    assert missing.exit_code == ExitCode.ERROR and "fireside intention" in missing.stderr
    both = runner.invoke(app, ["intention", "x", "--jsonl", "-"])
    assert both.exit_code == ExitCode.ERROR and "not both" in both.stderr
    gone = runner.invoke(app, ["intention", "--jsonl", str(tmp_path / "nope.jsonl")])
    assert gone.exit_code == ExitCode.ERROR and "Could not read" in gone.stderr
    assert "Traceback" not in gone.stderr + gone.stdout


def test_intention_creates_no_database(runner: CliRunner, fireside_home: Path) -> None:
    runner.invoke(app, ["intention", "make him jealous"])
    assert not list(fireside_home.rglob("*.db"))


def test_a_line_that_is_not_utf8_is_a_bad_line_not_a_crash(
    runner: CliRunner, tmp_path: Path
) -> None:
    source = tmp_path / "latin1.jsonl"
    source.write_bytes(b'{"text": "make him jealous"}\n{"text": "caf\xe9"}\n{"text": "hi"}\n')
    result = runner.invoke(app, ["intention", "--jsonl", str(source)])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert len(result.stdout.splitlines()) == 2
    assert "line 2: not valid UTF-8" in result.stderr
