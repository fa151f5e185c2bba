"""The top-level Python API: every public name resolves, and importing it stays light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import fireside


def test_every_public_name_resolves() -> None:
    for name in fireside.__all__:
        assert getattr(fireside, name) is not None, name
    assert fireside.search_practices.__name__ == "search"


def loaded_after(statement: str, modules: tuple[str, ...]) -> list[str]:
    """Which of ``modules`` a fresh interpreter has loaded after running ``statement``."""
    code = f"import sys; {statement}; print(','.join(m for m in {modules!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return [m for m in result.stdout.strip().split(",") if m]


def test_importing_fireside_loads_neither_the_coach_nor_the_store() -> None:
    heavy = ("fireside.coach", "fireside.store", "sqlalchemy", "polars")
    assert loaded_after("import fireside", heavy) == []


def test_the_cli_loads_the_coach_and_the_catalogue_only_for_their_commands() -> None:
    heavy = ("fireside.coach", "fireside.practices", "polars")
    assert loaded_after("import fireside.cli", heavy) == []
    assert loaded_after("import fireside.store", heavy) == []


def test_the_cli_loads_the_store_and_pydantic_models_only_when_a_command_needs_them(
    tmp_path: Path,
) -> None:
    heavy = ("sqlalchemy", "alembic", "fireside.store", "fireside.profile")
    assert loaded_after("import fireside.cli", heavy) == []
    export = tmp_path / "chat.txt"
    export.write_text("31/12/2023, 21:07 - Maya: hi\n31/12/2023, 21:08 - Sam: hey\n")
    home = tmp_path / "home"
    run = (
        f"import os; os.environ['FIRESIDE_HOME'] = {str(home)!r}; "
        "from fireside.cli import app; "
        "from typer.testing import CliRunner; "
        f"assert CliRunner().invoke(app, ['parse', {str(export)!r}, '--tz', 'UTC']).exit_code == 0"
    )
    assert loaded_after(run, heavy) == []  # nothing to read before the first import
    assert not home.joinpath("fireside.db").exists()
