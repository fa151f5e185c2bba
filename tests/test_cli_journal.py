"""The journal's commands as a person types them: add by default, list, edit, delete, --json,
and bad input named with what it takes, exit code 4, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fireside.cli import app
from fireside.errors import ExitCode


def run(runner: CliRunner, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def as_json(runner: CliRunner, *args: str) -> dict:  # type: ignore[type-arg]
    code, out, err = run(runner, *args, "--json")
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


@pytest.fixture(autouse=True)
def profile(runner: CliRunner) -> None:
    code, _, err = run(runner, "init", "--partner", "Sam", "--pronouns", "she", "--tz", "london")
    assert code == 0, err


def test_log_adds_lists_edits_and_deletes(runner: CliRunner) -> None:
    code, out, _ = run(runner, "log", "pottery class", "--minutes", "1h30", "--mine", "-c", "hobby")
    assert code == 0 and "Logged activity 1" in out and "90 min" in out
    saved = as_json(runner, "log", "book club", "-m", "60", "--mine", "--dropped", "--for-partner")
    assert saved["entry"]["status"] == "dropped" and saved["entry"]["for_partner"] is True
    listed = as_json(runner, "log")  # nothing but --json: the list
    assert [e["title"] for e in listed["entries"]] == ["pottery class", "book club"]
    code, out, _ = run(runner, "log")
    assert code == 0 and "pottery class" in out and "book club" in out
    edited = as_json(runner, "log", "edit", "2", "--done")
    assert edited["entry"]["status"] == "done" and edited["entry"]["planned"] is True
    assert edited["entry"]["for_partner"] is False
    assert as_json(runner, "log", "delete", "1") == {"kind": "activity", "id": 1, "deleted": True}
    assert [e["id"] for e in as_json(runner, "log", "list")["entries"]] == [2]


def test_a_title_that_is_a_subcommand_name_goes_after_add(runner: CliRunner) -> None:
    saved = as_json(runner, "log", "add", "list", "-m", "20", "--together")
    assert saved["entry"]["title"] == "list"


@pytest.mark.parametrize(
    "args, named, allowed",
    [
        (["log", "x", "-m", "-5", "--mine"], "minutes", "1 to 1440"),
        (["log", "x", "-m", "100000", "--mine"], "minutes", "1 to 1440"),
        (["log", "x", "-m", "lots", "--mine"], "minutes", "1h30"),
        (["log", "x", "-m", "30", "--mine", "-c", "sprot"], "category", "self-care"),
        (["log", "x", "-m", "30", "--mine", "--on", "31/02"], "on", "2026-11-30"),
        (["log", "x", "-m", "30", "--mine", "--on", "2026-02-31"], "on", "yesterday"),
        (["log", "", "-m", "30", "--mine"], "title", "can't be empty"),
        (["log", "x", "-m", "30"], "side", "--mine"),
        (["log", "x", "-m", "30", "--mine", "--together"], "side", "one of"),
        (["log", "x", "-m", "30", "--mine", "--planned", "--dropped"], "status", "one of"),
        (
            ["log", "x", "-m", "30", "--together", "--dropped", "--for-partner"],
            "for-partner",
            "--mine",
        ),
        (["gesture", "hug"], "kind", "favourite-meal"),
        (["his-world", "exam", "--kind", "event"], "kind", "interest"),
        (["talk", "money", "--at", "whenever"], "at", "sat 19:30"),
        (["checkin", "--mood", "7"], "mood", "0 to 4"),
        (["checkin", "--mood", "two"], "mood", "0 to 4"),
        (["checkin", "--mood", "2", "--he-seems", "grumpy"], "he-seems", "overwhelmed"),
        (["checkin", "--mood", "2", "--connection", "-1"], "connection", "0 to 4"),
        (["balance", "--since", "last spring"], "since", "2026-11-30"),
    ],
)
def test_bad_input_is_named_exit_4_nothing_written(
    runner: CliRunner, args: list[str], named: str, allowed: str
) -> None:
    before = _everything(runner)
    code, _, err = run(runner, *args)
    assert code == ExitCode.INVALID_INPUT, err
    assert f"{named}:" in err and allowed in err
    assert "Traceback" not in err
    assert _everything(runner) == before


def _everything(runner: CliRunner) -> dict:  # type: ignore[type-arg]
    code, out, _ = run(runner, "export", "-")
    assert code == 0
    tables = json.loads(out)["tables"]
    tables.pop("profile")
    return tables  # type: ignore[no-any-return]


def test_an_unknown_number_is_not_found(runner: CliRunner) -> None:
    code, _, err = run(runner, "log", "edit", "9", "--done")
    assert code == ExitCode.NOT_FOUND and "no activity 9" in err and "fireside log list" in err
    code, _, err = run(runner, "talk", "hold", "nine")
    assert code == ExitCode.NOT_FOUND


def test_gestures_his_world_and_strengths(runner: CliRunner) -> None:
    assert as_json(runner, "his-world", "exam", "--due", "in 3d")["entry"]["type"] == "date"
    listened = as_json(runner, "gesture", "listened", "asked how the exam went", "--about", "1")
    assert listened["entry"]["world_id"] == 1
    as_json(runner, "strength", "patient with my family")
    said = as_json(runner, "strength", "said", "1")
    assert said["entry"]["type"] == "strength" and said["entry"]["strength_id"] == 1
    strengths = as_json(runner, "strength", "list")["entries"]
    assert strengths[0]["last_said"] == said["entry"]["on"]
    assert as_json(runner, "gesture", "meal")["entry"]["type"] == "favourite_meal"
    edited = as_json(runner, "his-world", "edit", "1", "--followed-up", "today")
    assert edited["entry"]["followed_up"] is not None


def test_an_essential_reveal_says_why_to_share_it_early(runner: CliRunner) -> None:
    code, out, _ = run(runner, "reveal", "I have a daughter", "--essential")
    assert code == 0 and "right to know" in out and "P19" in out and "she" in out.lower()
    listed = as_json(runner, "reveal")
    assert listed["entries"][0]["notes"][0]["practices"] == ["P19", "P01", "P28", "P29"]
    shared = as_json(runner, "reveal", "shared", "1")
    assert shared["entry"]["shared"] is not None and shared["notes"] == []


def test_talk_plan_check_hold(runner: CliRunner) -> None:
    # every day a workday, on UTC, so "tomorrow" has a decompress window whatever the date
    code, _, _ = run(runner, "profile", "set", "workdays", "mon-sun", "--tz", "UTC")
    assert code == 0
    added = as_json(
        runner,
        "talk",
        "sharing costs",
        "--opener",
        "I've been thinking about how we share costs and I'd love to talk it through.",
        "--at",
        "tomorrow 17:45",
    )
    check = added["check"]
    assert check["moment"] == "decompress" and check["good_timing"] is False
    assert check["better"].endswith("18:30+00:00")
    assert "i_statement" in [n["key"] for n in check["notes"]]
    assert added["entry"]["planned_for_local"].endswith("17:45+00:00")
    tried = as_json(runner, "talk", "check", "1", "--at", "tomorrow 19:30")
    assert tried["good_timing"] is True and tried["moment"] == "free"
    assert as_json(runner, "talk", "list")["entries"][0]["planned_for_local"].endswith(
        "17:45+00:00"
    )
    planned = as_json(runner, "talk", "plan", "1", "--at", "tomorrow 19:30")
    assert planned["check"]["good_timing"] is True
    assert as_json(runner, "talk", "hold", "1")["entry"]["status"] == "held"
    assert as_json(runner, "talk", "list", "--status", "held")["entries"][0]["id"] == 1
    code, out, _ = run(runner, "talk", "check", "--at", "02:00")
    assert code == 0 and "late at night" in out


def test_space_message_is_checked_by_the_coach(runner: CliRunner) -> None:
    drafted = as_json(
        runner, "space-message", "--doing", "at my pottery class tonight", "--back", "tomorrow"
    )
    assert "at my pottery class tonight" in drafted["draft"]
    assert drafted["check"]["verdict"] == "send"
    assert "P33" in drafted["why"]["practices"]


def test_checkin_offers_and_balance(runner: CliRunner) -> None:
    saved = as_json(runner, "checkin", "--mood", "2", "--anxious", "4", "--he-seems", "overwhelmed")
    assert [n["key"] for n in saved["notes"]] == ["grounding", "overwhelmed"]
    assert "she seems overwhelmed" in saved["notes"][1]["text"].lower()
    run(runner, "log", "pottery", "-m", "2h", "--mine", "-c", "hobby")
    reading = as_json(runner, "balance")
    assert reading["own_minutes"] == 120 and reading["own_hours_per_week"] == 0.5
    assert {
        "plans",
        "monotony",
        "together_variety",
        "gestures_per_week",
        "essentials_unshared",
    } <= set(reading)
    code, out, _ = run(runner, "balance")
    assert code == 0 and "a life of your own" in out and "never a measure" in out


def test_flags_alone_never_prompt(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    from fireside.cli import profile as profile_cli

    monkeypatch.setattr(profile_cli, "_stdin_is_terminal", lambda: True)
    result = runner.invoke(app, ["init", "--partner", "Alex", "--tz", "new york"], input="")
    assert result.exit_code == 0, result.stderr
    assert "?" not in result.stdout.split("Saved your profile")[0]  # no question was asked
    shown = json.loads(runner.invoke(app, ["profile", "--json"]).stdout)
    assert (shown["partner_name"], shown["timezone"]) == ("Alex", "America/New_York")


def test_profile_set_takes_tz_like_import(runner: CliRunner) -> None:
    code, out, _ = run(runner, "profile", "set", "--tz", "new york")
    assert code == 0 and "America/New_York" in out
    code, _, err = run(runner, "profile", "set", "work-end", "18:00", "--tz", "atlantis")
    assert code == ExitCode.INVALID_INPUT and "timezone" in err
    shown = as_json(runner, "profile")
    assert (
        shown["work_end"] == "17:30" and shown["timezone"] == "America/New_York"
    )  # all or nothing


def test_listing_and_the_balance_create_no_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "a-new-home"
    monkeypatch.setenv("FIRESIDE_HOME", str(home))  # the autouse profile was saved elsewhere
    fresh = CliRunner()
    for args in (
        ["log"],
        ["talk", "list"],
        ["reveal", "list"],
        ["strength", "list"],
        ["balance", "--json"],
    ):
        result = fresh.invoke(app, args)
        assert result.exit_code == 0, (args, result.stderr)
    assert not (home / "fireside.db").exists()
