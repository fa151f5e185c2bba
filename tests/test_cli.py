"""The command line as a person uses it: output, JSON, help, and every error path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from fireside.cli import app
from fireside.errors import ExitCode

EXPERT_OF = {
    **{f"P{n:02d}": "Anita Gadhia-Smith" for n in range(1, 5)},
    **{f"P{n:02d}": "Michelle Henderson" for n in range(5, 9)},
    **{f"P{n:02d}": "Ileana Hinojosa" for n in range(9, 18)},
    **{f"P{n:02d}": "Ashley Davene" for n in range(18, 24)},
    "P24": "Sally LeBoy",
    **{f"P{n:02d}": "Amy Sherman" for n in range(25, 30)},
    **{f"P{n:02d}": "Natalie Garcia" for n in range(30, 37)},
}


def run(runner: CliRunner, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_practices_json_lists_all_36_credited(runner: CliRunner) -> None:
    code, out, _ = run(runner, "practices", "--json")
    assert code == 0
    practices = json.loads(out)
    assert [p["id"] for p in practices] == list(EXPERT_OF)
    assert {p["id"]: p["expert"] for p in practices} == EXPERT_OF
    for practice in practices:
        assert {"title", "credentials", "seed", "summary", "try", "avoid", "tags"} <= set(practice)


@pytest.mark.parametrize(
    "query, first", [("jealous", {"P24", "P18"}), ("text him", {"P08", "P07"})]
)
def test_practices_search_puts_sensible_practices_first(
    runner: CliRunner, query: str, first: set[str]
) -> None:
    code, out, _ = run(runner, "practices", query, "--json")
    assert code == 0
    ids = [p["id"] for p in json.loads(out)]
    assert set(ids[:2]) == first


def test_practices_table_and_filters(runner: CliRunner) -> None:
    code, out, _ = run(runner, "practices", "--tag", "humour")
    assert code == 0 and "P12" in out and "P01" not in out
    code, out, _ = run(runner, "practices", "--expert", "leboy", "--json")
    assert [p["id"] for p in json.loads(out)] == ["P24"]
    code, out, _ = run(runner, "practices", "zzzz")
    assert code == 0 and "No practice matches" in out


def test_practice_card_follows_profile_pronouns(runner: CliRunner) -> None:
    code, out, _ = run(runner, "practice", "p14")
    assert code == 0 and "P14" in out and "him" in out and "Ileana Hinojosa" in out
    run(runner, "profile", "set", "partner-pronouns", "she")
    code, out, _ = run(runner, "practice", "P14", "--json")
    assert code == 0 and " her " in json.loads(out)["summary"]


def test_init_with_flags_then_profile_json(runner: CliRunner) -> None:
    code, out, _ = run(
        runner,
        "init",
        "--no-interactive",
        "--me",
        "Maya",
        "--me",
        "Maya R",
        "--partner",
        "Sam",
        "--pronouns",
        "they",
        "--workdays",
        "tue-sat",
        "--work-end",
        "6pm",
        "--commute",
        "40",
        "--bedtime",
        "23:30",
        "--tz",
        "Europe/London",
    )
    assert code == 0, out
    code, out, _ = run(runner, "profile", "--json")
    profile = json.loads(out)
    assert profile == {
        "my_names": ["Maya", "Maya R"],
        "partner_name": "Sam",
        "partner_pronouns": "they",
        "workdays": ["tue", "wed", "thu", "fri", "sat"],
        "work_end": "18:00",
        "commute_minutes": 40,
        "bedtime": "23:30",
        "timezone": "Europe/London",
        "keep_partner_text": False,
        "saved": True,
    }


def test_init_asks_and_re_asks_after_a_bad_answer(runner: CliRunner) -> None:
    answers = "Maya\nSam\nhe\nmon-fri\nlater\n17:00\n30\n23:00\nEurope/Paris\n"
    code, out, _ = run(runner, "init", "--interactive", input=answers)
    assert code == 0, out
    assert "work-end: 'later' is not a valid value" in out
    code, out, _ = run(runner, "profile", "--json")
    assert json.loads(out)["work_end"] == "17:00"
    assert json.loads(out)["timezone"] == "Europe/Paris"


def test_profile_set_and_show(runner: CliRunner) -> None:
    code, out, _ = run(runner, "profile", "set", "commute-minutes", "55")
    assert code == 0 and "commute-minutes = 55" in out
    code, out, _ = run(runner, "profile")
    assert code == 0 and "55" in out


def test_export_and_erase(runner: CliRunner, tmp_path: Path) -> None:
    run(runner, "profile", "set", "partner-name", "Sam")
    target = tmp_path / "all.json"
    code, _, _ = run(runner, "export", str(target))
    assert code == 0
    assert json.loads(target.read_text())["tables"]["profile"][0]["partner_name"] == "Sam"
    assert target.stat().st_mode & 0o077 == 0
    code, out, _ = run(runner, "erase", input="no\n")
    assert code == 1 and "Nothing was erased" in out
    code, out, _ = run(runner, "erase", "--yes")
    assert code == 0 and "Erased 1 row" in out
    code, out, _ = run(runner, "export", "-")
    assert json.loads(out)["tables"]["profile"] == []


def test_info_json(runner: CliRunner, fireside_home: Path) -> None:
    code, out, _ = run(runner, "info", "--json")
    assert code == 0
    info = json.loads(out)
    assert info["data_dir"] == str(fireside_home)
    journal = ("activity", "gesture", "his_world", "strength", "reveal", "talk", "checkin")
    assert info["rows"] == {
        "profile": 0,
        "chat_import": 0,
        "message": 0,
        **{f"journal_{kind}": 0 for kind in journal},
        "journal_counter": 0,
        "plan_offer": 0,
    }


def test_demo_runs_without_touching_the_users_data(runner: CliRunner, fireside_home: Path) -> None:
    code, out, _ = run(runner, "demo")
    assert code == 0, out
    assert "36 practices from 7 experts" in out and "Keep it about you" in out
    assert "The message coach" in out and "I miss you." in out
    assert "Read 6,000 messages" in out and "words were not stored" in out
    assert "The rhythm of that chat" in out and "Space:" in out
    assert not (fireside_home / "fireside.db").exists()


# ---------------------------------------------------------------- errors and exit codes


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["practice", "P99"], ExitCode.NOT_FOUND, "There is no practice 'P99'."),
        (
            ["practices", "--tag", "cats"],
            ExitCode.INVALID_INPUT,
            "--tag: 'cats' is not a valid value.",
        ),
        (["practices", "--expert", "Freud"], ExitCode.NOT_FOUND, "'Freud' matches no expert."),
        (
            ["profile", "set", "partner-pronouns", "it"],
            ExitCode.INVALID_INPUT,
            "partner-pronouns: 'it' is not a valid value.",
        ),
        (
            ["profile", "set", "timezone", "Mars/Base"],
            ExitCode.INVALID_INPUT,
            "timezone: 'Mars/Base'",
        ),
        (["profile", "set", "shoe-size", "9"], ExitCode.INVALID_INPUT, "profile key: 'shoe-size'"),
        (
            ["init", "--no-interactive", "--commute", "lots"],
            ExitCode.INVALID_INPUT,
            "commute-minutes",
        ),
        (
            ["--database-url", "nonsense", "profile"],
            ExitCode.STORE,
            "'nonsense' is not a database URL.",
        ),
        (
            ["--database-url", "sqlite:////no/such/folder/x.db", "profile"],
            ExitCode.STORE,
            "the folder /no/such/folder does not exist",
        ),
        (["--database-url", "mysql://u@localhost/x", "profile"], ExitCode.STORE, "driver"),
        (["no-such-command"], ExitCode.USAGE, "No such command"),
        (["practice"], ExitCode.USAGE, "Missing argument"),
    ],
)
def test_every_error_is_one_clear_line_and_a_documented_code(
    runner: CliRunner, args: list[str], code: ExitCode, message: str
) -> None:
    exit_code, out, err = run(runner, *args)
    assert exit_code == code
    assert message in err
    assert "Traceback" not in out + err


def test_settings_file_errors_name_the_file_and_line(fireside_home: Path) -> None:
    fireside_home.mkdir(parents=True, exist_ok=True)
    (fireside_home / "settings.json").write_text('{"web_port": 80,\n oops}')
    from fireside.errors import FiresideError
    from fireside.settings import load_settings

    with pytest.raises(FiresideError, match=r"settings.json: line 2"):
        load_settings()


def test_unexpected_errors_are_one_line_unless_traceback(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("fireside.practices.load_catalogue", boom)
    exit_code, _, err = run(runner, "practice", "P01")
    assert exit_code == ExitCode.INTERNAL
    assert "unexpected problem (RuntimeError: disk on fire)" in err and "--traceback" in err
    result = runner.invoke(app, ["--traceback", "practice", "P01"])
    assert isinstance(result.exception, RuntimeError)


def test_traceback_flag_shows_the_real_fireside_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--traceback", "practice", "P99"])
    assert type(result.exception).__name__ == "NotFoundError"


def test_every_command_has_help(runner: CliRunner) -> None:
    root = get_command(app)
    names = list(root.commands)  # type: ignore[attr-defined]
    assert {"practices", "practice", "init", "profile", "demo", "info", "export", "erase"} <= set(
        names
    )
    for name in names:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert root.commands[name].help, name  # type: ignore[attr-defined]
    assert runner.invoke(app, ["profile", "set", "--help"]).exit_code == 0


def test_python_dash_m_and_console_script(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "fireside", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and result.stdout.startswith("fireside ")
    result = subprocess.run(
        [sys.executable, "-m", "fireside", "practice", "P99"],
        capture_output=True,
        text=True,
        check=False,
        env={"FIRESIDE_HOME": str(tmp_path), "PATH": ""},
    )
    assert result.returncode == ExitCode.NOT_FOUND
    assert result.stderr.startswith("error: There is no practice 'P99'.")
