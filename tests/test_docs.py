"""The docs stay true: every command and option documented, exit codes as implemented."""

from __future__ import annotations

import os
import re
from pathlib import Path

from typer.main import get_command

from fireside.cli import app
from fireside.errors import ExitCode

ROOT = Path(__file__).resolve().parents[1]
CLI_DOC = (ROOT / "docs" / "cli.md").read_text()


def _commands() -> dict[str, object]:
    root = get_command(app)
    found: dict[str, object] = {}
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        found[name] = command
        for sub_name, sub in getattr(command, "commands", {}).items():
            found[f"{name} {sub_name}"] = sub
    return found


def test_every_command_has_a_section_in_cli_md() -> None:
    for name in _commands():
        assert f"### fireside {name}\n" in CLI_DOC, name


def test_every_option_is_mentioned_in_its_section() -> None:
    sections = dict(re.findall(r"### fireside (.+?)\n(.*?)(?=\n### |\Z)", CLI_DOC, re.S))
    for name, command in _commands().items():
        for param in command.params:  # type: ignore[attr-defined]
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert opt in sections[name], (name, opt)


def test_exit_code_table_matches_the_code() -> None:
    documented = {int(code) for code in re.findall(r"^\| (\d+) \|", CLI_DOC, re.M)}
    assert documented == {int(code) for code in ExitCode}


def test_readme_quickstart_is_the_two_scripts_and_ci_runs_the_test_one() -> None:
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## Quickstart", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["./scripts/start", "./scripts/test"]  # issue 12, section 7
    assert os.access(ROOT / "scripts" / "start", os.X_OK)
    assert "./scripts/test" in (ROOT / ".ci" / "run").read_text()
