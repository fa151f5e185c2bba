"""The top-level Python API: every public name resolves, and importing it stays light."""

from __future__ import annotations

import subprocess
import sys

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
