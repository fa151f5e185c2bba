"""The top-level Python API: every public name resolves, and importing it stays light."""

from __future__ import annotations

import subprocess
import sys

import fireside


def test_every_public_name_resolves() -> None:
    for name in fireside.__all__:
        assert getattr(fireside, name) is not None, name
    assert fireside.search_practices.__name__ == "search"


def test_importing_fireside_loads_neither_the_coach_nor_the_store() -> None:
    code = (
        "import sys, fireside; "
        "print(sorted(m for m in ('fireside.coach', 'fireside.store', 'sqlalchemy', 'polars') "
        "if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"


def test_the_cli_loads_the_coach_and_the_catalogue_only_for_their_commands() -> None:
    code = (
        "import sys, fireside.cli; "
        "print(sorted(m for m in ('fireside.coach', 'fireside.practices', 'polars') "
        "if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"
