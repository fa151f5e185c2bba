"""`fireside check`, `check --jsonl`, `coach-eval` and `ground` as a person uses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fireside.cli import app
from fireside.errors import ExitCode

CORPUS = Path(__file__).resolve().parents[1] / "data" / "coach"
RESULT_FIELDS = {
    "text",
    "verdict",
    "summary",
    "findings",
    "strengths",
    "suggested_rewrite",
    "grounding",
    "notes",
    "supported",
}


def test_check_prints_verdict_findings_and_rewrite(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", "Don't you miss me?"])
    assert result.exit_code == 0
    assert "softer version" in result.stdout and "I miss you." in result.stdout
    # plain words for people: what the label means and the practice by title and expert
    assert "Puts him on the spot" in result.stdout and "Michelle Henderson" in result.stdout
    assert "spotlight_question" not in result.stdout and "P08" not in result.stdout
    assert "not a judgement" in result.stdout


def test_check_json_has_the_documented_fields(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", "Why haven't you called me yet today?", "--json"])
    data = json.loads(result.stdout)
    assert set(data) == RESULT_FIELDS
    assert data["verdict"] == "soften"
    finding = data["findings"][0]
    assert set(finding) == {
        "label",
        "meaning",
        "found_by",
        "start",
        "end",
        "severity",
        "why",
        "practices",
        "credits",
        "rewrite",
    }
    assert finding["label"] == "spotlight_question" and finding["practices"][0] == "P08"
    assert data["text"][finding["start"] : finding["end"]].startswith("Why haven't you called")


def test_check_uses_the_profile_for_timing_and_pronouns(runner: CliRunner) -> None:
    runner.invoke(
        app,
        [
            "init",
            "--no-interactive",
            "--pronouns",
            "she",
            "--tz",
            "Europe/London",
            "--work-end",
            "17:00",
            "--commute",
            "30",
        ],
    )
    result = runner.invoke(
        app, ["check", "We need to talk about money", "--at", "2026-11-23T17:15", "--json"]
    )
    data = json.loads(result.stdout)
    assert data["verdict"] == "pause"
    assert any("she usually gets home" in n["message"] for n in data["notes"])


def test_check_reads_a_draft_from_stdin(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", "-", "--json"], input="Are you mad at me?\n")
    assert json.loads(result.stdout)["verdict"] == "pause"


def test_jsonl_keeps_order_passes_fields_through_and_reports_bad_lines(
    runner: CliRunner, tmp_path: Path
) -> None:
    source = tmp_path / "drafts.jsonl"
    source.write_text(
        '{"id": 1, "text": "Don\'t you miss me?"}\n'
        "not json\n"
        '{"id": 3, "text": "See you at 8", "mood": 4}\n'
        '{"id": 4}\n'
        "\n"
        '{"id": 6, "text": "   "}\n'
        '{"id": 7, "text": "I miss you", "at": "yesterday"}\n'
        '{"id": 8, "text": "Thanks for dinner!"}\n'
    )
    result = runner.invoke(app, ["check", "--jsonl", str(source)])
    assert result.exit_code == ExitCode.INVALID_INPUT
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == [1, 3, 8]
    assert rows[0]["verdict"] == "soften" and rows[1]["verdict"] == "pause"
    assert set(RESULT_FIELDS) <= set(rows[2])
    for number in (2, 4, 6, 7):
        assert f"drafts.jsonl: line {number}:" in result.stderr
    assert "4 lines could not be checked" in result.stderr


def test_jsonl_from_stdin(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["check", "--jsonl", "-"], input='{"text": "You never listen"}\n{"text": "ok"}\n'
    )
    assert result.exit_code == 0
    assert [json.loads(row)["verdict"] for row in result.stdout.splitlines()] == ["soften", "send"]


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["check", "   "], ExitCode.INVALID_INPUT, "The draft is empty."),
        (["check"], ExitCode.ERROR, "No draft to check."),
        (
            ["check", "hi", "--at", "soon"],
            ExitCode.INVALID_INPUT,
            "--at: 'soon' is not a valid value.",
        ),
        (["check", "hi", "--mood", "7"], ExitCode.USAGE, "--mood"),
        (["check", "hi", "--jsonl", "x.jsonl"], ExitCode.ERROR, "either a draft or --jsonl"),
        (
            ["check", "--jsonl", "/no/such/file.jsonl"],
            ExitCode.ERROR,
            "Could not read /no/such/file.jsonl",
        ),
        (["coach-eval", "/no/such.jsonl"], ExitCode.ERROR, "is not a file"),
    ],
)
def test_check_errors(runner: CliRunner, args: list[str], code: ExitCode, message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == code, result.stdout + result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_coach_eval_reports_the_figures(runner: CliRunner, tmp_path: Path) -> None:
    sample = tmp_path / "sample.jsonl"
    lines = (CORPUS / "test.jsonl").read_text().splitlines()[:200]
    sample.write_text("\n".join(lines) + "\n")
    result = runner.invoke(app, ["coach-eval", str(sample), "--json"])
    data = json.loads(result.stdout)
    assert data["stages"] == "rules + model" and 0 < data["macro_f1"] <= 1
    assert set(data["problem"]) == {"support", "precision", "recall", "f1"}
    assert set(data["labels"]) >= {"spotlight_question", "vulnerability"}
    table = runner.invoke(app, ["coach-eval", str(sample), "--rules-only"])
    assert "macro-F1 over 13 labels (rules alone)" in table.stdout
    assert "any problem vs none" in table.stdout and "false alarms" in table.stdout


def test_coach_eval_names_a_bad_line(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "hi", "labels": ["neutral"]}\n{"text": "hi", "labels": ["grumpy"]}\n')
    result = runner.invoke(app, ["coach-eval", str(bad)])
    assert result.exit_code == ExitCode.INVALID_INPUT
    assert "bad.jsonl: line 2: labels" in result.stderr


def test_ground_walks_through_the_checklist_and_breathing(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("fireside.cli.coach.time.sleep", lambda _s: None)
    result = runner.invoke(app, ["ground", "--minutes", "0.5"])
    assert result.exit_code == 0
    assert "Drink a glass of water." in result.stdout
    assert "3 slow breaths" in result.stdout


def test_ground_ends_gently_on_ctrl_c(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(_minutes: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("fireside.cli.coach._breathe", interrupted)
    result = runner.invoke(app, ["ground"])
    assert result.exit_code == 0
    assert "That's okay" in result.stdout


def test_at_accepts_a_clock_time_today(runner: CliRunner) -> None:
    runner.invoke(
        app,
        ["init", "--no-interactive", "--tz", "UTC", "--workdays", "mon-sun", "--work-end", "17:00"],
    )
    late = runner.invoke(app, ["check", "We need to talk about money", "--at", "23:45", "--json"])
    assert json.loads(late.stdout)["verdict"] == "pause"
    morning = runner.invoke(app, ["check", "We need to talk about money", "--at", "10am", "--json"])
    assert json.loads(morning.stdout)["verdict"] == "soften"
